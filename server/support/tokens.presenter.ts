import type { listApiTokens } from '../../db/api-tokens.repository.ts';

// The token list as admins see it: never the token itself (it is not kept), only its name and history.

type TokenRow = Awaited<ReturnType<typeof listApiTokens>>[number];

const when = new Intl.DateTimeFormat('en-GB', { dateStyle: 'medium', timeStyle: 'short', timeZone: 'UTC' });
const stamp = (date: Date | null) => (date ? { at: date.toISOString(), text: `${when.format(date)} UTC` } : null);

export function presentApiTokens(rows: TokenRow[]) {
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
