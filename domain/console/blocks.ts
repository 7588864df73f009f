import { recordAudit } from '../../db/audit.repository.ts';
import { addBlock, liftBlock, type BlockLevel, type BlockSubjectKind } from '../../db/blocklist.repository.ts';
import type { DomainContext } from '../context.ts';

// The blocklist from the console: adding and lifting entries, each audited with what it blocks.

// The support user who acts.
type Actor = { userId: string; email: string };

export interface BlockInput {
  subjectKind: BlockSubjectKind;
  // In the one form the blocklist compares (a normalized email, a customer number, an address or range).
  subject: string;
  level: BlockLevel;
  reason: string;
  expiresAt: Date | null;
}

export async function addBlockEntry({ db, shopId, logger }: Pick<DomainContext, 'db' | 'shopId' | 'logger'>, actor: Actor, input: BlockInput) {
  const entry = await db.transaction().execute(async (trx) => {
    const added = await addBlock(trx, { shopId, ...input, createdBy: actor.userId });
    await recordAudit(trx, {
      shopId,
      actorUserId: actor.userId,
      actor: actor.email,
      action: 'block.added',
      subjectKind: 'blocklist_entry',
      subjectId: added.id,
      details: { subjectKind: input.subjectKind, subject: input.subject, level: input.level, reason: input.reason, expiresAt: input.expiresAt?.toISOString() ?? null },
    });
    return added;
  });
  logger.info({ blockId: entry.id, level: entry.level }, 'block entry added');
  return entry;
}

// Ends an entry now; undefined when there is none in force by that id (lifted already, or expired).
export async function liftBlockEntry({ db, shopId }: Pick<DomainContext, 'db' | 'shopId'>, actor: Actor, id: string) {
  return db.transaction().execute(async (trx) => {
    const entry = await liftBlock(trx, shopId, id);
    if (!entry) return undefined;
    await recordAudit(trx, {
      shopId,
      actorUserId: actor.userId,
      actor: actor.email,
      action: 'block.lifted',
      subjectKind: 'blocklist_entry',
      subjectId: entry.id,
      details: { subjectKind: entry.subject_kind, subject: entry.subject, level: entry.level },
    });
    return entry;
  });
}
