import { recordAudit } from '../../db/audit.repository.ts';
import {
  clearFailedLogins,
  deleteExpiredSessions,
  findSupportUserByEmail,
  hitRateLimit,
  peekRateLimit,
  pruneRateLimits,
  recordFailedLogin,
} from '../../db/support.repository.ts';
import type { AppServices } from '../app.ts';
import { checkAgainstNothing, verifyPassword } from './passwords.ts';
import { sha256Hex } from './secrets.ts';
import { startSession } from './sessions.ts';

// Signing in to the console. An unknown email, a disabled account and a wrong password are one answer
// reached by the same work (a password hash is checked every time). SUPPORT_LOCKOUT_ATTEMPTS failures
// in a row lock an account for SUPPORT_LOCKOUT_MINUTES; unknown emails are counted the same way so the
// lock does not tell which emails have accounts. Failures are also counted per IP address.

export type SignInResult =
  | { ok: true; user: { id: string; email: string }; session: Awaited<ReturnType<typeof startSession>> }
  | { ok: false; reason: 'invalid' | 'locked' | 'rate_limited' };

interface Attempt {
  email: string;
  password: string;
  ip: string;
}

export async function signIn(services: AppServices, attempt: Attempt, now = new Date()): Promise<SignInResult> {
  const { db, config, shopId, logger } = services;
  const windowSeconds = config.SUPPORT_LOCKOUT_MINUTES * 60;
  const ipKey = `login-ip:${attempt.ip}`;
  const email = attempt.email.trim().toLowerCase();
  const failed = (reason: string, userId: string | null, actor: string) =>
    recordAudit(db, { shopId, actorUserId: userId, actor, action: 'login.failed', subjectKind: userId ? 'support_user' : null, subjectId: userId, details: { email, ip: attempt.ip, reason } });

  if ((await peekRateLimit(db, shopId, ipKey, windowSeconds, now)) >= config.SUPPORT_LOGIN_RATE_PER_IP) {
    logger.warn({ ip: attempt.ip }, 'support sign-in refused: too many failures from this address');
    return { ok: false, reason: 'rate_limited' };
  }
  const user = await findSupportUserByEmail(db, shopId, email);

  if (!user || user.disabled_at) {
    await checkAgainstNothing(attempt.password);
    await hitRateLimit(db, shopId, ipKey, windowSeconds, now);
    const tries = await hitRateLimit(db, shopId, `login-email:${sha256Hex(email)}`, windowSeconds, now);
    await failed(user ? 'disabled' : 'unknown_email', user?.id ?? null, 'anonymous');
    return { ok: false, reason: tries.hits >= config.SUPPORT_LOCKOUT_ATTEMPTS ? 'locked' : 'invalid' };
  }

  if (user.locked_until && user.locked_until > now) {
    await checkAgainstNothing(attempt.password);
    await hitRateLimit(db, shopId, ipKey, windowSeconds, now);
    await failed('locked', user.id, user.email);
    return { ok: false, reason: 'locked' };
  }

  if (!(await verifyPassword(user.password_hash, attempt.password))) {
    await hitRateLimit(db, shopId, ipKey, windowSeconds, now);
    const lockUntil = new Date(now.getTime() + windowSeconds * 1000);
    const after = await recordFailedLogin(db, user.id, config.SUPPORT_LOCKOUT_ATTEMPTS, lockUntil);
    await failed('wrong_password', user.id, user.email);
    const lockedNow = after.locked_until !== null && after.locked_until > now;
    if (lockedNow) {
      await recordAudit(db, { shopId, actorUserId: null, actor: 'system', action: 'login.locked', subjectKind: 'support_user', subjectId: user.id, details: { email: user.email, until: after.locked_until!.toISOString(), ip: attempt.ip } });
      logger.warn({ userId: user.id }, 'support account locked after repeated failed sign-ins');
    }
    return { ok: false, reason: lockedNow ? 'locked' : 'invalid' };
  }

  await clearFailedLogins(db, user.id);
  await deleteExpiredSessions(db, shopId, now);
  await pruneRateLimits(db, shopId, new Date(now.getTime() - Math.max(windowSeconds, 86_400) * 1000));
  const session = await startSession(db, shopId, user.id, config, now);
  await recordAudit(db, { shopId, actorUserId: user.id, actor: user.email, action: 'login.succeeded', subjectKind: 'support_session', subjectId: session.sessionId, details: { ip: attempt.ip } });
  return { ok: true, user: { id: user.id, email: user.email }, session };
}
