import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { manualClock, type SandboxClock } from './clock.ts';
import { FaultDice, type FaultPlan } from './faults.ts';
import { ListRateLimit, RetryAfterLedger } from './pacing.ts';
import { handleRequest, type PipelineState } from './pipeline.ts';
import { hashString, randomHex, seededRandom } from './random.ts';
import { renderTracker } from './render.ts';
import { copyStats, emptyStats, type SandboxStats } from './stats.ts';
import { TrackerStore, type TrackerRecord } from './store.ts';
import { warmTestCodes } from './test-codes.ts';
import { vocabularyFor } from './vocabulary.ts';
import { createWebhooks, type Webhooks } from './webhook-push.ts';
import { WebhookRegistry, type RegisteredWebhook } from './webhook-registry.ts';

// A local stand-in for the EasyPost tracker and webhook API: the real client, pointed at baseUrl,
// sees trackers move through scripted lifecycles on a virtual clock, with faults on demand.

export type { SandboxClock } from './clock.ts';
export type { FaultKind, FaultPlan } from './faults.ts';
export type { SandboxStats } from './stats.ts';
export type { RegisteredWebhook } from './webhook-registry.ts';

export interface SandboxCarrierOptions {
  port?: number;
  apiKey?: string;
  clock?: SandboxClock;
  latencyMs?: number;
  webhook?: { url: string; secret: string };
  autoWebhooks?: boolean;
  seed?: number;
  // Requests per second per client on GET /v2/trackers, as EasyPost limits its index
  // endpoints; false turns the limit off. Default 5.
  listRateLimit?: number | false;
}

export interface SandboxCarrier {
  baseUrl: string;
  port: number;
  clock: SandboxClock;
  setFaults(plan: FaultPlan | null): void;
  setLatency(ms: number): void;
  stats(): SandboxStats;
  resetStats(): void;
  trackerByCode(trackingCode: string): object | undefined;
  pushTrackerUpdated(trackerId: string, options?: { tamper?: boolean; secret?: string }): Promise<{ status: number; body: string }>;
  // Webhooks registered through /v2/webhooks, each with the secret it was last given.
  webhooks(): RegisteredWebhook[];
  // Sets disabled_at, as EasyPost does after a webhook keeps failing.
  disableWebhook(id: string): void;
  close(): Promise<void>;
}

const DEFAULT_LIST_RATE_LIMIT = 5;

export async function startSandboxCarrier(options: SandboxCarrierOptions = {}): Promise<SandboxCarrier> {
  warmVocabularies();
  const clock = options.clock ?? manualClock(new Date());
  const seed = options.seed ?? 1;
  const ids = seededRandom(hashString('ids', seed));
  const store = new TrackerStore();
  const stats = emptyStats();
  const now = () => clock.now().getTime();
  const registered = new WebhookRegistry(seededRandom(hashString('webhooks', seed)));
  const webhooks: Webhooks = createWebhooks({ target: options.webhook, registered: () => registered.deliveryTargets(), auto: options.autoWebhooks ?? false, store, stats, clock, seed });
  const state: PipelineState = {
    api: {
      store,
      webhooks: registered,
      now,
      newTrackerId: () => `trk_${randomHex(ids)}`,
      onTrackerCreated(record: TrackerRecord) {
        stats.trackersCreated++;
        webhooks.watch(record);
      },
    },
    stats,
    faults: new FaultDice(seed),
    retryAfter: new RetryAfterLedger(),
    listRateLimit: options.listRateLimit === false ? undefined : new ListRateLimit(options.listRateLimit ?? DEFAULT_LIST_RATE_LIMIT),
    apiKey: options.apiKey,
    latencyMs: options.latencyMs ?? 0,
    held: new Set(),
  };
  const server = createServer({ keepAlive: true }, (req, res) => handleRequest(state, req, res));
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', resolve);
  });
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}/v2/`,
    port,
    clock,
    setFaults: (plan) => state.faults.set(plan),
    setLatency(ms) {
      state.latencyMs = Math.max(0, ms);
    },
    stats: () => copyStats(stats),
    resetStats: () => void Object.assign(stats, emptyStats()),
    trackerByCode(trackingCode) {
      const record = store.newestByCode(trackingCode);
      return record && JSON.parse(JSON.stringify(renderTracker(record, now())));
    },
    pushTrackerUpdated: (trackerId, pushOptions) => webhooks.push(trackerId, pushOptions),
    webhooks: () => registered.snapshot(),
    disableWebhook: (id) => registered.disable(id, now()),
    async close() {
      webhooks.stop();
      for (const timer of state.held) clearTimeout(timer);
      state.held.clear();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

// Reads every recorded tracker up front, so a missing fixture fails the start, not a request.
function warmVocabularies(): void {
  for (const carrier of ['USPS', 'UPS', 'FedEx', 'DHLExpress']) vocabularyFor(carrier, false);
  vocabularyFor('USPS', true);
  warmTestCodes();
}
