import { expect } from 'chai';
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { openDatabase } from '../../../db/database.ts';
import { migrateToLatest } from '../../../db/migrator.ts';
import { createEmptyDatabase, testDatabaseKind } from '../../support/database.ts';
import { projectRoot } from '../../support/process.ts';
import { shopEnv, startShop } from '../../support/shopify.ts';

const run = promisify(execFile);

describe('npm run cli -- sync with payment disputes', function () {
  this.timeout(60_000);
  let dataDir: string;
  beforeEach(() => {
    dataDir = mkdtempSync(path.join(tmpdir(), 'whereabouts-cli-'));
  });
  afterEach(() => rmSync(dataDir, { recursive: true, force: true }));

  it(`reads the orders, then opens a case for each product-not-received dispute, once (${testDatabaseKind})`, async () => {
    const shop = await startShop({ shopDomain: 'cli-disputes.myshopify.com' });
    const database = testDatabaseKind === 'postgres' ? await createEmptyDatabase() : undefined;
    const env: Record<string, string> = { PATH: process.env.PATH ?? '', LOG_LEVEL: 'silent', DATA_DIR: dataDir, SUPPORT_EMAIL: 'support@shop.example', ...shopEnv(shop) };
    if (database?.kind === 'postgres') env.DATABASE_URL = database.connectionString;
    const open = () => openDatabase({ DATABASE_URL: env.DATABASE_URL, DATABASE_POOL_SIZE: 2, DATA_DIR: dataDir });
    const sync = () => run(process.execPath, ['runtime/cli.ts', 'sync', '--since', '1d'], { cwd: projectRoot, env });
    try {
      const seeding = await open();
      await migrateToLatest(seeding.db);
      await seeding.close();
      const order = shop.createOrder();
      shop.createFulfillment(order.id, { trackingNumbers: ['1Z999AA10000002001'], company: 'UPS' });
      shop.createDispute(order.id, { reason: 'PRODUCT_NOT_RECEIVED' });
      shop.createDispute(order.id, { reason: 'FRAUDULENT' });

      const first = await sync();
      expect(first.stdout).to.match(/synced 1 orders/);
      expect(first.stdout).to.match(/synced 2 payment disputes: 1 new not-received cases, 0 updated, 1 for other reasons/);
      const second = await sync();
      expect(second.stdout).to.match(/0 new not-received cases/);

      const after = await open();
      const cases = await after.db.selectFrom('disputes').selectAll().execute();
      const alerts = await after.db.selectFrom('notifications').select('kind').where('kind', '=', 'alert:payment_dispute').execute();
      await after.close();
      expect(cases.map((c) => [c.source, c.payment_reason, c.delivered_when_opened])).to.deep.equal([['payment', 'PRODUCT_NOT_RECEIVED', false]]);
      expect(alerts).to.have.length(1);
    } finally {
      await shop.close();
      await database?.close();
    }
  });
});
