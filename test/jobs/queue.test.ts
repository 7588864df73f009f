import { expect } from 'chai';
import { countReceipts } from '../../db/webhook-receipts.repository.ts';
import { randomUUID } from 'node:crypto';
import { jobs } from '../../jobs/registry.ts';
import { fetchPlan } from '../../jobs/queue.ts';

import { createTestContext, type TestContext } from '../support/context.ts';
import { testDatabaseKind } from '../support/database.ts';
import { buildWebhookReceipt } from '../support/factories.ts';

const DAY_MS = 86_400_000;

async function waitFor(condition: () => Promise<boolean>, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

describe(`job queue (${testDatabaseKind})`, () => {
  let ctx: TestContext;
  beforeEach(async () => {
    ctx = await createTestContext();
  });
  afterEach(async () => {
    await ctx.close();
  });

  it('keeps a job enqueued in a transaction that commits, and drops one whose transaction rolls back', async () => {
    const queue = await ctx.queue();
    let kept: string | null = null;
    await ctx.db.transaction().execute(async (trx) => {
      kept = await queue.enqueue(trx, jobs.pruneWebhookReceipts, { olderThanDays: 5 });
    });
    let dropped: string | null = null;
    await ctx.db
      .transaction()
      .execute(async (trx) => {
        dropped = await queue.enqueue(trx, jobs.pruneWebhookReceipts, { olderThanDays: 6 });
        throw new Error('roll back on purpose');
      })
      .catch(() => {});
    expect(kept).to.be.a('string');
    expect(dropped).to.be.a('string');
    const found = await queue.boss.findJobs(jobs.pruneWebhookReceipts.name);
    const ids = found.map((j) => j.id);
    expect(ids).to.include(kept);
    expect(ids).not.to.include(dropped);
  });

  it('refuses a payload that does not match the job schema', async () => {
    const queue = await ctx.queue();
    let error: unknown;
    try {
      await queue.enqueue(ctx.db, jobs.pruneWebhookReceipts, { olderThanDays: -1 });
    } catch (e) {
      error = e;
    }
    expect(error).to.be.instanceOf(Error);
  });

  it('runs the housekeeping job end to end: old webhook receipts are pruned by a worker', async () => {
    const now = Date.now();
    await buildWebhookReceipt(ctx.db, ctx.shop.id, new Date(now - 40 * DAY_MS));
    await buildWebhookReceipt(ctx.db, ctx.shop.id, new Date(now - 31 * DAY_MS));
    await buildWebhookReceipt(ctx.db, ctx.shop.id, new Date(now - 2 * DAY_MS));
    const queue = await ctx.startWorkers();
    await ctx.db.transaction().execute((trx) => queue.enqueue(trx, jobs.pruneWebhookReceipts, {}));
    await waitFor(async () => (await countReceipts(ctx.db, ctx.shop.id)) === 1);
    const schedules = await queue.boss.getSchedules(jobs.pruneWebhookReceipts.name);
    expect(schedules.map((s) => s.cron)).to.deep.equal([jobs.pruneWebhookReceipts.schedule!.cron]);
  });

  it('wakes its workers when a job is sent and works through a backlog without waiting out the polling interval', async () => {
    await ctx.close();
    // A poll every minute: only the wake-up and back-to-back fetches can finish this in time.
    ctx = await createTestContext({ JOB_POLL_INTERVAL_SECONDS: '60' });
    const queue = await ctx.startWorkers();
    const done = async () => (await queue.boss.findJobs(jobs.applyTrackerWebhook.name)).filter((j) => j.state === 'completed').length;
    // Receipts that do not exist: each job finds nothing to apply and completes at once.
    await ctx.db.transaction().execute((trx) => queue.enqueue(trx, jobs.applyTrackerWebhook, { receiptId: randomUUID() }));
    await waitFor(async () => (await done()) === 1, 10_000);
    await ctx.db.transaction().execute((trx) =>
      queue.enqueueMany(trx, jobs.applyTrackerWebhook, Array.from({ length: 40 }, () => ({ data: { receiptId: randomUUID() } }))),
    );
    await waitFor(async () => (await done()) === 41, 20_000);
  });
});

describe('how a worker fetches', () => {
  it('fetches batches of at least two, so a busy queue is fetched again at once, and keeps to the concurrency', () => {
    expect(fetchPlan(1, false)).to.deep.equal({ loops: 1, batchSize: 2, inOrder: true });
    expect(fetchPlan(2, false)).to.deep.equal({ loops: 1, batchSize: 2, inOrder: false });
    expect(fetchPlan(4, false)).to.deep.equal({ loops: 2, batchSize: 2, inOrder: false });
    expect(fetchPlan(32, false)).to.deep.equal({ loops: 4, batchSize: 8, inOrder: false });
    expect(fetchPlan(1, true)).to.deep.equal({ loops: 1, batchSize: 8, inOrder: true });
  });
});
