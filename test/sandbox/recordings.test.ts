import { expect } from 'chai';
import { createHash } from 'node:crypto';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { projectRoot } from '../support/process.ts';

// Every recorded file the project replays is kept in the repository with its source and licence.
const manifests = ['sandbox/carrier/recordings', 'test/fixtures/shopify', 'sandbox/shop/schema'];

function filesUnder(dir: string, prefix = ''): string[] {
  return readdirSync(path.join(dir, prefix)).flatMap((name) => {
    const rel = prefix ? `${prefix}/${name}` : name;
    return statSync(path.join(dir, rel)).isDirectory() ? filesUnder(dir, rel) : [rel];
  });
}

describe('recorded provider data', () => {
  for (const folder of manifests) {
    it(`${folder}: every file is listed in its MANIFEST with source, licence and a matching sha256`, () => {
      const dir = path.join(projectRoot, folder);
      const entries = JSON.parse(readFileSync(path.join(dir, 'MANIFEST.json'), 'utf8')) as Array<{ file: string; licence: string; sha256: string; source_repo?: string; source_package?: string }>;
      for (const entry of entries) {
        expect(entry.licence, entry.file).to.match(/^(MIT|ISC)$/);
        expect(entry.source_repo ?? entry.source_package, entry.file).to.be.a('string');
        const digest = createHash('sha256').update(readFileSync(path.join(dir, entry.file))).digest('hex');
        expect(digest, entry.file).to.equal(entry.sha256);
      }
      const recorded = filesUnder(dir).filter((file) => file !== 'MANIFEST.json' && file !== 'README.md');
      expect(recorded.sort()).to.deep.equal(entries.map((entry) => entry.file).sort());
    });
  }
});
