import { BlockList, isIP } from 'node:net';
import { RateLimiterMemory, RateLimiterPostgres, RateLimiterRes, type RateLimiterAbstract } from 'rate-limiter-flexible';
import type { DatabaseHandle } from '../../db/database.ts';
import type { Config } from '../../core/config.ts';
import { AppError } from '../../core/errors.ts';
import { canonicalIp, rateLimitSubject } from '../../core/ip.ts';
import { parseIpRangeList } from '../../core/ip-ranges.ts';

// Lookups are rate limited per IP and per order number, so nobody can walk through order numbers or
// guess the email of one. The order is counted by its canonical reference (the one the search uses),
// an IPv6 client by its /64. On PostgreSQL (DATABASE_URL) the counters live in the database and are
// shared by every web process; the embedded database serves one process, so memory is the same thing there.

export interface LookupLimits {
  // ip: the client's address (clientIp); orderKey: the order's bucket, orderLimitKey() of the reference
  // as typed or of the order's name.
  check(ip: string | undefined, orderKey: string): Promise<void>;
}

// LOOKUP_RATE_EXEMPT_IPS, already validated by the configuration.
function exemptions(value: string | undefined): BlockList {
  const list = new BlockList();
  for (const { family, address, prefix } of parseIpRangeList(value ?? '').ranges) list.addSubnet(address, prefix, family);
  return list;
}

export function createLookupLimits(database: DatabaseHandle, config: Config): LookupLimits {
  const window = config.LOOKUP_RATE_WINDOW_SECONDS;
  // The Postgres limiter creates its table on construction. Two creating it at once in a new
  // database can collide (CREATE TABLE IF NOT EXISTS is not safe against itself), so the first one
  // creates it and the second is made once it exists; lookups wait until both are ready.
  const postgres = (keyPrefix: string, points: number, tableCreated: boolean) =>
    new Promise<RateLimiterAbstract>((resolve, reject) => {
      const options = { storeClient: database.kind === 'postgres' ? database.pool : undefined, storeType: 'pool', tableName: 'lookup_rate_limits', keyPrefix, points, duration: window, clearExpiredByTimeout: true, tableCreated };
      // The callback may run inside the constructor (table already there): resolve once it has returned.
      const limiter: RateLimiterAbstract = new RateLimiterPostgres(options, (error?: unknown) => (error ? reject(error) : queueMicrotask(() => resolve(limiter))));
    });
  const ready: Promise<[RateLimiterAbstract, RateLimiterAbstract]> =
    database.kind === 'postgres'
      ? postgres('ip', config.LOOKUP_RATE_PER_IP, false).then(async (perIp) => [perIp, await postgres('order', config.LOOKUP_RATE_PER_ORDER, true)])
      : Promise.resolve([
          new RateLimiterMemory({ keyPrefix: 'ip', points: config.LOOKUP_RATE_PER_IP, duration: window }),
          new RateLimiterMemory({ keyPrefix: 'order', points: config.LOOKUP_RATE_PER_ORDER, duration: window }),
        ]);
  ready.catch(() => {});
  const exempt = exemptions(config.LOOKUP_RATE_EXEMPT_IPS);

  return {
    async check(ip, orderKey) {
      const address = canonicalIp(ip);
      if (address && exempt.check(address, isIP(address) === 6 ? 'ipv6' : 'ipv4')) return;
      const [perIp, perOrder] = await ready;
      try {
        await perIp.consume(rateLimitSubject(address));
        await perOrder.consume(orderKey);
      } catch (rejection) {
        if (!(rejection instanceof RateLimiterRes)) throw rejection;
        throw new AppError('rate_limited', 'Too many lookups. Please wait a little and try again.', {
          headers: { 'Retry-After': String(Math.max(1, Math.ceil(rejection.msBeforeNext / 1000))) },
        });
      }
    },
  };
}
