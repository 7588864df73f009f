import { sql } from 'kysely';
import type { Db, Tx } from './database.ts';
import { normalizeEmail } from '../core/order-reference.ts';

export type SuppressionReason = 'opt_out' | 'bounced';

// Emails are stored and compared in the one form blocks and the lookup use (NFKC, trimmed, lower
// case): an opt-out from ｊｏｅ@example.com stops mail to joe@example.com.

// Why an address must not get proactive emails, if it must not.
export async function emailSuppression(db: Db | Tx, shopId: string, email: string): Promise<SuppressionReason | undefined> {
  const row = await db
    .selectFrom('email_suppressions')
    .select('reason')
    .where('shop_id', '=', shopId)
    .where(sql`lower(email)`, '=', normalizeEmail(email))
    .orderBy('reason', 'desc')
    .executeTakeFirst();
  return row?.reason;
}

export async function addEmailSuppression(db: Db | Tx, shopId: string, email: string, reason: SuppressionReason): Promise<void> {
  await db
    .insertInto('email_suppressions')
    .values({ shop_id: shopId, email: normalizeEmail(email), reason })
    .onConflict((oc) => oc.expression(sql`shop_id, lower(email), reason`).doNothing())
    .execute();
}
