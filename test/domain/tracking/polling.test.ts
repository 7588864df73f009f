import { expect } from 'chai';
import { jobs } from '../../../jobs/registry.ts';
import { sandboxTrackingCode } from '../../../sandbox/carrier/scenarios.ts';
import type { SandboxCarrier } from '../../../sandbox/carrier/server.ts';
import { parseTracker } from '../../../domain/tracking/tracker-snapshot.ts';
import { createTestContext, type TestContext } from '../../support/context.ts';
import { testDatabaseKind } from '../../support/database.ts';
import { buildOrder, buildShipment } from '../../support/factories.ts';
import { waitFor } from '../../support/wait.ts';
import { carrierEnv, startCarrier, trackingApi } from '../../support/tracking.ts';

const scenarios = ['delivered', 'late', 'stalled', 'pickup', 'exception', 'return_to_sender', 'never_scanned', 'international'] as const;

describe(`polling through the job queue (${testDatabaseKind})`, function () {
  this.timeout(120_000);
  let carrier: SandboxCarrier;
  let ctx: TestContext;
  let nudger: NodeJS.Timeout | undefined;

  async function seed(count: number, offset: number): Promise<string[]> {
    const ids: string[] = [];
    const now = new Date();
    for (let i = 0; i < count; i++) {
      const order = await buildOrder(ctx.db, ctx.shop.id);
      const code = sandboxTrackingCode(scenarios[i % scenarios.length], offset + i);
      ids.push((await buildShipment(ctx.db, order, { tracking_code: code, next_check_at: now })).id);
    }
    return ids;
  }

  async function startWorkers() {
    const queue = await ctx.startWorkers({ carrier: trackingApi(ctx.config) });
    // Stand-in for the workers' dispatch nudges: ask for a dispatch often.
    nudger = setInterval(() => void queue.enqueue(ctx.db, jobs.dispatchDueChecks, {}).catch(() => {}), 200);
  }

  // Every shipment holds what the carrier says now: the same status and number of events.
  async function allCurrent(): Promise<boolean> {
    const rows = await ctx.db.selectFrom('shipments').select(['tracking_code', 'status', 'event_count', 'checks']).execute();
    return rows.every((row) => {
      const tracker = carrier.trackerByCode(row.tracking_code);
      if (!tracker || row.checks === 0) return false;
      const truth = parseTracker(tracker);
      return truth.status === row.status && truth.events.length === row.event_count;
    });
  }

  beforeEach(async () => {
    carrier = await startCarrier({ latencyMs: 5 });
  });
  afterEach(async () => {
    clearInterval(nudger);
    await ctx.close();
    await carrier.close();
  });

  it('hands every due shipment to a worker and checks each once', async () => {
    ctx = await createTestContext(carrierEnv(carrier, { POLL_CONCURRENCY: '8' }));
    const ids = await seed(60, 100);
    await startWorkers();
    await waitFor(async () => (await ctx.db.selectFrom('shipments').select('checks').where('checks', '=', 0).execute()).length === 0, 60_000);
    const rows = await ctx.db.selectFrom('shipments').select(['id', 'checks', 'next_check_at', 'tracker_id']).execute();
    expect(rows.map((r) => r.id).sort()).to.deep.equal(ids.sort());
    for (const row of rows) {
      expect(row.checks).to.equal(1);
      expect(row.tracker_id).to.match(/^trk_/);
    }
    expect(carrier.stats().trackersCreated).to.equal(60);
    expect(await allCurrent()).to.equal(true);
  });

  it('ends with every shipment current when 30% of carrier calls fail, honouring Retry-After', async () => {
    ctx = await createTestContext(
      carrierEnv(carrier, { POLL_CONCURRENCY: '8', POLL_RETRY_MINUTES: '0.02', POLL_JITTER: '0', EASYPOST_TIMEOUT_MS: '800' }),
    );
    await seed(80, 200);
    carrier.setFaults({ rate: 0.3, kinds: ['429', '500', '502_html', 'timeout'], retryAfterSeconds: 2, timeoutMs: 1500, seed: 7 });
    await startWorkers();
    await waitFor(allCurrent, 90_000, 250);
    const stats = carrier.stats();
    expect(stats.faultsInjected).to.be.greaterThan(10);
    expect(stats.byStatus['429'] ?? 0).to.be.greaterThan(0);
    expect(stats.retryAfterViolations).to.equal(0);
    expect(stats.trackersCreated).to.equal(80);
  });
});
