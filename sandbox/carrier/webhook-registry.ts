import { randomHex, type Random } from './random.ts';
import { easypostTime } from './tracker-json.ts';

// The webhooks registered through the API. EasyPost keeps test-mode and production-mode
// webhooks apart (each key sees only its own mode's) and never shows a secret back, so the
// secret is kept beside the record, for the sandbox to sign with and for tests to check.

export type WebhookMode = 'test' | 'production';

export interface CustomHeader {
  name: string;
  value: string;
}

export interface WebhookRecord {
  id: string;
  mode: WebhookMode;
  url: string;
  secret: string | undefined;
  customHeaders: CustomHeader[];
  createdAt: number;
  disabledAt: number | undefined;
}

// The Webhook object as EasyPost answers it, keys in the order of the recorded answers.
export function webhookJson(record: WebhookRecord) {
  return {
    id: record.id,
    object: 'Webhook',
    mode: record.mode,
    url: record.url,
    created_at: easypostTime(record.createdAt),
    disabled_at: record.disabledAt === undefined ? null : easypostTime(record.disabledAt),
    custom_headers: record.customHeaders.map((header) => ({ ...header })),
  };
}

// What a test sees: the Webhook object plus the secret it was last given.
export type RegisteredWebhook = ReturnType<typeof webhookJson> & { secret: string | undefined };

// EZAK… keys are production keys; everything else (EZTK…, a made-up sandbox key) is test mode.
export function modeOfKey(key: string | undefined): WebhookMode {
  return key?.startsWith('EZAK') ? 'production' : 'test';
}

export class WebhookRegistry {
  readonly #byId = new Map<string, WebhookRecord>();
  readonly #ids: Random;

  constructor(ids: Random) {
    this.#ids = ids;
  }

  create(fields: Pick<WebhookRecord, 'mode' | 'url' | 'secret' | 'customHeaders'>, now: number): WebhookRecord {
    const record: WebhookRecord = { ...fields, id: `hook_${randomHex(this.#ids)}`, createdAt: now, disabledAt: undefined };
    this.#byId.set(record.id, record);
    return record;
  }

  // A webhook of another mode is as unknown to a key as one that does not exist.
  get(id: string, mode: WebhookMode): WebhookRecord | undefined {
    const record = this.#byId.get(id);
    return record?.mode === mode ? record : undefined;
  }

  list(mode?: WebhookMode): WebhookRecord[] {
    return [...this.#byId.values()].filter((record) => mode === undefined || record.mode === mode);
  }

  delete(id: string): void {
    this.#byId.delete(id);
  }

  // As EasyPost does after a run of failed deliveries; an update enables the webhook again.
  disable(id: string, now: number): void {
    const record = this.#byId.get(id);
    if (!record) throw new Error(`No webhook ${id}.`);
    record.disabledAt = now;
  }

  // Where EasyPost would deliver test-mode events: the enabled test-mode webhooks.
  deliveryTargets(): { url: string; secret: string | undefined }[] {
    return this.list('test')
      .filter((record) => record.disabledAt === undefined)
      .map(({ url, secret }) => ({ url, secret }));
  }

  snapshot(): RegisteredWebhook[] {
    return this.list().map((record) => ({ ...webhookJson(record), secret: record.secret }));
  }
}
