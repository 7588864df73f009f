import { expect } from 'chai';
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { createEmptyDatabase, testDatabaseKind } from '../support/database.ts';
import { projectRoot } from '../support/process.ts';
import { openDatabase } from '../../db/database.ts';
import { migrateToLatest } from '../../db/migrator.ts';
import { ensureShop } from '../../db/shops.repository.ts';
import { sandboxTrackingCode } from '../../sandbox/carrier/scenarios.ts';
import { buildOrder, buildShipment } from '../support/factories.ts';
import { carrierEnv, startCarrier } from '../support/tracking.ts';

const run = promisify(execFile);

async function cli(args: string[], env: Record<string, string>) {
  try {
    const { stdout, stderr } = await run(process.execPath, ['runtime/cli.ts', ...args], {
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

  it(`poll --due checks every due shipment with the carrier and exits (${testDatabaseKind})`, async () => {
    const carrier = await startCarrier();
    const database = testDatabaseKind === 'postgres' ? await createEmptyDatabase() : undefined;
    const env: Record<string, string> = { DATA_DIR: dataDir, ...carrierEnv(carrier) };
    if (database?.kind === 'postgres') env.DATABASE_URL = database.connectionString;
    const open = () => openDatabase({ DATABASE_URL: env.DATABASE_URL, DATABASE_POOL_SIZE: 2, DATA_DIR: dataDir });
    try {
      const seeding = await open();
      await migrateToLatest(seeding.db);
      const shop = await ensureShop(seeding.db, 'cli-shop.myshopify.com', 'CLI');
      for (let i = 0; i < 12; i++) {
        const order = await buildOrder(seeding.db, shop.id);
        await buildShipment(seeding.db, order, { tracking_code: sandboxTrackingCode('delivered', 4200 + i), next_check_at: i < 10 ? new Date() : new Date(Date.now() + 86_400_000) });
      }
      await seeding.close();

      const result = await cli(['poll', '--due'], env);
      expect(result.code, result.out).to.equal(0);
      expect(result.out).to.match(/checked 10, failed 0/);

      const after = await open();
      const checks = await after.db.selectFrom('shipments').select('checks').execute();
      await after.close();
      expect(checks.map((c) => c.checks).sort()).to.deep.equal([0, 0, ...Array(10).fill(1)]);
      expect(carrier.stats().trackersCreated).to.equal(10);
    } finally {
      await carrier.close();
      await database?.close();
    }
  });

  it('poll --due refuses to run without an EasyPost key', async () => {
    const result = await cli(['poll', '--due'], { DATA_DIR: dataDir });
    expect(result.code).to.equal(2);
    expect(result.out).to.match(/EASYPOST_API_KEY/);
  });

  it('explains usage for an unknown command and exits non-zero', async () => {
    const result = await cli(['frobnicate'], { DATA_DIR: dataDir });
    expect(result.code).to.equal(2);
    expect(result.out).to.match(/Unknown command "frobnicate"/);
    expect(result.out).to.match(/migrate/);
  });
});
