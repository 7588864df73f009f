import type { Db } from '../../db/database.ts';
import { addOrderLookups, type LookupCount } from '../../db/order-lookups.repository.ts';
import type { Logger } from '../../core/logger.ts';

// Every answered lookup is counted (per order and UTC day) for the analytics: how much "where is my
// order?" the emails spared. The counts are kept in memory and written every few seconds in one
// statement, so a lookup stays a read however many shoppers ask at once. A stopping process writes
// what it holds; a killed one loses at most the last few seconds of counts (figures, not data a
// shopper or the shop relies on). A failed write keeps its counts for the next one.
export interface LookupCounter {
  count(orderId: string, at: Date): void;
  flush(): Promise<void>;
  stop(): Promise<void>;
}

export function createLookupCounter(db: Db, shopId: string, logger: Logger, everyMs = 5000): LookupCounter {
  let pending = new Map<string, LookupCount>();
  let writing: Promise<void> = Promise.resolve();
  const flush = () => {
    writing = writing.then(async () => {
      if (pending.size === 0) return;
      const batch = pending;
      pending = new Map();
      try {
        await addOrderLookups(db, shopId, [...batch.values()]);
      } catch (error) {
        logger.warn({ err: error, orders: batch.size }, 'could not write lookup counts; kept for the next write');
        for (const [key, count] of batch) {
          const held = pending.get(key);
          pending.set(key, held ? { ...held, lookups: held.lookups + count.lookups } : count);
        }
      }
    });
    return writing;
  };
  const timer = setInterval(() => void flush(), everyMs);
  timer.unref();
  return {
    count(orderId, at) {
      const day = at.toISOString().slice(0, 10);
      const key = `${orderId}/${day}`;
      const held = pending.get(key);
      pending.set(key, { orderId, day, lookups: (held?.lookups ?? 0) + 1 });
    },
    flush,
    async stop() {
      clearInterval(timer);
      await flush();
    },
  };
}
