import { isIP } from 'node:net';
import { sql } from 'kysely';
import { normalizeEmail } from '../core/order-reference.ts';
import type { Db, Tx } from './database.ts';

export interface BlockSubjects {
  email?: string | null;
  customerId?: string | null;
  ip?: string | null;
}

// The strongest active entry (not lifted, not expired) that matches any of the subjects: an email
// (in the form the lookup matches emails: NFKC, trimmed, lower case), a Shopify customer id, or an
// IP inside a blocked address or CIDR range. Something that is no IP address matches no IP entry.
export async function activeBlock(db: Db | Tx, shopId: string, subjects: BlockSubjects, now = new Date()) {
  return activeBlockQuery(db, shopId, subjects, now)?.executeTakeFirst();
}

// The query behind activeBlock, for a statement that needs the answer inside it (the lookup's); none
// when there is nothing to match.
export function activeBlockQuery(db: Db | Tx, shopId: string, subjects: BlockSubjects, now: Date) {
  const { customerId } = subjects;
  const email = subjects.email ? normalizeEmail(subjects.email) : undefined;
  const ip = subjects.ip && isIP(subjects.ip) && !subjects.ip.includes('%') ? subjects.ip : undefined;
  if (!email && !customerId && !ip) return undefined;
  return db
    .selectFrom('blocklist_entries')
    .select(['id', 'level', 'subject_kind', 'reason', 'expires_at'])
    .where('shop_id', '=', shopId)
    .where('lifted_at', 'is', null)
    .where((eb) => eb.or([eb('expires_at', 'is', null), eb('expires_at', '>', now)]))
    .where((eb) =>
      eb.or([
        ...(email ? [eb.and([eb('subject_kind', '=', 'email'), eb(sql`lower(subject)`, '=', email)])] : []),
        ...(customerId ? [eb.and([eb('subject_kind', '=', 'customer'), eb('subject', '=', customerId)])] : []),
        ...(ip ? [eb.and([eb('subject_kind', '=', 'ip'), sql<boolean>`subject::inet >>= ${ip}::inet`])] : []),
      ]),
    )
    .orderBy(sql`case level when 'blocked' then 0 when 'restricted' then 1 else 2 end`)
    .limit(1);
}

// Adds a block unless the same subject already has one; returns whether it was added.
export async function addBlockIfAbsent(
  db: Db | Tx,
  entry: { shopId: string; subjectKind: 'email' | 'customer' | 'ip'; subject: string; level: 'warning' | 'restricted' | 'blocked'; reason: string },
): Promise<boolean> {
  const subject = entry.subjectKind === 'email' ? normalizeEmail(entry.subject) : entry.subject;
  const existing = await db
    .selectFrom('blocklist_entries')
    .select('id')
    .where('shop_id', '=', entry.shopId)
    .where('subject_kind', '=', entry.subjectKind)
    .where(sql`lower(subject)`, '=', subject.toLowerCase())
    .where('lifted_at', 'is', null)
    .executeTakeFirst();
  if (existing) return false;
  await db.insertInto('blocklist_entries').values({ shop_id: entry.shopId, subject_kind: entry.subjectKind, subject, level: entry.level, reason: entry.reason }).execute();
  return true;
}

export type BlockSubjectKind = 'email' | 'customer' | 'ip';
export type BlockLevel = 'warning' | 'restricted' | 'blocked';

// Every active entry (strongest, then newest) and the latest `limit` lifted or expired ones, most
// recently ended first, each with who added it. Active entries are never cut off: each must stay liftable.
export async function listBlocks(db: Db | Tx, shopId: string, now = new Date(), limit = 500) {
  const base = db
    .selectFrom('blocklist_entries as b')
    .leftJoin('support_users as u', 'u.id', 'b.created_by')
    .select(['b.id', 'b.subject_kind', 'b.subject', 'b.level', 'b.reason', 'b.expires_at', 'b.created_at', 'b.lifted_at', 'u.email as created_by_email'])
    .where('b.shop_id', '=', shopId);
  const active = await base
    .where('b.lifted_at', 'is', null)
    .where((eb) => eb.or([eb('b.expires_at', 'is', null), eb('b.expires_at', '>', now)]))
    .orderBy(sql`case b.level when 'blocked' then 0 when 'restricted' then 1 else 2 end`)
    .orderBy('b.created_at', 'desc')
    .orderBy('b.id', 'desc')
    .execute();
  const ended = await base
    .where((eb) => eb.or([eb('b.lifted_at', 'is not', null), eb('b.expires_at', '<=', now)]))
    .orderBy(sql`coalesce(b.lifted_at, b.expires_at)`, 'desc')
    .orderBy('b.id', 'desc')
    .limit(limit)
    .execute();
  return { active, ended };
}

export async function addBlock(
  db: Db | Tx,
  entry: { shopId: string; subjectKind: BlockSubjectKind; subject: string; level: BlockLevel; reason: string; expiresAt: Date | null; createdBy: string | null },
) {
  return db
    .insertInto('blocklist_entries')
    .values({
      shop_id: entry.shopId,
      subject_kind: entry.subjectKind,
      subject: entry.subject,
      level: entry.level,
      reason: entry.reason,
      expires_at: entry.expiresAt,
      created_by: entry.createdBy,
    })
    .returning(['id', 'subject_kind', 'subject', 'level'])
    .executeTakeFirstOrThrow();
}

// Ends an entry now; undefined when there is none by that id that is still in force.
export async function liftBlock(db: Db | Tx, shopId: string, id: string, now = new Date()) {
  return db
    .updateTable('blocklist_entries')
    .set({ lifted_at: now })
    .where('shop_id', '=', shopId)
    .where('id', '=', id)
    .where('lifted_at', 'is', null)
    .where((eb) => eb.or([eb('expires_at', 'is', null), eb('expires_at', '>', now)]))
    .returning(['id', 'subject_kind', 'subject', 'level'])
    .executeTakeFirst();
}
