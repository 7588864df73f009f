import { sql } from 'kysely';
import type { Db, Tx } from './database.ts';

export interface BlockSubjects {
  email?: string | null;
  customerId?: string | null;
  ip?: string | null;
}

// The strongest active entry (not lifted, not expired) that matches any of the subjects: an email
// (case-insensitive), a Shopify customer id, or an IP inside a blocked address or CIDR range.
export async function activeBlock(db: Db | Tx, shopId: string, subjects: BlockSubjects, now = new Date()) {
  const { email, customerId, ip } = subjects;
  if (!email && !customerId && !ip) return undefined;
  return db
    .selectFrom('blocklist_entries')
    .select(['id', 'level', 'subject_kind', 'reason', 'expires_at'])
    .where('shop_id', '=', shopId)
    .where('lifted_at', 'is', null)
    .where((eb) => eb.or([eb('expires_at', 'is', null), eb('expires_at', '>', now)]))
    .where((eb) =>
      eb.or([
        ...(email ? [eb.and([eb('subject_kind', '=', 'email'), eb(sql`lower(subject)`, '=', email.trim().toLowerCase())])] : []),
        ...(customerId ? [eb.and([eb('subject_kind', '=', 'customer'), eb('subject', '=', customerId)])] : []),
        ...(ip ? [eb.and([eb('subject_kind', '=', 'ip'), sql<boolean>`subject::inet >>= ${ip}::inet`])] : []),
      ]),
    )
    .orderBy(sql`case level when 'blocked' then 0 when 'restricted' then 1 else 2 end`)
    .executeTakeFirst();
}

// Adds a block unless the same subject already has one; returns whether it was added.
export async function addBlockIfAbsent(
  db: Db | Tx,
  entry: { shopId: string; subjectKind: 'email' | 'customer' | 'ip'; subject: string; level: 'warning' | 'restricted' | 'blocked'; reason: string },
): Promise<boolean> {
  const existing = await db
    .selectFrom('blocklist_entries')
    .select('id')
    .where('shop_id', '=', entry.shopId)
    .where('subject_kind', '=', entry.subjectKind)
    .where(sql`lower(subject)`, '=', entry.subject.toLowerCase())
    .where('lifted_at', 'is', null)
    .executeTakeFirst();
  if (existing) return false;
  await db.insertInto('blocklist_entries').values({ shop_id: entry.shopId, subject_kind: entry.subjectKind, subject: entry.subject, level: entry.level, reason: entry.reason }).execute();
  return true;
}
