import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import type { Db, Tx } from './database.ts';
import type { Notification } from './schema.ts';

export interface NewNotification {
  shopId: string;
  shipmentId: string | null;
  orderId: string | null;
  issueId?: string | null;
  disputeId?: string | null;
  kind: string;
  episode: number;
  recipient: string;
  locale: string;
  messageDomain: string;
}

// One row per email, ever: (shipment, kind, episode) is unique. Returns the row, or undefined when
// this email was already recorded. The Message-ID is fixed here so a resend keeps it.
export async function createNotification(trx: Tx, n: NewNotification): Promise<Notification | undefined> {
  return trx
    .insertInto('notifications')
    .values({
      shop_id: n.shopId,
      shipment_id: n.shipmentId,
      order_id: n.orderId,
      issue_id: n.issueId ?? null,
      dispute_id: n.disputeId ?? null,
      kind: n.kind,
      episode: n.episode,
      recipient: n.recipient,
      locale: n.locale,
      message_id: `<${randomUUID()}@${n.messageDomain}>`,
    })
    .onConflict((oc) => oc.columns(['shipment_id', 'kind', 'episode']).doNothing())
    .returningAll()
    .executeTakeFirst();
}

export async function findNotification(db: Db | Tx, id: string): Promise<Notification | undefined> {
  return db.selectFrom('notifications').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function lockNotification(trx: Tx, id: string): Promise<Notification | undefined> {
  return trx.selectFrom('notifications').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
}

export async function updateNotification(db: Db | Tx, id: string, values: Partial<Pick<Notification, 'state' | 'suppressed_reason' | 'attempts' | 'last_error' | 'sent_at'>>): Promise<void> {
  await db.updateTable('notifications').set(values).where('id', '=', id).execute();
}

// When the shopper last got (or is about to get) an email of these kinds for a shipment.
export async function lastNotifiedAt(trx: Tx, shipmentId: string, kinds: string[]): Promise<Date | undefined> {
  const row = await trx
    .selectFrom('notifications')
    .select((eb) => eb.fn.max('created_at').as('at'))
    .where('shipment_id', '=', shipmentId)
    .where('kind', 'in', kinds)
    .where('state', 'in', ['pending', 'sent'])
    .executeTakeFirst();
  return row?.at ? new Date(row.at as unknown as string) : undefined;
}


// Episodes number the emails of one (shipment, kind): positive for the emails the service decides to
// send (an issue's episode, a not-received case's turn), negative for copies support asks for, so a
// resend never takes the number a later episode will need.
export async function nextEpisode(trx: Tx, shipmentId: string | null, kind: string): Promise<number> {
  if (!shipmentId) return 1;
  const row = await trx
    .selectFrom('notifications')
    .select(sql<number | null>`max(episode)`.as('last'))
    .where('shipment_id', '=', shipmentId)
    .where('kind', '=', kind)
    .where('episode', '>', 0)
    .executeTakeFirst();
  return Number(row?.last ?? 0) + 1;
}

export async function nextResendEpisode(trx: Tx, shipmentId: string | null, kind: string): Promise<number> {
  if (!shipmentId) return -1;
  const row = await trx
    .selectFrom('notifications')
    .select(sql<number | null>`min(episode)`.as('first'))
    .where('shipment_id', '=', shipmentId)
    .where('kind', '=', kind)
    .where('episode', '<', 0)
    .executeTakeFirst();
  return Number(row?.first ?? 0) - 1;
}
