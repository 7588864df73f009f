import { watchClock, type SandboxClock } from './clock.ts';
import { hashString, randomHex, seededRandom } from './random.ts';
import { planFor, renderTracker, visibleScanCount } from './render.ts';
import { ScanWatcher } from './scan-watcher.ts';
import type { SandboxStats } from './stats.ts';
import type { TrackerRecord, TrackerStore } from './store.ts';
import { signWebhookBody, trackerUpdatedEvent, WebhookSender, type WebhookDelivery } from './webhooks.ts';

// Pushes tracker.updated events: on request, and (with autoWebhooks) whenever the clock
// brings a tracker new scans.

export interface PushOptions {
  tamper?: boolean;
  secret?: string;
}

export interface Webhooks {
  watch(record: TrackerRecord): void;
  push(trackerId: string, options?: PushOptions): Promise<WebhookDelivery>;
  stop(): void;
}

interface WebhookDependencies {
  target: { url: string; secret: string } | undefined;
  auto: boolean;
  store: TrackerStore;
  stats: SandboxStats;
  clock: SandboxClock;
  seed: number;
}

// Real time between checks when nobody moves the clock by hand (a scaled clock moves alone).
const CHECK_INTERVAL_MS = 200;

export function createWebhooks({ target, auto, store, stats, clock, seed }: WebhookDependencies): Webhooks {
  const eventIds = seededRandom(hashString('events', seed));
  const userId = `user_${randomHex(eventIds)}`;
  const sender = target && new WebhookSender(target.url);
  const now = () => clock.now().getTime();

  async function send(record: TrackerRecord, previousStatus: string | undefined, options: PushOptions = {}): Promise<WebhookDelivery> {
    if (!target || !sender) throw new Error('No webhook is configured for this sandbox carrier.');
    const tracker = renderTracker(record, now());
    const event = trackerUpdatedEvent({ id: `evt_${randomHex(eventIds)}`, userId, at: clock.now(), url: target.url, tracker, previousStatus });
    const body = JSON.stringify(event);
    const signature = signWebhookBody(body, options.secret ?? target.secret);
    const forged = { ...event, result: { ...tracker, status: tracker.status === 'delivered' ? 'in_transit' : 'delivered' } };
    const delivery = await sender.post(options.tamper ? JSON.stringify(forged) : body, signature);
    stats.webhooksSent++;
    return delivery;
  }

  // An unreachable receiver must not stop the sandbox; EasyPost, too, just records the failure.
  const watcher = auto && sender ? new ScanWatcher((record, previousStatus) => void send(record, previousStatus).catch(() => {})) : undefined;
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
      sender?.stop();
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
