import { expect } from 'chai';
import { sql } from 'kysely';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { DatabaseHandle } from '../../db/database.ts';
import { ensureShop } from '../../db/shops.repository.ts';
import { openJobQueue } from '../../jobs/worker.ts';
import { jobs } from '../../jobs/registry.ts';
import { DEMO_SHOP_DOMAIN } from '../../server/shop.ts';
import { createLogger } from '../../core/logger.ts';
import { testConfig } from '../support/context.ts';
import { createTestDatabase } from '../support/database.ts';
import { seedDeliveredNotifications } from '../support/notifications.ts';
import { startProcess, type ServiceProcess } from '../support/process.ts';
import { startSmtpSink, type SmtpSink } from '../support/smtp-sink.ts';
import { waitFor } from '../support/wait.ts';

const EMAILS = 160;
// A missed heartbeat (10 s), the supervisor's default interval (10 s), the first retry delay (5 to
// 10 s) and a poll (2 s): about 32 s at worst, where expiry alone took over two minutes.
const RECOVERY_BOUND_MS = 40_000;

// Two workers with the production queue policies and settings; one is killed with SIGKILL while it
// holds a batch of emails. The other sends that batch within the bound, and every email goes out.
describe('a worker killed while holding jobs', function () {
  this.timeout(180_000);
  let database: DatabaseHandle;
  let sink: SmtpSink;
  let dataDir: string;
  const processes: ServiceProcess[] = [];

  before(async () => {
    database = await createTestDatabase();
    // A busy server: each message takes a while to accept, so a worker always holds some.
    sink = await startSmtpSink({ acceptDelayMs: 100 });
    dataDir = mkdtempSync(path.join(tmpdir(), 'whereabouts-dead-worker-'));
  });
  after(async function () {
    if (this.currentTest?.state === 'failed') for (const p of processes) console.error(`worker output:\n${p.output()}`);
    for (const p of processes) p.child.kill('SIGKILL');
    await sink.close();
    await database.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it(`hands the dead worker's jobs to the other within ${RECOVERY_BOUND_MS / 1000} s, losing none`, async () => {
    const shop = await ensureShop(database.db, DEMO_SHOP_DOMAIN, 'Demo');
    const ids = await seedDeliveredNotifications({ db: database.db, shop }, EMAILS);
    const config = testConfig({ DATABASE_URL: database.connectionString });
    const queue = openJobQueue(database, config, createLogger(config), { worker: false });
    await queue.start();
    await queue.enqueueMany(database.db, jobs.sendNotification, ids.map((notificationId) => ({ data: { notificationId } })));
    await queue.stop(1000);

    const env = { DATABASE_URL: database.connectionString, DATA_DIR: dataDir, SMTP_URL: sink.url, LOG_LEVEL: 'warn', SECRET_KEY: 'k'.repeat(40) };
    const pending = async (among?: string[]) => {
      let query = database.db.selectFrom('notifications').select('id').where('state', '=', 'pending');
      if (among) query = query.where('id', 'in', among);
      return (await query.execute()).length;
    };
    const [doomed, survivor] = [startProcess('worker', env), startProcess('worker', env)];
    processes.push(doomed, survivor);
    await waitFor(async () => (await pending()) <= EMAILS - 30, 60_000, 20);

    doomed.child.kill('SIGKILL');
    const killedAt = Date.now();
    expect(await doomed.exited).to.equal(null);
    const { rows: [{ now: killedOnServer }] } = await sql<{ now: Date }>`select now()`.execute(database.db);
    // A live worker touches what it holds every 3 s: past that, jobs still untouched since the kill
    // are the dead worker's, and none of them can have been failed yet (10 s).
    await new Promise((resolve) => setTimeout(resolve, 4000));
    const { rows } = await sql<{ notificationId: string }>`
      select data->>'notificationId' as "notificationId" from pgboss.job
      where name = ${jobs.sendNotification.name} and state = 'active' and heartbeat_on <= ${killedOnServer}`.execute(database.db);
    const held = rows.map((r) => r.notificationId);
    expect(held, 'the killed worker held no jobs').to.not.be.empty;

    await waitFor(async () => (await pending(held)) === 0, 90_000, 100);
    const recoveredMs = Date.now() - killedAt;
    expect(recoveredMs).to.be.below(RECOVERY_BOUND_MS);
    await waitFor(async () => (await pending()) === 0, 60_000, 100);

    const copies = new Set(sink.received.map((m) => m.parsed.messageId));
    expect(copies.size).to.equal(EMAILS);
    // The one email in flight at the kill may have been accepted and not yet marked sent.
    expect(sink.received.length - EMAILS).to.be.at.most(1);
    survivor.child.kill('SIGTERM');
    expect(await survivor.exited).to.equal(0);
  });
});
