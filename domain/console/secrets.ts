import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

// Random secrets (session tokens, CSRF tokens, API tokens) and how they are kept: only a SHA-256 hash
// of a credential is stored, so a copy of the database lets nobody in.

export function randomSecret(bytes = 32): string {
  return randomBytes(bytes).toString('base64url');
}

export function sha256Hex(value: string): string {
  return createHash('sha256').update(value).digest('hex');
}

// Compares two secrets in constant time, whatever their lengths (as equal-length digests).
export function sameSecret(given: string, expected: string): boolean {
  return timingSafeEqual(createHash('sha256').update(given).digest(), createHash('sha256').update(expected).digest());
}
