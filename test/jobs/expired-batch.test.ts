import { expect } from 'chai';
import { z } from 'zod';
import { defineJob } from '../../jobs/job.ts';
import { JobQueue } from '../../jobs/queue.ts';
import { createTestContext, type TestContext } from '../support/context.ts';
import { testDatabaseKind } from '../support/database.ts';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

// A batch run in order that outlives its expiry: pg-boss fails the whole batch (and would retry it),
// so the jobs not yet started must stay unstarted, or they would run twice.
describe(`a batch run in order past its expiry (${testDatabaseKind})`, function () {
  this.timeout(30_000);
  let ctx: TestContext;
  let queue: JobQueue | undefined;
  beforeEach(async () => {
    ctx = await createTestContext();
  });
  afterEach(async () => {
    await queue?.stop(1000);
    await ctx.close();
  });

  it('runs the job in flight to its end and starts none of the rest', async () => {
    const started: number[] = [];
    const slowInOrder = defineJob({
      name: 'test-slow-in-order',
      payload: z.object({ n: z.number() }),
      queue: { retryLimit: 0, expireInSeconds: 2 },
      work: () => ({ concurrency: 1, sequential: true }),
      async run({ n }) {
        started.push(n);
        await sleep(1500);
      },
    });
    queue = new JobQueue(ctx.handle, ctx.config, ctx.logger, { worker: true, jobs: [slowInOrder] });
    await queue.start();
    await queue.enqueueMany(ctx.db, slowInOrder, [1, 2, 3].map((n) => ({ data: { n } })));
    await queue.startWorkers({ db: ctx.db, config: ctx.config, logger: ctx.logger, shopId: ctx.shop.id, carrier: undefined, shopify: undefined, mailer: undefined });

    // One batch of three, in no set order: the first ends at 1.5 s, the second is in flight when the
    // batch expires at 2 s, and the third is never started.
    await sleep(4500);
    expect(started).to.have.length(2);
  });
});
