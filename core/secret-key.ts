import { randomBytes } from 'node:crypto';
import path from 'node:path';
import type { Config } from './config.ts';
import { keepPrivateFile } from './private-files.ts';

// SECRET_KEY signs lookup links and sessions. When the operator sets none, one is generated on first
// start and kept in DATA_DIR so that links in emails already sent stay valid across restarts.
export function resolveSecretKey(config: Pick<Config, 'SECRET_KEY' | 'DATA_DIR'>): string {
  if (config.SECRET_KEY) return config.SECRET_KEY;
  const file = path.join(config.DATA_DIR, 'secret.key');
  const key = keepPrivateFile(config.DATA_DIR, 'secret.key', () => randomBytes(32).toString('base64url')).trim();
  if (key.length < 32) throw new Error(`${file} holds a key shorter than 32 characters; delete it to generate a new one`);
  return key;
}
