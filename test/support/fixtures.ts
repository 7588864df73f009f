import { readFileSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { projectRoot } from './process.ts';

// The recorded EasyPost and Shopify data shared beside the project.
export const fixturesDir = path.resolve(projectRoot, '../shared/fixtures');

export function readFixture(relative: string): unknown {
  return JSON.parse(readFileSync(path.join(fixturesDir, relative), 'utf8'));
}

export function readFixtureBytes(relative: string): Buffer {
  return readFileSync(path.join(fixturesDir, relative));
}

// Relative paths of every JSON file under a fixtures folder, recursively.
export function fixtureFiles(folder: string): string[] {
  const out: string[] = [];
  const walk = (dir: string) => {
    for (const name of readdirSync(path.join(fixturesDir, dir)).sort()) {
      const rel = path.join(dir, name);
      if (statSync(path.join(fixturesDir, rel)).isDirectory()) walk(rel);
      else if (name.endsWith('.json')) out.push(rel);
    }
  };
  walk(folder);
  return out;
}
