import type { Db, Tx } from './database.ts';
import type { Place } from './schema.ts';

export interface NewTrackingEvent {
  dedupeKey: string;
  occurredAt: Date | null;
  status: string;
  statusDetail: string | null;
  message: string | null;
  location: Place | null;
}

// Every poll and webhook repeats the whole history; only events not stored before are added.
// Returns how many were new.
export async function insertTrackingEvents(trx: Tx, shopId: string, shipmentId: string, events: NewTrackingEvent[]): Promise<number> {
  if (events.length === 0) return 0;
  const rows = await trx
    .insertInto('tracking_events')
    .values(
      events.map((e) => ({
        shop_id: shopId,
        shipment_id: shipmentId,
        dedupe_key: e.dedupeKey,
        occurred_at: e.occurredAt,
        status: e.status,
        status_detail: e.statusDetail,
        message: e.message,
        location: e.location ? JSON.stringify(e.location) : null,
      })),
    )
    .onConflict((oc) => oc.columns(['shipment_id', 'dedupe_key']).doNothing())
    .returning('id')
    .execute();
  return rows.length;
}

export async function listTrackingEvents(db: Db | Tx, shipmentId: string) {
  return db
    .selectFrom('tracking_events')
    .selectAll()
    .where('shipment_id', '=', shipmentId)
    .orderBy('occurred_at', (ob) => ob.desc().nullsLast())
    .orderBy('created_at', 'desc')
    .execute();
}
