import { createHmac, timingSafeEqual } from 'node:crypto';

// Signed, expiring tokens for links in emails: the lookup page, opt-out, "not received", address
// confirmation. The payload is readable (base64url JSON) but cannot be changed or reused after expiry.

export interface LinkPayload {
  // What the link is for: 'track', 'opt_out', …; a token for one purpose is refused for another.
  p: string;
  // Expiry, seconds since the epoch.
  exp: number;
  [field: string]: string | number;
}

function mac(secret: string, body: string): string {
  return createHmac('sha256', secret).update(body).digest('base64url');
}

export function signLink(secret: string, purpose: string, fields: Record<string, string | number>, ttlSeconds: number, now = Date.now()): string {
  const body = Buffer.from(JSON.stringify({ ...fields, p: purpose, exp: Math.floor(now / 1000) + ttlSeconds })).toString('base64url');
  return `${body}.${mac(secret, body)}`;
}

export type LinkCheck = { ok: true; payload: LinkPayload } | { ok: false; reason: 'malformed' | 'bad_signature' | 'expired' | 'wrong_purpose' };

export function verifyLink(secret: string, purpose: string, token: string, now = Date.now()): LinkCheck {
  const [body, signature, extra] = token.split('.');
  if (!body || !signature || extra !== undefined || token.length > 2048) return { ok: false, reason: 'malformed' };
  const expected = Buffer.from(mac(secret, body));
  const given = Buffer.from(signature);
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) return { ok: false, reason: 'bad_signature' };
  let payload: LinkPayload;
  try {
    payload = JSON.parse(Buffer.from(body, 'base64url').toString('utf8')) as LinkPayload;
  } catch {
    return { ok: false, reason: 'malformed' };
  }
  if (payload.p !== purpose) return { ok: false, reason: 'wrong_purpose' };
  if (typeof payload.exp !== 'number' || payload.exp * 1000 < now) return { ok: false, reason: 'expired' };
  return { ok: true, payload };
}
