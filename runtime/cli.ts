import { parseArgs, type ParseArgsConfig } from 'node:util';
import { isOpenRefusal, openDatabase, type DatabaseHandle } from '../db/database.ts';
import { migrateDown, migrateToLatest, pendingMigrations } from '../db/migrator.ts';
import { openJobQueue } from '../jobs/worker.ts';
import { checkDueNow } from '../domain/tracking/check-due-now.ts';
import { EasyPostTracking } from '../domain/tracking/easypost.adapter.ts';
import { connect, formatLine } from './connect/connect.ts';
import { ConfigError, loadConfig, shopifyCredentials, type Config } from '../core/config.ts';
import { createLogger } from '../core/logger.ts';
import { shopIdentity } from '../server/shop.ts';
import { ensureShop } from '../db/shops.repository.ts';
import { ShopifyAdmin } from '../domain/shopify/admin-api.ts';
import { reconcileOrders } from '../domain/shopify/reconcile-orders.ts';
import { reconcilePaymentDisputes } from '../domain/cases/reconcile-payment-disputes.ts';
import { generatePassword, passwordProblem } from '../domain/console/passwords.ts';
import { createSupportUser, newUserProblems } from '../domain/console/users.ts';
import type { SupportRole } from '../db/support-users.repository.ts';

// The operator CLI: `npm run cli -- <command> [options]`.

interface Command {
  summary: string;
  options?: ParseArgsConfig['options'];
  // Refuses bad arguments or a missing setting (throw UsageError) before any database is opened.
  precheck?(values: Record<string, unknown>, config: Config): void;
  // Resolves to the exit code when it is not 0.
  run(args: { values: Record<string, unknown>; positionals: string[] }, env: { config: Config; database: DatabaseHandle }): Promise<number | void>;
}

// "30d", "12h", "90m", or a date: how far back `sync` reads.
function parseSince(value: string, now = Date.now()): Date {
  const match = /^(\d+)([dhm])$/.exec(value);
  if (match) return new Date(now - Number(match[1]) * { d: 86_400_000, h: 3_600_000, m: 60_000 }[match[2] as 'd' | 'h' | 'm']);
  const date = new Date(value);
  if (Number.isNaN(date.getTime())) throw new UsageError(`--since takes 30d, 12h, 90m or a date, not "${value}".`);
  return date;
}

