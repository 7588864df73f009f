import type { Db } from '../../db/database.ts';
import { advanceSyncCursor, findShop } from '../../db/shops.repository.ts';
import type { Logger } from '../../core/logger.ts';
import type { ShopifyAdmin } from './admin-api.ts';
import { trackingNow } from '../../core/clock.ts';
import { storeOrder } from './store-order.ts';

export interface ReconcileProgress {
  pages: number;
  orders: number;
  added: number;
  retired: number;
  refused: number;
}

interface ReconcileContext {
  db: Db;
  shopify: ShopifyAdmin;
  shopId: string;
  logger: Logger;
}

// Pages through every order updated since the shop's cursor (or `since`), oldest first, storing each
// page and moving the cursor in one transaction: a crash repeats at most one page, never skips one.
// It is both the recovery path for webhooks missed while the service was down and the first import.
export async function reconcileOrders(
  ctx: ReconcileContext,
  options: { since?: Date; defaultSince: Date; pageSize?: number; onPage?: (progress: ReconcileProgress) => void },
): Promise<ReconcileProgress> {
  const shop = await findShop(ctx.db, ctx.shopId);
  const since = options.since ?? (shop?.sync_cursor ? new Date(shop.sync_cursor) : options.defaultSince);
  const progress: ReconcileProgress = { pages: 0, orders: 0, added: 0, retired: 0, refused: 0 };
  let after: string | null = null;
  do {
    const page = await ctx.shopify.fetchOrdersUpdatedSince(since, after, options.pageSize);
    await ctx.db.transaction().execute(async (trx) => {
      const now = trackingNow();
      for (const node of page.nodes) {
        const stored = await storeOrder(trx, ctx.shopId, node, now, ctx.logger);
        progress.added += stored.added;
        progress.retired += stored.retired;
        progress.refused += stored.refused;
      }
      const newest = page.nodes.reduce<string | null>((max, n) => (!max || n.updatedAt > max ? n.updatedAt : max), null);
      if (newest) await advanceSyncCursor(trx, ctx.shopId, new Date(newest));
    });
    progress.pages++;
    progress.orders += page.nodes.length;
    options.onPage?.(progress);
    after = page.hasNextPage ? page.endCursor : null;
  } while (after);
  return progress;
}
