import type { Db, Tx } from './database.ts';
import type { WebhookReceiptsTable } from './schema.ts';

export interface ReceiptInput {
  shopId: string;
  provider: WebhookReceiptsTable['provider'];
  eventId: string;
  topic: string;
  // Kept when the job needs what the provider sent (a signed EasyPost tracker); otherwise omitted.
  payload?: unknown;
}

// Records a provider's delivery once. Returns the receipt id, or undefined when that event id was seen
// before (a retry).
export async function recordReceipt(trx: Tx, receipt: ReceiptInput): Promise<string | undefined> {
  const row = await trx
    .insertInto('webhook_receipts')
    .values({
      shop_id: receipt.shopId,
      provider: receipt.provider,
      event_id: receipt.eventId,
      topic: receipt.topic,
      payload: receipt.payload === undefined ? null : JSON.stringify(receipt.payload),
    })
    .onConflict((oc) => oc.columns(['shop_id', 'provider', 'event_id']).doNothing())
    .returning('id')
    .executeTakeFirst();
  return row?.id;
}

export async function findReceipt(db: Db | Tx, id: string) {
  return db.selectFrom('webhook_receipts').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function pruneReceiptsBefore(db: Db | Tx, cutoff: Date): Promise<number> {
  const result = await db.deleteFrom('webhook_receipts').where('received_at', '<', cutoff).executeTakeFirst();
  return Number(result.numDeletedRows);
}

export async function countReceipts(db: Db | Tx, shopId: string): Promise<number> {
  const row = await db
    .selectFrom('webhook_receipts')
    .select((eb) => eb.fn.countAll<number>().as('count'))
    .where('shop_id', '=', shopId)
    .executeTakeFirstOrThrow();
  return Number(row.count);
}
