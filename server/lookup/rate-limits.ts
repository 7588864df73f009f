import { BlockList, isIP } from 'node:net';
import { RateLimiterMemory, RateLimiterPostgres, RateLimiterRes, type RateLimiterAbstract } from 'rate-limiter-flexible';
import type { DatabaseHandle } from '../../db/database.ts';
import type { Config } from '../config.ts';
import { AppError } from '../errors.ts';

// Lookups are rate limited per IP and per order number, so nobody can walk through order numbers or
// guess the email of one. On PostgreSQL the counters live in the database and are shared by every
// web process; the embedded database is one process, so memory is the same thing there.

export interface LookupLimits {
  check(ip: string, orderKey: string): Promise<void>;
}

function exemptions(value: string | undefined): BlockList {
  const list = new BlockList();
  for (const entry of (value ?? '').split(',').map((s) => s.trim()).filter(Boolean)) {
    const [address, prefix] = entry.split('/');
    const family = isIP(address) === 6 ? 'ipv6' : 'ipv4';
    if (prefix) list.addSubnet(address, Number(prefix), family);
    else list.addAddress(address, family);
  }
  return list;
}

export function createLookupLimits(database: DatabaseHandle, config: Config): LookupLimits {
  const window = config.LOOKUP_RATE_WINDOW_SECONDS;
  const pending: Promise<void>[] = [];
  const make = (keyPrefix: string, points: number): RateLimiterAbstract => {
    if (database.kind !== 'postgres') return new RateLimiterMemory({ keyPrefix, points, duration: window });
    // The Postgres limiter creates its table on construction; lookups wait until it is there.
    let settle!: (error?: unknown) => void;
    pending.push(new Promise<void>((resolve, reject) => (settle = (error) => (error ? reject(error) : resolve()))));
    const options = { storeClient: database.pool, storeType: 'pool', tableName: 'lookup_rate_limits', keyPrefix, points, duration: window, clearExpiredByTimeout: true };
    return new RateLimiterPostgres(options, settle);
  };
  const perIp = make('ip', config.LOOKUP_RATE_PER_IP);
  const perOrder = make('order', config.LOOKUP_RATE_PER_ORDER);
  const ready = Promise.all(pending);
  ready.catch(() => {});
  const exempt = exemptions(config.LOOKUP_RATE_EXEMPT_IPS);

  return {
    async check(ip, orderKey) {
      const family = isIP(ip) === 6 ? 'ipv6' : 'ipv4';
      if (isIP(ip) && exempt.check(ip.replace(/^::ffff:/, ''), family === 'ipv6' && ip.startsWith('::ffff:') ? 'ipv4' : family)) return;
      await ready;
      try {
        await perIp.consume(ip);
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
