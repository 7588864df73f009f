import type { Db, Tx } from './database.ts';

// The audit log: who did what to which subject, and when. Rows are only ever added.

export interface AuditEntry {
  shopId: string;
  // The support user who acted, when one did (null for the CLI, an unknown email, a helpdesk token).
  actorUserId: string | null;
  // Who acted, as a person reads it: a support user's email, "cli", "anonymous".
  actor: string;
  // What happened, as `noun.verb`: "login.succeeded", "token.revoked", …
  action: string;
  subjectKind?: string | null;
  subjectId?: string | null;
  details?: Record<string, unknown> | null;
}

export async function recordAudit(db: Db | Tx, entry: AuditEntry): Promise<void> {
  await db
    .insertInto('audit_log')
    .values({
      shop_id: entry.shopId,
      actor_user_id: entry.actorUserId,
      actor: entry.actor,
      action: entry.action,
      subject_kind: entry.subjectKind ?? null,
      subject_id: entry.subjectId ?? null,
      details: entry.details ? JSON.stringify(entry.details) : null,
    })
    .execute();
}

export async function latestAuditEntries(db: Db | Tx, shopId: string, limit = 200) {
  return db
    .selectFrom('audit_log')
    .select(['id', 'actor_user_id', 'actor', 'action', 'subject_kind', 'subject_id', 'details', 'created_at'])
    .where('shop_id', '=', shopId)
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .limit(limit)
    .execute();
}
