import { existsSync, readFileSync } from 'node:fs';
import { parseEnv } from 'node:util';
import { z } from 'zod';
import { parseIpRangeList } from './ip-ranges.ts';
import { isTimeZone } from './time/calendar.ts';

// The one place that reads the environment. Every process (web, worker, CLI) calls loadConfig() first,
// before it opens a port or a database, and gets a typed, validated object.

const optionalString = z.string().trim().min(1).optional();
const integer = (min: number, max: number) => z.coerce.number().int().min(min).max(max);
const bool = z.enum(['true', 'false', '1', '0']).transform((v) => v === 'true' || v === '1');
const httpUrl = z.url({ protocol: /^https?$/ });
const hours = z.coerce.number().positive().max(24 * 365);

// Which X-Forwarded-For entries to believe: none (false), the last N hops, or those added by the
// listed proxies (addresses, CIDR ranges, or Express's loopback / linklocal / uniquelocal), each as
// proxy-addr reads it and no wider than a /8 or /32 (core/ip-ranges.ts). `true` would believe whatever
// a client writes, so it is refused.
const PROXY_NAMES = ['loopback', 'linklocal', 'uniquelocal'];
const trustProxy = z
  .string()
  .trim()
  .refine((v) => v.toLowerCase() !== 'true', 'true would trust any client\'s X-Forwarded-For; give the number of proxies in front (e.g. 1) or their addresses or CIDR ranges')
  .transform((v, ctx): false | number | string[] => {
    if (v === 'false') return false;
    if (/^\d{1,2}$/.test(v)) return Number(v) === 0 ? false : Number(v);
    const entries = v.split(',').map((e) => e.trim().toLowerCase());
    const { problems } = parseIpRangeList(entries.filter((e) => !PROXY_NAMES.includes(e)).join(','));
    if (entries.some((e) => e === '')) problems.push('an empty entry');
    for (const problem of problems) {
      ctx.addIssue({ code: 'custom', message: `must be false, a hop count, or a comma-separated list of proxy addresses or CIDR ranges (${problem})` });
    }
    return problems.length ? z.NEVER : entries;
  });

// Addresses or CIDR ranges, comma-separated, each no wider than a /8 or /32, every problem named.
const ipRangeList = z
  .string()
  .trim()
  .superRefine((v, ctx) => {
    for (const problem of parseIpRangeList(v).problems) ctx.addIssue({ code: 'custom', message: `must be addresses or CIDR ranges, comma-separated (${problem})` });
  });

