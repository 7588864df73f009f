import { expect } from 'chai';
import { countReceipts } from '../../db/webhook-receipts.repository.ts';
import { jobs } from '../../jobs/registry.ts';
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
});
