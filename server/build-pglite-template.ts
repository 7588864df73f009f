import { buildPgliteTemplate } from './pglite-template.ts';

// Run by npm install (postinstall): prepares the dump new embedded databases start from. A failure
// only costs the first start a few seconds, so it never fails the install.
try {
  const started = performance.now();
  await buildPgliteTemplate();
  console.log(`whereabouts: embedded database template ready (${((performance.now() - started) / 1000).toFixed(1)} s)`);
} catch (error) {
  console.warn(`whereabouts: no embedded database template (${(error as Error).message}); the first start will take a few seconds longer`);
}
