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

// Every signed link the service hands out, in one place: what it is for (its purpose), how long it
// lives, and the path it opens. Emails, pages and the demo all build links here, so a lifetime or a
// purpose cannot drift between the code that signs a link and the code that checks it.

const DAY_SECONDS = 86_400;

export const LINK_PURPOSE = {
  // The lookup page of one order (/track/<token>), in every shopper email.
  track: 'track',
  // Stopping tracking emails for one address.
  optOut: 'opt_out',
  // Confirming or correcting the address of one not-received case.
  address: 'address',
} as const;

// An opt-out link must keep working long after the email: people unsubscribe from old mail.
export const OPT_OUT_SECONDS = 400 * DAY_SECONDS;

export interface LinkLifetimes {
  LOOKUP_LINK_DAYS: number;
  ADDRESS_LINK_DAYS: number;
}

export function lookupToken(secret: string, lifetimes: Pick<LinkLifetimes, 'LOOKUP_LINK_DAYS'>, orderId: string): string {
  return signLink(secret, LINK_PURPOSE.track, { o: orderId }, lifetimes.LOOKUP_LINK_DAYS * DAY_SECONDS);
}

// The language of the email that carries the link (l), so that its page answers in the same language.
export function optOutToken(secret: string, email: string, language?: string): string {
  return signLink(secret, LINK_PURPOSE.optOut, { e: email, ...(language ? { l: language } : {}) }, OPT_OUT_SECONDS);
}

export function addressToken(secret: string, lifetimes: Pick<LinkLifetimes, 'ADDRESS_LINK_DAYS'>, disputeId: string): string {
  return signLink(secret, LINK_PURPOSE.address, { d: disputeId }, lifetimes.ADDRESS_LINK_DAYS * DAY_SECONDS);
}

export function lookupPath(trackToken: string): string {
  return `/track/${trackToken}`;
}

export function optOutPath(token: string): string {
  return `/email/opt-out/${token}`;
}

// The shopper's pages of a not-received case, reached from emails and from the lookup page: the
// guidance and "still not here" under the lookup token; the address check under its own token.
export function notReceivedPath(trackToken: string, shipmentId: string): string {
  return `${lookupPath(trackToken)}/parcels/${shipmentId}/not-received`;
}

export function addressCheckPath(addressToken: string): string {
  return `/address/${addressToken}`;
}
