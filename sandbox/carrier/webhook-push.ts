import { watchClock, type SandboxClock } from './clock.ts';
import { hashString, randomHex, seededRandom } from './random.ts';
import { planFor, renderTracker, visibleScanCount } from './render.ts';
import { ScanWatcher } from './scan-watcher.ts';
import type { SandboxStats } from './stats.ts';
import type { TrackerRecord, TrackerStore } from './store.ts';
import { signWebhookBody, trackerUpdatedEvent, WebhookSender, type WebhookDelivery } from './webhooks.ts';

// Pushes tracker.updated events: on request, and (with autoWebhooks) whenever the clock
// brings a tracker new scans. They go to the `webhook` the sandbox was started with or, without
// one, to the enabled test-mode webhooks registered through the API (trackers are test mode).
// Like EasyPost, one Event lists every URL it goes to and each delivery is signed with its
// webhook's secret; a webhook without a secret gets no signature.

export interface PushOptions {
  tamper?: boolean;
  secret?: string;
}

export interface Webhooks {
  watch(record: TrackerRecord): void;
  push(trackerId: string, options?: PushOptions): Promise<WebhookDelivery>;
  stop(): void;
}

export interface WebhookTarget {
  url: string;
  secret: string | undefined;
}

interface WebhookDependencies {
  target: WebhookTarget | undefined;
  registered: () => WebhookTarget[];
  auto: boolean;
  store: TrackerStore;
  stats: SandboxStats;
  clock: SandboxClock;
  seed: number;
}

// Real time between checks when nobody moves the clock by hand (a scaled clock moves alone).
const CHECK_INTERVAL_MS = 200;

export function createWebhooks({ target, registered, auto, store, stats, clock, seed }: WebhookDependencies): Webhooks {
  const eventIds = seededRandom(hashString('events', seed));
  const userId = `user_${randomHex(eventIds)}`;
  const senders = new Map<string, WebhookSender>();
  const senderFor = (url: string) => senders.get(url) ?? senders.set(url, new WebhookSender(url)).get(url)!;
  const now = () => clock.now().getTime();

  // Resolves with the delivery to the first target.
  async function send(record: TrackerRecord, previousStatus: string | undefined, options: PushOptions = {}): Promise<WebhookDelivery> {
    const targets = target ? [target] : registered();
    if (targets.length === 0) throw new Error('No webhook is configured for this sandbox carrier.');
    const tracker = renderTracker(record, now());
    const urls = targets.map((t) => t.url);
    const event = trackerUpdatedEvent({ id: `evt_${randomHex(eventIds)}`, userId, at: clock.now(), urls, tracker, previousStatus });
    const body = JSON.stringify(event);
    const forged = { ...event, result: { ...tracker, status: tracker.status === 'delivered' ? 'in_transit' : 'delivered' } };
    const deliveries = targets.map(async (t) => {
      const secret = options.secret ?? t.secret;
      const delivery = await senderFor(t.url).post(options.tamper ? JSON.stringify(forged) : body, secret === undefined ? undefined : signWebhookBody(body, secret));
      stats.webhooksSent++;
      return delivery;
    });
    const [first] = await Promise.all(deliveries);
    return first;
  }

  // An unreachable receiver must not stop the sandbox; EasyPost, too, just records the failure.
  const watcher = auto ? new ScanWatcher((record, previousStatus) => void send(record, previousStatus).catch(() => {})) : undefined;
  const interval = watcher && setInterval(() => watcher.check(now()), CHECK_INTERVAL_MS).unref();
  let checkQueued = false;
  const unwatchClock = watchClock(clock, () => {
    if (!watcher || checkQueued) return;
    checkQueued = true;
    setImmediate(() => {
      checkQueued = false;
      watcher.check(now());
    });
  });

  return {
    watch: (record) => watcher?.watch(record, now()),
    push(trackerId, options) {
      const record = store.byId(trackerId);
      if (!record) return Promise.reject(new Error(`No tracker ${trackerId}.`));
      return send(record, statusBeforeLatestScan(record, now()), options);
    },
    stop() {
      clearInterval(interval);
      unwatchClock();
      for (const sender of senders.values()) sender.stop();
    },
  };
}

// For a push on request: the status before the newest scan, so the event says what changed.
function statusBeforeLatestScan(record: TrackerRecord, now: number): string | undefined {
  const plan = planFor(record);
  const visible = visibleScanCount(plan, now);
  if (visible === 0) return undefined;
  return visible === 1 ? 'unknown' : plan.scans[visible - 2].template.status;
}
