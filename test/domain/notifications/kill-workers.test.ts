import { expect } from 'chai';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { DatabaseHandle } from '../../../db/database.ts';
import { ensureShop } from '../../../db/shops.repository.ts';
import { openJobQueue } from '../../../jobs/worker.ts';
import { jobs } from '../../../jobs/registry.ts';
import { DEMO_SHOP_DOMAIN } from '../../../server/shop.ts';
import { testConfig } from '../../support/context.ts';
import { createLogger } from '../../../core/logger.ts';
import { createTestDatabase } from '../../support/database.ts';
import { seedDeliveredNotifications } from '../../support/notifications.ts';
import { startProcess, type ServiceProcess } from '../../support/process.ts';
import { startSmtpSink, type SmtpSink } from '../../support/smtp-sink.ts';
import { waitFor } from '../../support/wait.ts';

const EMAILS = 500;
const KILLS = 3;

// Worker processes killed with SIGKILL at random points while sending: every email still goes out, and
// duplicates (sent, then killed before being marked) number at most the kills.
describe('email workers killed mid-run', function () {
  this.timeout(240_000);
  let database: DatabaseHandle;
  let sink: SmtpSink;
  let dataDir: string;
  const processes: ServiceProcess[] = [];

  before(async () => {
    database = await createTestDatabase();
    sink = await startSmtpSink();
    dataDir = mkdtempSync(path.join(tmpdir(), 'whereabouts-mail-'));
  });
  after(async () => {
    for (const p of processes) p.child.kill('SIGKILL');
    await sink.close();
    await database.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it(`sends all ${EMAILS} emails across ${KILLS} kills with at most ${KILLS} duplicates`, async () => {
    if (database.kind !== 'postgres') throw new Error('expected PostgreSQL');
    const shop = await ensureShop(database.db, DEMO_SHOP_DOMAIN, 'Demo');
    const ids = await seedDeliveredNotifications({ db: database.db, shop }, EMAILS);
    const config = testConfig({ DATABASE_URL: database.connectionString });
    const queue = openJobQueue(database, config, createLogger(config), { worker: false });
    await queue.start();
    await queue.enqueueMany(database.db, jobs.sendNotification, ids.map((notificationId) => ({ data: { notificationId }, expireInSeconds: 8 })));
    await queue.stop(1000);

    const env = {
      DATABASE_URL: database.connectionString,
      DATA_DIR: dataDir,
      SMTP_URL: sink.url,
      LOG_LEVEL: 'warn',
      JOB_POLL_INTERVAL_SECONDS: '0.5',
      JOB_SUPERVISE_INTERVAL_SECONDS: '1',
      SECRET_KEY: 'k'.repeat(40),
    };
    const sent = async () => (await database.db.selectFrom('notifications').select('id').where('state', '=', 'sent').execute()).length;
    let worker = startProcess('worker', env);
    processes.push(worker);
    for (let kill = 0; kill < KILLS; kill++) {
      const target = Math.floor(((kill + 1) * EMAILS) / (KILLS + 2)) + Math.floor(Math.random() * 40);
      await waitFor(async () => (await sent()) >= target, 90_000, 10);
      worker.child.kill('SIGKILL');
      await worker.exited;
      worker = startProcess('worker', env);
      processes.push(worker);
    }
    await waitFor(async () => (await sent()) === EMAILS, 150_000, 250);

    const copies = new Map<string, number>();
    for (const m of sink.received) copies.set(m.parsed.messageId ?? '', (copies.get(m.parsed.messageId ?? '') ?? 0) + 1);
    expect(copies.size).to.equal(EMAILS);
    const duplicates = sink.received.length - EMAILS;
    expect(duplicates).to.be.at.most(KILLS);
    worker.child.kill('SIGTERM');
    expect(await worker.exited).to.equal(0);
  });
});
