import { createHash } from 'node:crypto';
import type { Db } from '../../db/database.ts';
import { findProviderWebhooks, rememberProviderWebhook, withProviderWebhookLock } from '../../db/provider-webhooks.repository.ts';
import type { ProviderWebhook } from '../../db/schema.ts';
import { createEasyPostClient, type EasyPostClient, type EasyPostClientConfig, type EasyPostWebhook } from './easypost-client.ts';
import { easyPostSetupError } from './easypost-setup-error.ts';

// Makes sure EasyPost sends tracker events to the service: one webhook to exactly the configured URL,
// with the configured secret, enabled. Run by the connect command and at worker start-up, so a second
// run with the same settings must read and change nothing. Webhooks to any other URL are never touched.

export { EasyPostSetupError } from './easypost-setup-error.ts';

export type EasyPostKeyMode = 'test' | 'production' | 'unknown';
export type EnsureWebhookAction = 'created' | 'secret-updated' | 're-enabled' | 'unchanged';

export interface EnsureWebhookDeps {
  db: Db;
  shopId: string;
  // Either a client, or the config to build one from (EASYPOST_API_KEY, EASYPOST_BASE_URL, EASYPOST_TIMEOUT_MS).
  client?: EasyPostClient;
  config?: EasyPostClientConfig;
}

export interface EnsureWebhookResult {
  action: EnsureWebhookAction;
  id: string;
  mode: string;
}

// EasyPost's test keys start with EZTK, production keys with EZAK.
export function easyPostKeyMode(apiKey: string): EasyPostKeyMode {
  if (apiKey.startsWith('EZTK')) return 'test';
  if (apiKey.startsWith('EZAK')) return 'production';
  return 'unknown';
}

// Proves the key works with one cheap read (the webhook list) and returns its mode; throws an
// EasyPostSetupError (statusCode 401 for a refused key) otherwise.
export async function checkEasyPostKey(client: EasyPostClient | EasyPostClientConfig): Promise<EasyPostKeyMode> {
  const api = calls(client);
  await api.call('checking the API key', (c) => c.Webhook.all());
  return easyPostKeyMode(api.key);
}

export async function ensureEasyPostWebhook(deps: EnsureWebhookDeps, wanted: { url: string; secret: string }): Promise<EnsureWebhookResult> {
  const { url, secret } = wanted;
  if (!isHttpUrl(url)) throw new Error(`The EasyPost webhook URL must be an absolute http(s) URL, not ${JSON.stringify(url)}`);
  if (secret.trim() === '') throw new Error('The EasyPost webhook secret must not be empty');
  const source = deps.client ?? deps.config;
  if (!source) throw new Error('ensureEasyPostWebhook needs an EasyPost client or config');
  const api = calls(source);
  const digest = sha256(secret);
  const remember = (trx: Parameters<typeof rememberProviderWebhook>[0], id: string) =>
    rememberProviderWebhook(trx, { shopId: deps.shopId, provider: 'easypost', externalId: id, url, secretSha256: digest });
  const modeOf = (hook: EasyPostWebhook) => hook.mode ?? easyPostKeyMode(api.key);

  return withProviderWebhookLock(deps.db, deps.shopId, 'easypost', async (trx) => {
    const { webhooks } = await api.call('listing webhooks', (c) => c.Webhook.all());
    const matches = webhooks.filter((hook) => hook.url === url);
    if (matches.length === 0) {
      const created = await api.call('creating the webhook', (c) => c.Webhook.create({ url, webhook_secret: secret }));
      await remember(trx, created.id);
      return { action: 'created', id: created.id, mode: modeOf(created) };
    }
    const known = await findProviderWebhooks(trx, deps.shopId, 'easypost', matches.map((hook) => hook.id));
    const hook = pick(matches, known, digest);
    const secretInForce = known.some((row) => row.external_id === hook.id && row.secret_sha256 === digest);
    if (secretInForce && hook.disabled_at === null) return { action: 'unchanged', id: hook.id, mode: modeOf(hook) };
    // One PATCH sets the secret and enables the webhook again. A disabled webhook is reported as
    // such even when the secret changed too: it means EasyPost had given up delivering to us.
    const updated = await api.call('updating the webhook', (c) => c.Webhook.update(hook.id, { webhook_secret: secret }));
    await remember(trx, hook.id);
    return { action: hook.disabled_at !== null ? 're-enabled' : 'secret-updated', id: hook.id, mode: modeOf(updated) };
  });
}

// Several webhooks to the same URL (made by hand, or by an older version): keep to the one this
// service set up, preferring the one whose secret it knows, then an enabled one. The rest are left alone.
function pick(matches: EasyPostWebhook[], known: ProviderWebhook[], digest: string): EasyPostWebhook {
  const score = (hook: EasyPostWebhook) => {
    const row = known.find((r) => r.external_id === hook.id);
    return (row?.secret_sha256 === digest ? 4 : 0) + (row ? 2 : 0) + (hook.disabled_at === null ? 1 : 0);
  };
  return matches.reduce((best, hook) => (score(hook) > score(best) ? hook : best));
}

// The client, with every failure turned into an EasyPostSetupError that names the step.
function calls(source: EasyPostClient | EasyPostClientConfig) {
  let seenStatus: number | undefined;
  const client = 'Webhook' in source ? source : createEasyPostClient(source, { listenerForRequest: () => (res) => (seenStatus = res.status) });
  const key = ('Webhook' in source ? source.key : source.EASYPOST_API_KEY) ?? '';
  return {
    key,
    async call<T>(step: string, operation: (c: EasyPostClient) => Promise<T>): Promise<T> {
      seenStatus = undefined;
      try {
        return await operation(client);
      } catch (error) {
        throw easyPostSetupError(step, error, seenStatus);
      }
    },
  };
}

function sha256(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

function isHttpUrl(text: string): boolean {
  try {
    return ['http:', 'https:'].includes(new URL(text).protocol);
  } catch {
    return false;
  }
}
