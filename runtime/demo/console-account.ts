import { randomBytes } from 'node:crypto';
import type { Db } from '../../db/database.ts';
import { findSupportUserByEmail, setSupportUserPassword } from '../../db/support-users.repository.ts';
import type { Config } from '../../core/config.ts';
import { keepPrivateFile } from '../../core/private-files.ts';
import { hashPassword, verifyPassword } from '../../domain/console/passwords.ts';
import { createSupportUser } from '../../domain/console/users.ts';

export const DEMO_SUPPORT_EMAIL = 'demo@whereabouts.example';

// The demo's console account is an admin. Its password is random per DATA_DIR, made on the first
// start and kept there (as a generated SECRET_KEY is), and printed at every start: nothing published
// opens a demo someone left reachable.
function demoPassword(config: Pick<Config, 'DATA_DIR'>): string {
  return keepPrivateFile(config.DATA_DIR, 'demo-console.password', () => randomBytes(18).toString('base64url')).trim();
}

// The account with the password kept in DATA_DIR, whatever it had before (a database kept from an
// older demo, or one shared with another data directory).
export async function ensureDemoConsoleAccount(db: Db, shopId: string, config: Pick<Config, 'DATA_DIR'>): Promise<{ email: string; password: string }> {
  const password = demoPassword(config);
  const created = await createSupportUser(db, shopId, { email: DEMO_SUPPORT_EMAIL, role: 'admin', password }, { userId: null, name: 'demo' });
  if (!created.created) {
    const user = await findSupportUserByEmail(db, shopId, DEMO_SUPPORT_EMAIL);
    if (user && !(await verifyPassword(user.password_hash, password))) await setSupportUserPassword(db, user.id, await hashPassword(password));
  }
  return { email: DEMO_SUPPORT_EMAIL, password };
}
