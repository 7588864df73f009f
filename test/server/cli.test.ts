import { expect } from 'chai';
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { createEmptyDatabase, testDatabaseKind } from '../support/database.ts';
import { projectRoot } from '../support/process.ts';

const run = promisify(execFile);

async function cli(args: string[], env: Record<string, string>) {
  try {
    const { stdout, stderr } = await run(process.execPath, ['server/cli.ts', ...args], {
      cwd: projectRoot,
      env: { PATH: process.env.PATH ?? '', LOG_LEVEL: 'silent', ...env },
    });
    return { code: 0, out: stdout + stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, out: e.stdout + e.stderr };
  }
}

describe('operator CLI', function () {
  this.timeout(60_000);
  let dataDir: string;
  beforeEach(() => {
    dataDir = mkdtempSync(path.join(tmpdir(), 'whereabouts-cli-'));
  });
  afterEach(() => rmSync(dataDir, { recursive: true, force: true }));

  it(`migrate applies pending migrations once, then has nothing to do (${testDatabaseKind})`, async () => {
    const database = testDatabaseKind === 'postgres' ? await createEmptyDatabase() : undefined;
    const env: Record<string, string> = { DATA_DIR: dataDir };
    if (database?.kind === 'postgres') env.DATABASE_URL = database.connectionString;
    try {
      const first = await cli(['migrate'], env);
      expect(first.code).to.equal(0);
      expect(first.out).to.match(/applied: \d+_create_domain_schema/);
      const second = await cli(['migrate'], env);
      expect(second.out).to.match(/nothing to apply/);
    } finally {
      await database?.close();
    }
  });

  it('explains usage for an unknown command and exits non-zero', async () => {
    const result = await cli(['frobnicate'], { DATA_DIR: dataDir });
    expect(result.code).to.equal(2);
    expect(result.out).to.match(/Unknown command "frobnicate"/);
    expect(result.out).to.match(/migrate/);
  });
});
