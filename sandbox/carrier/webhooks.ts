import { createHmac } from 'node:crypto';
import type { TrackerJson } from './tracker-json.ts';

// tracker.updated events, shaped like the recorded production webhook and signed the way
// the EasyPost client's Utils.validateWebhook checks them.

// HMAC-SHA256 over the exact body bytes, keyed with the NFKD form of the secret in UTF-8.
export function signWebhookBody(body: string | Uint8Array, secret: string): string {
  const key = Buffer.from(secret.normalize('NFKD'), 'utf8');
  return `hmac-sha256-hex=${createHmac('sha256', key).update(body).digest('hex')}`;
}

export interface TrackerUpdated {
  id: string;
  userId: string;
  at: Date;
  urls: string[];
  tracker: TrackerJson;
  previousStatus: string | undefined;
}

// Keys in the order of the recorded webhook body. previous_attributes names the status only
// when it changed: an update can also just add scans.
export function trackerUpdatedEvent(update: TrackerUpdated) {
  const at = update.at.toISOString();
  const statusChanged = update.previousStatus !== undefined && update.previousStatus !== update.tracker.status;
  return {
    description: 'tracker.updated',
    mode: 'test',
    previous_attributes: statusChanged ? { status: update.previousStatus } : {},
    created_at: at,
    pending_urls: update.urls,
    completed_urls: [],
    updated_at: at,
    id: update.id,
    user_id: update.userId,
    status: 'pending',
    object: 'Event',
    result: update.tracker,
  };
}

export interface WebhookDelivery {
  status: number;
  body: string;
}

const DELIVERY_TIMEOUT_MS = 10_000;
const MAX_IN_FLIGHT = 8;

// Posts events with a bounded number in flight, so a clock jump that changes thousands of
// trackers does not open thousands of connections at once.
export class WebhookSender {
  readonly #url: string;
  readonly #stop = new AbortController();
  readonly #waiting: (() => void)[] = [];
  #inFlight = 0;

  constructor(url: string) {
    this.#url = url;
  }

  // Without a signature (a webhook with no secret) the header is left out, as EasyPost does.
  async post(body: string, signature: string | undefined): Promise<WebhookDelivery> {
    if (this.#inFlight >= MAX_IN_FLIGHT) await new Promise<void>((resolve) => this.#waiting.push(resolve));
    this.#inFlight++;
    try {
      const response = await fetch(this.#url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'user-agent': 'EasyPost WebHook Agent 1.0',
          ...(signature === undefined ? {} : { 'x-hmac-signature': signature }),
        },
        body,
        signal: AbortSignal.any([this.#stop.signal, AbortSignal.timeout(DELIVERY_TIMEOUT_MS)]),
      });
      return { status: response.status, body: await response.text() };
    } finally {
      this.#inFlight--;
      this.#waiting.shift()?.();
    }
  }

  stop(): void {
    this.#stop.abort();
  }
}
