import { readFileSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { projectRoot } from './process.ts';

// Recorded EasyPost and Shopify data kept in the repository: EasyPost's beside the sandbox carrier that
// replays it, Shopify's REST examples with the tests. Paths are written as `easypost/…` or `shopify/…`.
const roots: Record<string, string> = {
  easypost: path.join(projectRoot, 'sandbox/carrier/recordings'),
  shopify: path.join(projectRoot, 'test/fixtures/shopify'),
};

export function fixturePath(relative: string): string {
  const [provider, ...rest] = relative.split('/');
  const root = roots[provider];
  if (!root) throw new Error(`${relative}: a fixture path starts with easypost/ or shopify/`);
  return path.join(root, ...rest);
}

export function readFixture(relative: string): unknown {
  return JSON.parse(readFileSync(fixturePath(relative), 'utf8'));
}

export function readFixtureBytes(relative: string): Buffer {
  return readFileSync(fixturePath(relative));
}

// Paths (as above) of every JSON file under a fixtures folder, recursively.
export function fixtureFiles(folder: string): string[] {
  const out: string[] = [];
  const walk = (dir: string) => {
    for (const name of readdirSync(fixturePath(dir)).sort()) {
      const rel = `${dir}/${name}`;
      if (statSync(fixturePath(rel)).isDirectory()) walk(rel);
      else if (name.endsWith('.json') && name !== 'MANIFEST.json') out.push(rel);
    }
  };
  walk(folder);
  return out;
}
