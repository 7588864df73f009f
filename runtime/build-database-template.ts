import { buildDatabaseTemplate } from './database-template.ts';

// Run by npm install (postinstall): prepares the data directory new embedded databases start from. A
// failure only costs the first start a few seconds, so it never fails the install.
try {
  const started = performance.now();
  await buildDatabaseTemplate();
  console.log(`whereabouts: embedded database template ready (${((performance.now() - started) / 1000).toFixed(1)} s)`);
} catch (error) {
  console.warn(`whereabouts: no embedded database template (${(error as Error).message}); the first start will take a few seconds longer`);
}
