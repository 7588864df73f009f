import type { Selectable } from 'kysely';
import type { Db, Tx } from './database.ts';
import type { OutboxMessagesTable } from './schema.ts';

export type OutboxMessage = Selectable<OutboxMessagesTable>;
export type OutboxMessageSummary = Omit<OutboxMessage, 'raw'>;

export interface OutboxMessageInput {
  shopId: string;
  messageId: string;
  recipient: string;
  subject: string;
  kind: string;
  locale: string;
  // The complete RFC 822 source, as it would have gone over SMTP.
  raw: string;
}

const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

// Keeps a message once per Message-ID: a resend after a crash finds the first copy and stores nothing.
export async function insertOutboxMessage(db: Db | Tx, message: OutboxMessageInput): Promise<{ id: string; inserted: boolean }> {
  const row = await db
    .insertInto('outbox_messages')
    .values({
      shop_id: message.shopId,
      message_id: message.messageId,
      recipient: message.recipient,
      subject: message.subject,
      kind: message.kind,
      locale: message.locale,
      raw: message.raw,
    })
    .onConflict((oc) => oc.column('message_id').doNothing())
    .returning('id')
    .executeTakeFirst();
  if (row) return { id: row.id, inserted: true };
  const existing = await db.selectFrom('outbox_messages').select('id').where('message_id', '=', message.messageId).executeTakeFirstOrThrow();
  return { id: existing.id, inserted: false };
}

// Newest first, without the (large) raw source.
export async function listRecentOutboxMessages(db: Db | Tx, shopId: string, limit = 50): Promise<OutboxMessageSummary[]> {
  return db
    .selectFrom('outbox_messages')
    .select(['id', 'shop_id', 'message_id', 'recipient', 'subject', 'kind', 'locale', 'created_at'])
    .where('shop_id', '=', shopId)
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .limit(limit)
    .execute();
}

// An id straight from a URL may not be a uuid; that is "not found", not a database error.
export async function findOutboxMessage(db: Db | Tx, shopId: string, id: string): Promise<OutboxMessage | undefined> {
  if (!uuidPattern.test(id)) return undefined;
  return db.selectFrom('outbox_messages').selectAll().where('shop_id', '=', shopId).where('id', '=', id).executeTakeFirst();
}

