import { connectedRole } from '../../db/database-role.repository.ts';
import type { ConnectContext, Report } from './check.ts';

// On a PostgreSQL server of the operator's own, the service should own its database and no more
// (docs/operations.md, "A role of its own"). The embedded server's role is the process's own business.
export async function databaseRoleCheck(ctx: Pick<ConnectContext, 'config' | 'db'>, say: Report): Promise<void> {
  if (ctx.config.databaseKind !== 'postgres') return;
  const role = await connectedRole(ctx.db);
  if (role.superuser) {
    say({
      status: 'warn',
      text: `DATABASE_URL connects as ${role.name}, a superuser: any SQL injection could run programs on the database server`,
      fix: 'create a role that owns the database and is not a superuser (docs/operations.md, "A role of its own, not a superuser")',
    });
  } else {
    say({ status: 'ok', text: `DATABASE_URL connects as ${role.name}, not a superuser` });
  }
}
