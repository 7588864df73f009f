import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { configurationDoc, configurationPage, root } from './configuration-doc.ts';

// `npm run docs:config`: writes docs/configuration.md from core/config.ts and .env.example, or lists
// where the two disagree and writes nothing.
const { text, problems } = configurationDoc();
if (problems.length > 0) {
  console.error(`${configurationPage} not written: core/config.ts and .env.example disagree.\n${problems.map((p) => `  - ${p}`).join('\n')}`);
  process.exit(1);
}
writeFileSync(join(root, configurationPage), text);
console.log(`wrote ${configurationPage}`);