const commands: Record<string, Command> = {
  sync: {
    summary: 'sync [--since 30d]: read orders updated and payment disputes opened since the last sync (or --since) from Shopify and store them',
    options: { since: { type: 'string' } },
    precheck(values, config) {
      if (!config.SHOPIFY_SHOP || !shopifyCredentials(config)) throw new UsageError('SHOPIFY_SHOP and SHOPIFY_CLIENT_ID + SHOPIFY_CLIENT_SECRET (or the legacy SHOPIFY_ADMIN_ACCESS_TOKEN) must be set to sync.');
      if (typeof values.since === 'string') parseSince(values.since);
    },
    async run({ values }, { config, database }) {
      const logger = createLogger(config);
      const { domain, name } = shopIdentity(config);
      const shop = await ensureShop(database.db, domain, name);
      const shopify = new ShopifyAdmin(config, logger);
      const started = performance.now();
      const since = typeof values.since === 'string' ? parseSince(values.since) : undefined;
      const defaultSince = new Date(Date.now() - config.SHOPIFY_BACKFILL_DAYS * 86_400_000);
      const progress = await reconcileOrders({ db: database.db, shopify, shopId: shop.id, logger }, {
        since,
        defaultSince,
        onPage: (p) => {
          const rate = p.orders / ((performance.now() - started) / 1000);
          process.stderr.write(`page ${p.pages}: ${p.orders} orders, ${p.added} new shipments (${rate.toFixed(1)} orders/s)\n`);
        },
      });
      console.log(`synced ${progress.orders} orders: ${progress.added} new shipments, ${progress.retired} retired, ${progress.refused} refused tracking numbers`);
      // Then the disputes, whose cases need the orders above; a new case enqueues its support alert.
      const queue = openJobQueue(database, config, logger, { worker: false });
      await queue.start();
      try {
        const disputes = await reconcilePaymentDisputes({ db: database.db, shopify, shopId: shop.id, logger, config, queue }, { since, defaultSince });
        console.log(`synced ${disputes.disputes} payment disputes: ${disputes.opened} new not-received cases, ${disputes.updated} updated, ${disputes.otherReason} for other reasons`);
      } finally {
        await queue.stop(5000);
      }
    },
  },
  poll: {
    summary: 'poll --due: check every shipment that is due now with the carrier, then exit',
    options: { due: { type: 'boolean', default: false } },
    precheck(values, config) {
      if (!values.due) throw new UsageError('poll needs --due (check every shipment that is due now).');
      if (!config.EASYPOST_API_KEY) throw new UsageError('EASYPOST_API_KEY is not set: there is no carrier to ask.');
    },
    async run(_args, { config, database }) {
      const logger = createLogger(config);
      const queue = openJobQueue(database, config, logger, { worker: false });
      await queue.start();
      try {
        const started = performance.now();
        const tally = await checkDueNow({ db: database.db, config, logger, queue, carrier: new EasyPostTracking(config) }, (t) => {
          const done = t.checked + t.failed + t.stale;
          const rate = done / ((performance.now() - started) / 1000);
          process.stderr.write(`checked ${t.checked}, failed ${t.failed}, skipped ${t.stale} (${rate.toFixed(1)}/s)\n`);
        });
        console.log(`checked ${tally.checked}, failed ${tally.failed} (rescheduled), skipped ${tally.stale}`);
      } finally {
        await queue.stop(5000);
      }
    },
  },
  'user:create': {
    summary: 'user:create --email a@b.c [--role agent|admin] [--password …]: add a support console user; without --password, WHEREABOUTS_PASSWORD is used, or a strong one is generated and printed once',
    options: { email: { type: 'string' }, role: { type: 'string', default: 'agent' }, password: { type: 'string' } },
    precheck(values) {
      const problems = newUserProblems(values);
      if (problems.length) throw new UsageError(`user:create needs a valid --email and --role:\n  ${problems.join('\n  ')}`);
      const given = typeof values.password === 'string' ? values.password : process.env.WHEREABOUTS_PASSWORD || undefined;
      const weakness = given === undefined ? undefined : passwordProblem(given);
      if (weakness) throw new UsageError(`${weakness} Nothing was created.`);
    },
    async run({ values }, { config, database }) {
      const { domain, name } = shopIdentity(config);
      const shop = await ensureShop(database.db, domain, name);
      const given = typeof values.password === 'string' ? values.password : process.env.WHEREABOUTS_PASSWORD || undefined;
      const password = given ?? generatePassword();
      const email = String(values.email).trim();
      const role = values.role as SupportRole;
      const result = await createSupportUser(database.db, shop.id, { email, role, password }, { userId: null, name: 'cli' });
      if (!result.created) {
        console.error(`A support user with the email ${email} already exists; nothing was changed.`);
        // main() treats a finished run as success: close the database here and leave with a failure.
        await database.close();
        process.exit(1);
      }
      console.log(`created ${result.user.role} ${result.user.email} for ${domain}`);
      if (given === undefined) console.log(`password (shown once, store it now): ${password}`);
    },
  },
  connect: {
    summary: "connect: check Shopify's and EasyPost's credentials, the app's scopes and protected customer data, and make sure both send their webhooks to PUBLIC_URL; exits non-zero until everything required holds",
    async run(_args, { config, database }) {
      // Often the first command on a new installation: it remembers the EasyPost webhook's secret.
      await migrateToLatest(database.db);
      const { domain, name } = shopIdentity(config);
      const shop = await ensureShop(database.db, domain, name);
      const logger = createLogger({ ...config, LOG_LEVEL: config.LOG_LEVEL === 'info' ? 'warn' : config.LOG_LEVEL });
      const connected = await connect({ config, db: database.db, shopId: shop.id, logger }, (line) => console.log(formatLine(line)));
      console.log(connected ? '\nConnected: the service can follow this shop.' : '\nNot connected yet: fix each ✘ above, then run connect again.');
      return connected ? 0 : 1;
    },
  },
  migrate: {
    summary: 'apply pending database migrations (--down rolls back the latest one)',
    options: { down: { type: 'boolean', default: false } },
    async run({ values }, { database }) {
      const names = values.down ? await migrateDown(database.db) : await migrateToLatest(database.db);
      const verb = values.down ? 'rolled back' : 'applied';
      console.log(names.length ? `${verb}: ${names.join(', ')}` : `nothing to ${values.down ? 'roll back' : 'apply'}`);
      const pending = await pendingMigrations(database.db);
      if (pending.length) console.log(`pending: ${pending.join(', ')}`);
    },
  },
};

class UsageError extends Error {}

function usage(): string {
  const lines = Object.entries(commands).map(([name, c]) => `  ${name.padEnd(14)} ${c.summary}`);
  return `Usage: npm run cli -- <command> [options]\n\nCommands:\n${lines.join('\n')}`;
}

async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  const command = name ? commands[name] : undefined;
  if (!command) {
    console.error(name && name !== 'help' && name !== '--help' ? `Unknown command "${name}".\n\n${usage()}` : usage());
    return name === 'help' || name === '--help' ? 0 : 2;
  }
  let args;
  try {
    args = parseArgs({ args: rest, options: command.options ?? {}, allowPositionals: true, strict: true });
  } catch (error) {
    console.error(`${(error as Error).message}\n\n${usage()}`);
    return 2;
  }
  let config: Config;
  try {
    config = loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(error.message);
      return 1;
    }
    throw error;
  }
  try {
    command.precheck?.(args.values, config);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    console.error(error.message);
    return 2;
  }
  let database: DatabaseHandle;
  try {
    database = await openDatabase(config);
  } catch (error) {
    if (isOpenRefusal(error)) {
      console.error(error.message);
      return 1;
    }
    throw error;
  }
  try {
    return (await command.run(args, { config, database })) ?? 0;
  } finally {
    await database.close();
  }
}

process.exitCode = await main(process.argv.slice(2));
