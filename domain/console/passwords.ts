import { hash, verify, type Algorithm } from '@node-rs/argon2';
import { randomBytes } from 'node:crypto';

// Support users' passwords, hashed with argon2id at the library's defaults (19 MiB, 2 passes, 1 lane:
// OWASP's recommended minimum). The PHC string keeps its own parameters, so raising them later only
// affects new hashes.

export const MIN_PASSWORD_LENGTH = 12;
// Hashing cost grows with the input; nobody needs a longer password than this.
export const MAX_PASSWORD_LENGTH = 1024;

// Algorithm is a const enum, which type stripping cannot read: 2 is Argon2id.
const ARGON2ID = 2 as Algorithm;

export function hashPassword(password: string): Promise<string> {
  return hash(password, { algorithm: ARGON2ID });
}

export async function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
  try {
    return await verify(passwordHash, password);
  } catch {
    return false;
  }
}

let dummyHash: Promise<string> | undefined;

// The work of a real check against a hash nobody knows the password of: used when no account matches,
// so the time taken does not tell whether an email has an account.
export async function checkAgainstNothing(password: string): Promise<false> {
  dummyHash ??= hashPassword(randomBytes(16).toString('hex'));
  await verifyPassword(await dummyHash, password);
  return false;
}

export function passwordProblem(password: string): string | undefined {
  if (password.length < MIN_PASSWORD_LENGTH) return `The password is too weak: use at least ${MIN_PASSWORD_LENGTH} characters.`;
  if (password.length > MAX_PASSWORD_LENGTH) return `The password is too long: use at most ${MAX_PASSWORD_LENGTH} characters.`;
  if (new Set(password).size < 4) return 'The password is too weak: it repeats too few characters.';
  return undefined;
}

// 18 random bytes: 24 URL-safe characters, 144 bits.
export function generatePassword(): string {
  return randomBytes(18).toString('base64url');
}
