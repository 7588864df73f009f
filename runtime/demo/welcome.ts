import { addBlockIfAbsent } from '../../db/blocklist.repository.ts';
import type { Db } from '../../db/database.ts';
import { findOrderByShopifyId } from '../../db/orders.repository.ts';
import { ShopifyAdmin } from '../../domain/shopify/admin-api.ts';
import { reconcileOrders } from '../../domain/shopify/reconcile-orders.ts';
import { reconcilePaymentDisputes } from '../../domain/cases/reconcile-payment-disputes.ts';
import type { JobQueue } from '../../jobs/queue.ts';
import type { Config } from '../../core/config.ts';
import type { Logger } from '../../core/logger.ts';
import { lookupPath, lookupToken } from '../../core/links.ts';
import { ensureDemoConsoleAccount } from './console-account.ts';
import { languageFor, languageNames } from '../../core/language.ts';
import type { Demo } from './demo.ts';


interface WelcomeContext {
  db: Db;
  config: Config;
  logger: Logger;
  shopId: string;
  secretKey: string;
  queue: JobQueue;
}

// Brings the demo shop's orders and its payment dispute in through the real ingestion path, blocks
// one customer (so blocking can be seen), and tells the newcomer where to look.
export async function welcomeToDemo(demo: Demo, { db, config, logger, shopId, secretKey, queue }: WelcomeContext): Promise<void> {
  const shopify = new ShopifyAdmin(config, logger);
  const since = new Date(Date.now() - 30 * 86_400_000);
  await reconcileOrders({ db, shopify, shopId, logger }, { defaultSince: since, since });
  await reconcilePaymentDisputes({ db, shopify, shopId, logger, config, queue }, { defaultSince: since, since });

  const blocked = demo.samples.find((s) => s.scenario === 'return_to_sender');
  if (blocked) {
    await addBlockIfAbsent(db, { shopId, subjectKind: 'email', subject: blocked.email, level: 'blocked', reason: 'Repeated not-received claims on delivered parcels (demo)' });
  }

  // The demo's own console account, in demo mode only; its password is kept in DATA_DIR.
  const account = await ensureDemoConsoleAccount(db, shopId, config);

  const picks = ['delivered', 'late', 'stalled'].map((scenario, i) => demo.samples.filter((s) => s.scenario === scenario)[i]).filter((s) => s !== undefined);
  const linked = picks[1] ?? picks[0];
  const order = linked ? await findOrderByShopifyId(db, shopId, linked.orderId) : undefined;
  const lines = [
    '',
    'Whereabouts is running on demo data: a sandbox carrier and a sandbox shop, nothing real.',
    `  Where is my order?   ${config.PUBLIC_URL}/track`,
    ...picks.map((s) => `      ${s.name.padEnd(7)} ${s.email.padEnd(34)} ${languageNames[languageFor(s.locale)].english}, ${s.scenario.replace('_', ' ')}`),
    ...(order ? [`  A link from an email: ${config.PUBLIC_URL}${lookupPath(lookupToken(secretKey, config, order.id))}`] : []),
    `  Emails (outbox and previews): ${config.PUBLIC_URL}/dev/emails`,
    `  Support console: ${config.PUBLIC_URL}/support  (${account.email} / ${account.password})`,
    `      a payment dispute waits under Not-received cases; report one yourself with "I haven't received it" on a delivered parcel`,
    ...silentParcelLine(demo, config),
    `  Parcels live ${config.DEMO_CLOCK_SPEED}× faster than real time: watch them move, stall and arrive.`,
    '',
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
}

// A stalled sample goes silent after its last scan (at most 32 virtual hours after its label): on the
// demo's clock it gets the delay email, the follow-up, and is presumed lost within minutes.
function silentParcelLine(demo: Demo, config: Config): string[] {
  const silent = demo.samples.find((s) => s.scenario === 'stalled');
  if (!silent) return [];
  const minutes = Math.ceil(((32 + config.LOST_AFTER_DAYS * 24) * 3600) / config.DEMO_CLOCK_SPEED / 60);
  return [`      ${silent.name} goes silent: delay email, follow-up, then presumed lost within about ${minutes} min (${config.PUBLIC_URL}/support/queues/lost)`];
}