const schema = z.object({
  // Unset is not development: the dev outbox and previews need NODE_ENV=development said out loud.
  NODE_ENV: z.enum(['development', 'production', 'test']).optional(),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  PORT: integer(1, 65535).default(3000),
  // Unset: 0.0.0.0, or 127.0.0.1 for the demo (runtime.ts decides, since only it knows).
  HOST: z.string().trim().min(1).optional(),
  PUBLIC_URL: httpUrl.optional(),
  DATABASE_URL: z.url({ protocol: /^postgres(ql)?$/ }).optional(),
  DATABASE_POOL_SIZE: integer(1, 200).default(10),
  // The embedded database (DATA_DIR/postgres, when DATABASE_URL is unset) and local files.
  DATA_DIR: z.string().trim().min(1).default('./data'),
  EASYPOST_API_KEY: optionalString,
  EASYPOST_BASE_URL: httpUrl.refine((u) => u.endsWith('/v2/'), 'must end in /v2/').optional(),
  EASYPOST_WEBHOOK_SECRET: optionalString,
  SHOPIFY_SHOP: z
    .string()
    .trim()
    .regex(/^[a-z0-9][a-z0-9-]*\.myshopify\.com$/, 'must look like name.myshopify.com')
    .optional(),
  // A Dev Dashboard app (the only kind a merchant can make since 2026): the service gets its own
  // expiring Admin API tokens with the client credentials grant; the secret also signs webhooks.
  SHOPIFY_CLIENT_ID: optionalString,
  SHOPIFY_CLIENT_SECRET: optionalString,
  // Legacy: a custom app made in the Shopify admin before 2026, its static token and its secret.
  SHOPIFY_ADMIN_ACCESS_TOKEN: optionalString,
  SHOP_NAME: optionalString,
  SHOPIFY_API_SECRET: optionalString,
  SHOPIFY_API_VERSION: z.string().regex(/^\d{4}-\d{2}$/, 'must look like 2026-10').default('2026-10'),
  SHOPIFY_ADMIN_API_URL: httpUrl.optional(),
  SHOPIFY_WRITE_BACK: bool.default(false),
  SHOPIFY_BACKFILL_DAYS: integer(1, 3650).default(30),
  // Workers make sure Shopify and EasyPost send their webhooks to PUBLIC_URL when they start.
  SUBSCRIBE_WEBHOOKS: bool.default(true),
  SMTP_URL: z.url({ protocol: /^smtps?$/, error: 'must be an smtp:// or smtps:// URL' }).optional(),
  MAIL_FROM: optionalString,
  SUPPORT_EMAIL: z.email().optional(),
  SECRET_KEY: z.string().min(32, 'must be at least 32 characters').optional(),
  HTTP_BODY_LIMIT: z.string().regex(/^\d+(b|kb|mb)$/i, 'must look like 100kb or 1mb').default('1mb'),
  SHUTDOWN_TIMEOUT_MS: integer(100, 120_000).default(10_000),
  HTTP_HEADERS_TIMEOUT_MS: integer(100, 600_000).default(20_000),
  HTTP_REQUEST_TIMEOUT_MS: integer(100, 3_600_000).default(60_000),
  HTTP_KEEP_ALIVE_TIMEOUT_MS: integer(100, 600_000).default(5_000),
  HTTP_CONNECTIONS_PER_IP: integer(0, 100_000).default(100),
  WEBHOOK_RECEIPT_RETENTION_DAYS: integer(1, 3650).default(30),
  JOB_POLL_INTERVAL_SECONDS: z.coerce.number().min(0.5).max(60).default(2),
  TRUST_PROXY: trustProxy.default(false),
  DEMO_CLOCK_SPEED: z.coerce.number().min(1).max(1_000_000).default(2880),
  JOB_SUPERVISE_INTERVAL_SECONDS: integer(1, 3600).default(10),
  METRICS_TOKEN: z.string().trim().min(16, 'must be at least 16 characters').optional(),
  METRICS_GAUGE_SECONDS: integer(0, 3600).default(30),

  // Carrier calls
  EASYPOST_TIMEOUT_MS: integer(100, 120_000).default(15_000),
  EASYPOST_MAX_RPS: z.coerce.number().positive().max(10_000).default(50),
  POLL_CONCURRENCY: integer(1, 512).default(16),
  POLL_JOB_TIMEOUT_SECONDS: integer(5, 3600).default(120),
  CHECK_LEASE_SECONDS: integer(5, 86_400).default(900),
  DISPATCH_INTERVAL_SECONDS: integer(1, 3600).default(30),

  // When to check a shipment next (hours unless named otherwise)
  POLL_OUT_FOR_DELIVERY_HOURS: hours.default(2.5),
  POLL_IN_TRANSIT_HOURS: hours.default(12),
  POLL_NEAR_DELIVERY_HOURS: hours.default(2.5),
  POLL_NEAR_DELIVERY_WINDOW_HOURS: hours.default(4),
  POLL_PRE_TRANSIT_HOURS: hours.default(12),
  POLL_UNKNOWN_FIRST_HOURS: hours.default(1),
  POLL_UNKNOWN_MAX_HOURS: hours.default(24),
  POLL_SLOW_HOURS: hours.default(24),
  POLL_STALLED_HOURS: hours.default(24),
  POLL_BACKSTOP_HOURS: hours.default(8),
  POLL_EXPIRE_DAYS: hours.default(30),
  POLL_RETRY_MINUTES: z.coerce.number().positive().max(24 * 60).default(15),
  POLL_FAILURES_BEFORE_FLAG: integer(1, 1000).default(5),
  POLL_ERROR_MAX_CHECKS: integer(1, 100).default(3),
  POLL_JITTER: z.coerce.number().min(0).max(0.5).default(0.1),
  STALL_AFTER_HOURS: hours.default(72),

  // The shopper's lookup
  LOOKUP_RATE_PER_IP: integer(1, 1_000_000).default(30),
  LOOKUP_RATE_PER_ORDER: integer(1, 1_000_000).default(10),
  LOOKUP_RATE_WINDOW_SECONDS: integer(1, 86_400).default(600),
  LOOKUP_RATE_EXEMPT_IPS: ipRangeList.optional(),
  LOOKUP_LINK_DAYS: integer(1, 3650).default(90),
  RETURNS_URL: httpUrl.optional(),

  // Detection rules
  SHOP_COUNTRY: z.string().trim().regex(/^[A-Za-z]{2}$/, 'must be a two-letter country code').transform((c) => c.toUpperCase()).default('US'),
  // The shop's own clock: every time the console shows, and the days of its analytics.
  SHOP_TIME_ZONE: z
    .string()
    .trim()
    .refine((zone) => isTimeZone(zone), 'must be an IANA time zone such as Europe/Copenhagen or America/New_York')
    .default('UTC'),
  STALL_AFTER_HOURS_INTERNATIONAL: hours.default(168),
  STALL_CARRIER_HOURS: z
    .string()
    .regex(/^\s*[A-Za-z0-9]+\s*=\s*\d+(\.\d+)?\s*(,\s*[A-Za-z0-9]+\s*=\s*\d+(\.\d+)?\s*)*$/, 'must look like UPS=48,FedEx=60')
    .optional(),
  STALL_BUSINESS_DAYS: bool.default(false),
  STALL_LEARNING: bool.default(true),
  STALL_LEARNED_PERCENTILE: z.coerce.number().min(50).max(99.9).default(95),
  STALL_LEARNED_MIN_SAMPLES: integer(10, 1_000_000).default(200),
  STALL_LEARNED_MIN_HOURS: hours.default(24),
  STALL_LEARNED_MAX_HOURS: hours.default(240),
  // A learned delivery estimate is used once a carrier, service and lane has this many delivered parcels.
  ESTIMATE_MIN_SAMPLES: integer(5, 1_000_000).default(30),
  NEVER_SCANNED_DAYS: z.coerce.number().positive().max(60).default(3),
  LATE_GRACE_HOURS: z.coerce.number().min(0).max(24 * 14).default(24),
  DELAY_EMAIL_MIN_GAP_HOURS: z.coerce.number().min(0).max(24 * 30).default(48),
  // The window a delay email asks the shopper to allow, and after which, if the parcel is still
  // silent, the promised follow-up goes out (working days when STALL_BUSINESS_DAYS).
  STALL_FOLLOW_UP_DAYS: integer(1, 30).default(3),
  // Presumed lost: this many days without a scan in transit (calendar days), domestic and international.
  LOST_AFTER_DAYS: z.coerce.number().positive().max(90).default(7),
  LOST_AFTER_DAYS_INTERNATIONAL: z.coerce.number().positive().max(180).default(14),
  // What the follow-up tells the shopper happens to a parcel that stays lost.
  LOST_NEXT_STEP: z.enum(['reship', 'refund', 'ask']).default('ask'),

  BRAND_COLOR: z.string().regex(/^#[0-9a-fA-F]{6}$/, 'must be a colour like #2b59c3').optional(),
  BRAND_LOGO_URL: httpUrl.optional(),
  RETURN_NEXT_STEP: z.enum(['refund', 'reship', 'ask']).default('ask'),

  EMAIL_SEND_CONCURRENCY: integer(1, 64).default(1),

  // Which emails shoppers get (support alerts go to SUPPORT_EMAIL when it is set)
  EMAIL_SHIPPED: bool.default(false),
  EMAIL_DELAYED: bool.default(true),
  EMAIL_NEVER_SCANNED: bool.default(true),
  EMAIL_ACTION_NEEDED: bool.default(true),
  EMAIL_RETURNING: bool.default(true),
  EMAIL_DELIVERED: bool.default(true),

  // The support console
  SUPPORT_SESSION_IDLE_HOURS: hours.default(12),
  SUPPORT_SESSION_MAX_DAYS: z.coerce.number().positive().max(365).default(7),
  SUPPORT_LOCKOUT_ATTEMPTS: integer(1, 1000).default(5),
  SUPPORT_LOCKOUT_MINUTES: z.coerce.number().positive().max(7 * 24 * 60).default(15),
  SUPPORT_LOGIN_RATE_PER_IP: integer(1, 1_000_000).default(20),
  SUPPORT_API_RATE_PER_MINUTE: integer(1, 1_000_000).default(120),
  // A full block stops proactive emails to the customer too (warnings and restrictions never do).
  BLOCK_SUPPRESSES_EMAILS: bool.default(true),

  // Not-received cases
  DISPUTE_REPLY_DAYS: integer(1, 30).default(2),
  REPEAT_CLAIMS_COUNT: integer(2, 100).default(3),
  REPEAT_CLAIMS_DAYS: integer(1, 3650).default(365),
  ADDRESS_LINK_DAYS: integer(1, 365).default(14),
});

type Env = z.infer<typeof schema>;

export const configVariables: readonly string[] = Object.keys(schema.shape);

// Each setting's own default as the schema declares it; a setting without one is absent here (unset, or
// worked out at parse time, as PUBLIC_URL is). docs/configuration.md shows these (npm run docs:config).
export const configDefaults: Readonly<Partial<Env>> = schema.parse({});

export interface Config extends Env {
  PUBLIC_URL: string;
  // postgres: the server DATABASE_URL names; embedded: the one this process runs in DATA_DIR/postgres.
  databaseKind: 'postgres' | 'embedded';
}

export class ConfigError extends Error {
  readonly problems: string[];
  constructor(problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
    this.problems = problems;
  }
}

// An empty assignment in .env ("EASYPOST_API_KEY=") means "not set", as operators expect.
function withoutEmptyValues(env: NodeJS.ProcessEnv): Record<string, string> {
  const out: Record<string, string> = {};
  for (const key of Object.keys(schema.shape)) {
    const value = env[key];
    if (value !== undefined && value.trim() !== '') out[key] = value;
  }
  return out;
}

export function parseConfig(env: NodeJS.ProcessEnv): Config {
  const result = schema.safeParse(withoutEmptyValues(env));
  if (!result.success) {
    // The variable and the rule, never the value: values include secrets (SECRET_KEY, SMTP_URL's password).
    const problems = result.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
    throw new ConfigError(problems);
  }
  const values = result.data;
  // Node refuses a headers timeout longer than the request timeout that contains it.
  if (values.HTTP_HEADERS_TIMEOUT_MS > values.HTTP_REQUEST_TIMEOUT_MS) throw new ConfigError(['HTTP_HEADERS_TIMEOUT_MS: must not be longer than HTTP_REQUEST_TIMEOUT_MS']);
  return {
    ...values,
    PUBLIC_URL: (values.PUBLIC_URL ?? `http://localhost:${values.PORT}`).replace(/\/+$/, ''),
    databaseKind: values.DATABASE_URL ? 'postgres' : 'embedded',
  };
}

export type ShopifyCredentials =
  | { kind: 'client-credentials'; clientId: string; clientSecret: string }
  | { kind: 'static-token'; accessToken: string };

// How the service authenticates to the Admin API, when Shopify is configured at all. A Dev Dashboard
// app's client id and secret win over a legacy static token.
export function shopifyCredentials(config: Pick<Config, 'SHOPIFY_CLIENT_ID' | 'SHOPIFY_CLIENT_SECRET' | 'SHOPIFY_ADMIN_ACCESS_TOKEN'>): ShopifyCredentials | undefined {
  if (config.SHOPIFY_CLIENT_ID && config.SHOPIFY_CLIENT_SECRET) {
    return { kind: 'client-credentials', clientId: config.SHOPIFY_CLIENT_ID, clientSecret: config.SHOPIFY_CLIENT_SECRET };
  }
  if (config.SHOPIFY_ADMIN_ACCESS_TOKEN) return { kind: 'static-token', accessToken: config.SHOPIFY_ADMIN_ACCESS_TOKEN };
  return undefined;
}

// The key Shopify signs webhooks with: a Dev Dashboard app's client secret, or a legacy app's secret.
export function shopifyWebhookSecret(config: Pick<Config, 'SHOPIFY_CLIENT_SECRET' | 'SHOPIFY_API_SECRET'>): string | undefined {
  return config.SHOPIFY_CLIENT_SECRET ?? config.SHOPIFY_API_SECRET;
}

// The interface to listen on: HOST, else every interface, except for the demo, whose terminal
// publishes signed links and a console password: loopback unless HOST says otherwise.
export function listenHost(config: Pick<Config, 'HOST'>, demo: boolean): string {
  return config.HOST ?? (demo ? '127.0.0.1' : '0.0.0.0');
}

// A hop count believes the last N X-Forwarded-For entries whoever connects. Listening on every
// interface, a client may reach the port directly and write those entries itself: worth a warning at
// start (not a refusal: a firewall or a container network may keep the port to the proxy alone).
export function trustProxyWarning(config: Pick<Config, 'TRUST_PROXY'>, host: string): string | undefined {
  if (typeof config.TRUST_PROXY !== 'number' || !['0.0.0.0', '::', '[::]'].includes(host)) return undefined;
  return `TRUST_PROXY=${config.TRUST_PROXY} believes the last ${config.TRUST_PROXY} X-Forwarded-For entries from anyone, and HOST=${host} listens on every interface: a client that reaches this port directly can choose its own address. Set TRUST_PROXY to the proxy's address, or HOST to the interface only the proxy reaches.`;
}

// Reads .env when present (variables already in the environment win), then validates.
export function loadConfig(env: NodeJS.ProcessEnv = process.env, envFile = '.env'): Config {
  const fromFile = existsSync(envFile) ? parseEnv(readFileSync(envFile, 'utf8')) : {};
  return parseConfig({ ...fromFile, ...env });
}
