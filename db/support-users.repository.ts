import { sql } from 'kysely';
import type { Db, Tx } from './database.ts';
import type { SupportUsersTable } from './schema.ts';

// Support console accounts: who may sign in, with which role, and who is who on pages that name them.

export type SupportRole = SupportUsersTable['role'];

export async function insertSupportUser(db: Db | Tx, user: { shopId: string; email: string; passwordHash: string; role: SupportRole }) {
  // Emails are unique per shop whatever their case (a unique index on lower(email)): a duplicate inserts nothing.
  return db
    .insertInto('support_users')
    .values({ shop_id: user.shopId, email: user.email, password_hash: user.passwordHash, role: user.role })
    .onConflict((oc) => oc.doNothing())
    .returning(['id', 'email', 'role', 'created_at'])
    .executeTakeFirst();
}

export async function findSupportUserByEmail(db: Db | Tx, shopId: string, email: string) {
  return db
    .selectFrom('support_users')
    .selectAll()
    .where('shop_id', '=', shopId)
    .where(sql`lower(email)`, '=', email.trim().toLowerCase())
    .executeTakeFirst();
}

export async function setSupportUserPassword(db: Db | Tx, userId: string, passwordHash: string): Promise<void> {
  await db.updateTable('support_users').set({ password_hash: passwordHash }).where('id', '=', userId).execute();
}

// Who is who, for pages that name the support users who acted.
export async function supportUserEmails(db: Db | Tx, shopId: string, ids: Array<string | null>): Promise<Map<string, string>> {
  const wanted = [...new Set(ids.filter((id): id is string => Boolean(id)))];
  if (wanted.length === 0) return new Map();
  const rows = await db.selectFrom('support_users').select(['id', 'email']).where('shop_id', '=', shopId).where('id', 'in', wanted).execute();
  return new Map(rows.map((r) => [r.id, r.email]));
}
