import { ShopifyAuthError } from '../../domain/shopify/access-token.ts';
import { ShopifyAdmin } from '../../domain/shopify/admin-api.ts';
import { recentOrderQuery, shopQuery } from '../../domain/shopify/connect-queries.ts';
import { ensureShopifyWebhooks, SHOPIFY_WEBHOOK_TOPICS, type ShopifyWebhookTopic } from '../../domain/shopify/webhook-subscriptions.ts';
import { shopifyCredentials, type Config } from '../../core/config.ts';
import type { ConnectContext, Report } from './check.ts';

// The Shopify half of `connect`: a token, the shop, the app's scopes against the configured features,
// protected customer data, and the webhook subscriptions.

interface ScopeNeed {
  scope: string;
  why: string;
  required: boolean;
}

const DISPUTE_SCOPES = ['read_shopify_payments_disputes', 'write_shopify_payments_dispute_evidences'];

function scopeNeeds(config: Config): ScopeNeed[] {
  return [
    { scope: 'read_orders', why: 'to read orders', required: true },
    { scope: 'read_fulfillments', why: 'to read fulfillments and their tracking numbers', required: true },
    ...(config.SHOPIFY_BACKFILL_DAYS > 60 ? [{ scope: 'read_all_orders', why: `SHOPIFY_BACKFILL_DAYS=${config.SHOPIFY_BACKFILL_DAYS} reaches past 60 days`, required: true }] : []),
    ...(config.SHOPIFY_WRITE_BACK ? [{ scope: 'write_fulfillments', why: 'SHOPIFY_WRITE_BACK=true writes tracking events to Shopify', required: true }] : []),
    { scope: DISPUTE_SCOPES[0], why: 'to open not-received cases from Shopify Payments chargebacks', required: false },
    { scope: DISPUTE_SCOPES[1], why: 'to submit tracking evidence to a chargeback', required: false },
  ];
}

export async function shopifyChecks({ config, logger }: ConnectContext, say: Report): Promise<void> {
  if (!shopifyCredentials(config)) return;
  const admin = new ShopifyAdmin(config, logger);
  let scopes: Set<string>;
  try {
    const data = await admin.graphql<{ shop: { name: string; myshopifyDomain: string }; currentAppInstallation: { accessScopes: Array<{ handle: string }> } }>(shopQuery, {});
    const how = config.SHOPIFY_CLIENT_ID ? 'with the client credentials grant (Dev Dashboard app)' : 'from SHOPIFY_ADMIN_ACCESS_TOKEN (legacy custom app)';
    say({ status: 'ok', text: `Shopify access token ${how}` });
    say({ status: 'ok', text: `Shop "${data.shop.name}" (${data.shop.myshopifyDomain}), Admin API ${config.SHOPIFY_API_VERSION}` });
    // A write scope grants its read scope too (write_orders reads orders), whether or not both are listed.
    scopes = new Set(data.currentAppInstallation.accessScopes.flatMap((s) => (s.handle.startsWith('write_') ? [s.handle, `read_${s.handle.slice(6)}`] : [s.handle])));
  } catch (error) {
    const fix = error instanceof ShopifyAuthError ? undefined : 'check SHOPIFY_SHOP and the app credentials, and that the app is installed on the shop';
    say({ status: 'fail', text: `Shopify: ${(error as Error).message}`, fix });
    return;
  }

  for (const need of scopeNeeds(config)) {
    if (scopes.has(need.scope)) say({ status: 'ok', text: `Scope ${need.scope}` });
    else say({ status: need.required ? 'fail' : 'warn', text: `Scope ${need.scope} not granted (${need.why})`, fix: `add ${need.scope} to the app's scopes in the Dev Dashboard (Versions › new version), release it, and approve it on the shop` });
  }

  await protectedDataCheck(admin, say);

  const disputes = scopes.has(DISPUTE_SCOPES[0]);
  const topics = SHOPIFY_WEBHOOK_TOPICS.filter((topic) => disputes || !topic.startsWith('DISPUTES_'));
  if (!disputes) say({ status: 'warn', text: 'Webhooks DISPUTES_CREATE, DISPUTES_UPDATE skipped: the app may not read payment disputes' });
  await webhookChecks(admin, config, topics, say);
}

async function protectedDataCheck(admin: ShopifyAdmin, say: Report): Promise<void> {
  const { data, refusedFields } = await admin.graphqlWithRefusals<{ orders: { nodes: Array<{ name: string }> } }>(recentOrderQuery, {});
  if (refusedFields.length > 0) {
    say({
      status: 'fail',
      text: `Protected customer data refused: Shopify withholds ${refusedFields.join(', ')} of orders`,
      fix: "in the Dev Dashboard, under the app's API access › Protected customer data, select the data and the fields Name, Email and Address, then release a new version",
    });
  } else if (data.orders.nodes.length === 0) {
    say({ status: 'warn', text: 'Protected customer data not checked: the shop has no order yet' });
  } else {
    say({ status: 'ok', text: `Protected customer data readable (order ${data.orders.nodes[0].name}: email and shipping address)` });
  }
}

async function webhookChecks(admin: ShopifyAdmin, config: Config, topics: readonly ShopifyWebhookTopic[], say: Report): Promise<void> {
  const outcomes = await ensureShopifyWebhooks(admin, config.PUBLIC_URL, topics);
  for (const outcome of outcomes) {
    const words = { created: 'made', updated: 'moved to', unchanged: 'already there:' }[outcome.action as 'created' | 'updated' | 'unchanged'];
    if (outcome.action === 'refused') {
      say({ status: 'fail', text: `Shopify webhook ${outcome.topic} refused: ${outcome.problem}`, fix: 'PUBLIC_URL must be a public https address Shopify accepts' });
    } else {
      say({ status: 'ok', text: `Shopify webhook ${outcome.topic} ${words} ${outcome.uri}` });
    }
  }
}
