import { recordAudit } from '../../db/audit.repository.ts';
import { findSupportUserByEmail } from '../../db/support-users.repository.ts';
import { deleteExpiredSessions } from '../../db/support-sessions.repository.ts';
import { clearRateLimit, hitRateLimit, peekRateLimit, pruneRateLimits, recordSignInFailure, signInLockedUntil } from '../../db/support-rate-limits.repository.ts';
import type { DomainContext } from '../context.ts';
import { rateLimitSubject } from '../../core/ip.ts';
import { checkAgainstNothing, verifyPassword } from './passwords.ts';
import { sha256Hex } from './secrets.ts';
import { startSession } from './sessions.ts';

// Signing in to the console. An unknown email, a disabled account and a wrong password are one answer
// reached by the same work (a password hash is checked every time). SUPPORT_LOCKOUT_ATTEMPTS failures
// in a row lock an email for SUPPORT_LOCKOUT_MINUTES from the failure that reached the count, by one
// rule and one record for every email, with an account or without: the lock does not tell which
// emails have accounts. Failures are also counted per IP address (per /64 for IPv6).

export type SignInResult =
  | { ok: true; user: { id: string; email: string }; session: Awaited<ReturnType<typeof startSession>> }
  | { ok: false; reason: 'invalid' | 'locked' | 'rate_limited' };

interface Attempt {
  email: string;
  password: string;
  ip: string;
}

export async function signIn(services: Pick<DomainContext, 'db' | 'config' | 'shopId' | 'logger'>, attempt: Attempt, now = new Date()): Promise<SignInResult> {
  const { db, config, shopId, logger } = services;
  const windowSeconds = config.SUPPORT_LOCKOUT_MINUTES * 60;
  const lockAfter = config.SUPPORT_LOCKOUT_ATTEMPTS;
  const ipKey = `login-ip:${rateLimitSubject(attempt.ip)}`;
  const email = attempt.email.trim().toLowerCase();
  const emailKey = `login-email:${sha256Hex(email)}`;

  if ((await peekRateLimit(db, shopId, ipKey, windowSeconds, now)) >= config.SUPPORT_LOGIN_RATE_PER_IP) {
    logger.warn({ ip: attempt.ip }, 'support sign-in refused: too many failures from this address');
    return { ok: false, reason: 'rate_limited' };
  }
  const user = await findSupportUserByEmail(db, shopId, email);
  const usable = user && !user.disabled_at ? user : undefined;
  const failed = (reason: string) =>
    recordAudit(db, { shopId, actorUserId: user?.id ?? null, actor: usable?.email ?? 'anonymous', action: 'login.failed', subjectKind: user ? 'support_user' : null, subjectId: user?.id ?? null, details: { email, ip: attempt.ip, reason } });

  if (await signInLockedUntil(db, shopId, emailKey, lockAfter, windowSeconds, now)) {
    await checkAgainstNothing(attempt.password);
    await hitRateLimit(db, shopId, ipKey, windowSeconds, now);
    await failed('locked');
    return { ok: false, reason: 'locked' };
  }

  const passwordOk = usable ? await verifyPassword(usable.password_hash, attempt.password) : (await checkAgainstNothing(attempt.password), false);
  if (!usable || !passwordOk) {
    await hitRateLimit(db, shopId, ipKey, windowSeconds, now);
    const { lockedUntil } = await recordSignInFailure(db, shopId, emailKey, lockAfter, windowSeconds, now);
    await failed(!user ? 'unknown_email' : !usable ? 'disabled' : 'wrong_password');
    if (lockedUntil && usable) {
      await recordAudit(db, { shopId, actorUserId: null, actor: 'system', action: 'login.locked', subjectKind: 'support_user', subjectId: usable.id, details: { email: usable.email, until: lockedUntil.toISOString(), ip: attempt.ip } });
      logger.warn({ userId: usable.id }, 'support account locked after repeated failed sign-ins');
    }
    return { ok: false, reason: lockedUntil ? 'locked' : 'invalid' };
  }

  await clearRateLimit(db, shopId, emailKey);
  await deleteExpiredSessions(db, shopId, now);
  await pruneRateLimits(db, shopId, new Date(now.getTime() - Math.max(windowSeconds, 86_400) * 1000));
  const session = await startSession(db, shopId, usable.id, config, now);
  await recordAudit(db, { shopId, actorUserId: usable.id, actor: usable.email, action: 'login.succeeded', subjectKind: 'support_session', subjectId: session.sessionId, details: { ip: attempt.ip } });
  return { ok: true, user: { id: usable.id, email: usable.email }, session };
}
