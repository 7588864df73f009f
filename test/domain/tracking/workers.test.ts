import { expect } from 'chai';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { DatabaseHandle } from '../../../db/database.ts';
import { ensureShop } from '../../../db/shops.repository.ts';
import { sandboxTrackingCode } from '../../../sandbox/carrier/scenarios.ts';
import type { SandboxCarrier } from '../../../sandbox/carrier/server.ts';
import { DEMO_SHOP_DOMAIN } from '../../../server/shop.ts';
import { createTestDatabase } from '../../support/database.ts';
import { startProcess, type ServiceProcess } from '../../support/process.ts';
import { carrierEnv, startCarrier } from '../../support/tracking.ts';
import { waitFor } from '../../support/wait.ts';

const SHIPMENTS = 500;

// Several worker processes on one PostgreSQL share the checks; a worker killed mid-run loses nothing.
describe('worker processes on PostgreSQL', function () {
  this.timeout(180_000);
  // Two worker processes on a loaded two-core machine: a run that fails is run once more, from a fresh
  // database, before it counts as a failure (the first failure's output is in the log).
  this.retries(1);
  let database: DatabaseHandle;
  let carrier: SandboxCarrier;
  let dataDir: string;
  let processes: ServiceProcess[] = [];

  beforeEach(async () => {
    database = await createTestDatabase();
    carrier = await startCarrier({ latencyMs: 20 });
    dataDir = mkdtempSync(path.join(tmpdir(), 'whereabouts-workers-'));
    processes = [];
  });
  afterEach(async function () {
    if (this.currentTest?.state === 'failed') for (const p of processes) console.error(`worker output:\n${p.output()}`);
    for (const p of processes) p.child.kill('SIGKILL');
    await carrier.close();
    await database.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('checks each of 500 due shipments exactly once with two workers, one of them killed mid-run', async () => {
    if (database.kind !== 'postgres') throw new Error('expected PostgreSQL');
    const shop = await ensureShop(database.db, DEMO_SHOP_DOMAIN, 'Demo');
    const now = new Date();
    const orders = await database.db
      .insertInto('orders')
      .values(Array.from({ length: SHIPMENTS }, (_, i) => ({ shop_id: shop.id, shopify_id: String(5_000_000 + i), name: `#${5000 + i}` })))
      .returning('id')
      .execute();
    await database.db
      .insertInto('shipments')
      .values(orders.map((o, i) => ({ shop_id: shop.id, order_id: o.id, tracking_code: sandboxTrackingCode('delivered', 9000 + i), next_check_at: now })))
      .execute();

    const env = {
      ...carrierEnv(carrier),
      DATABASE_URL: database.connectionString,
      DATA_DIR: dataDir,
      LOG_LEVEL: 'warn',
      POLL_CONCURRENCY: '8',
      DISPATCH_INTERVAL_SECONDS: '1',
      JOB_POLL_INTERVAL_SECONDS: '0.5',
      JOB_SUPERVISE_INTERVAL_SECONDS: '1',
      POLL_JOB_TIMEOUT_SECONDS: '5',
      CHECK_LEASE_SECONDS: '15',
    };
    const checked = async () => {
      const row = await database.db.selectFrom('shipments').select((eb) => eb.fn.countAll<number>().as('n')).where('checks', '>', 0).executeTakeFirstOrThrow();
      return Number(row.n);
    };
    const [first, second] = [startProcess('worker', env), startProcess('worker', env)];
    processes.push(first, second);
    await waitFor(async () => (await checked()) >= 100, 60_000, 20);
    expect(first.child.exitCode, `the first worker stopped before it was killed:\n${first.output()}`).to.equal(null);
    first.child.kill('SIGKILL');
    expect(await first.exited, first.output()).to.equal(null);
    const atKill = await checked();
    expect(atKill).to.be.below(SHIPMENTS);

    await waitFor(async () => (await checked()) === SHIPMENTS, 120_000, 200);
    const rows = await database.db.selectFrom('shipments').select(['checks', 'tracker_id', 'next_check_at', 'status']).execute();
    expect(rows).to.have.length(SHIPMENTS);
    expect(rows.filter((r) => r.checks !== 1)).to.deep.equal([]);
    expect(rows.every((r) => r.tracker_id && r.next_check_at && r.next_check_at > now)).to.equal(true);
    expect(carrier.stats().trackersCreated).to.equal(SHIPMENTS);
    expect(second.child.exitCode).to.equal(null);
    second.child.kill('SIGTERM');
    expect(await second.exited).to.equal(0);
  });
});
