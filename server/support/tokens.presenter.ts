import type { listApiTokens } from '../../db/api-tokens.repository.ts';
import { consoleTime } from '../../core/time/console-time.ts';

// The token list as admins see it: never the token itself (it is not kept), only its name and history.

type TokenRow = Awaited<ReturnType<typeof listApiTokens>>[number];

export function presentApiTokens(rows: TokenRow[], timeZone: string) {
  const { stamp } = consoleTime(timeZone);
  return rows.map((row) => ({
    id: row.id,
    name: row.name,
    createdBy: row.created_by_email ?? 'a removed user',
    created: stamp(row.created_at),
    lastUsed: stamp(row.last_used_at),
    revoked: stamp(row.revoked_at),
    revokeAction: `/support/tokens/${row.id}/revoke`,
  }));
}
