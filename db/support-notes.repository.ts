import type { Db, Tx } from './database.ts';

// Notes support staff keep on an order and its parcels. Rows are only ever added.

export async function addSupportNote(db: Db | Tx, note: { shopId: string; orderId: string; shipmentId: string | null; authorId: string | null; body: string }) {
  return db
    .insertInto('support_notes')
    .values({ shop_id: note.shopId, order_id: note.orderId, shipment_id: note.shipmentId, author_id: note.authorId, body: note.body })
    .returning(['id', 'created_at'])
    .executeTakeFirstOrThrow();
}

// An order's notes, newest first, with who wrote them.
export async function listSupportNotes(db: Db | Tx, shopId: string, orderId: string) {
  return db
    .selectFrom('support_notes as n')
    .leftJoin('support_users as u', 'u.id', 'n.author_id')
    .select(['n.id', 'n.shipment_id', 'n.body', 'n.created_at', 'u.email as author_email'])
    .where('n.shop_id', '=', shopId)
    .where('n.order_id', '=', orderId)
    .orderBy('n.created_at', 'desc')
    .orderBy('n.id', 'desc')
    .execute();
}
