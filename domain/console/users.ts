import { z } from 'zod';
import { recordAudit } from '../../db/audit.repository.ts';
import type { Db } from '../../db/database.ts';
import { insertSupportUser, type SupportRole } from '../../db/support-users.repository.ts';
import { hashPassword, passwordProblem } from './passwords.ts';

// Creating support console accounts (today from the operator CLI: `user:create`).

export const supportRoles = ['agent', 'admin'] as const satisfies readonly SupportRole[];

const newUser = z.object({
  email: z.email('must be an email address like agent@example.com').max(254),
  role: z.enum(supportRoles, 'must be agent or admin'),
});

// What is wrong with the given email and role, as one message per problem.
export function newUserProblems(input: { email?: unknown; role?: unknown }): string[] {
  const parsed = newUser.safeParse({ email: typeof input.email === 'string' ? input.email.trim() : input.email, role: input.role });
  return parsed.success ? [] : parsed.error.issues.map((issue) => `--${issue.path.join('.')}: ${issue.message}`);
}

export type CreateUserResult = { created: true; user: { id: string; email: string; role: SupportRole } } | { created: false; reason: 'duplicate_email' };

// Adds an account, or refuses an email the shop already has in any case. The actor is who asked
// ("cli", or a support user's email), for the audit log.
export async function createSupportUser(
  db: Db,
  shopId: string,
  input: { email: string; role: SupportRole; password: string },
  actor: { userId: string | null; name: string },
): Promise<CreateUserResult> {
  const weakness = passwordProblem(input.password);
  if (weakness) throw new Error(weakness);
  const passwordHash = await hashPassword(input.password);
  return db.transaction().execute(async (trx) => {
    const user = await insertSupportUser(trx, { shopId, email: input.email.trim(), passwordHash, role: input.role });
    if (!user) return { created: false, reason: 'duplicate_email' } as const;
    await recordAudit(trx, { shopId, actorUserId: actor.userId, actor: actor.name, action: 'user.created', subjectKind: 'support_user', subjectId: user.id, details: { email: user.email, role: user.role } });
    return { created: true, user: { id: user.id, email: user.email, role: user.role } } as const;
  });
}
