import { expect } from 'chai';
import { randomBytes } from 'node:crypto';
import { sql } from 'kysely';
import { connectedRole } from '../../../db/database-role.repository.ts';
import type { CheckLine } from '../../../runtime/connect/check.ts';
import { databaseRoleCheck } from '../../../runtime/connect/database.check.ts';
import { createTestContext, type TestContext } from '../../support/context.ts';

// `connect` warns when the service reaches its own PostgreSQL server as a superuser, which may run
// programs on that server (COPY … TO PROGRAM).

describe('npm run cli -- connect, the database role', () => {
  let ctx: TestContext;
  beforeEach(async () => {
    ctx = await createTestContext();
  });
  afterEach(async () => {
    await ctx.close();
  });

  const check = async (db = ctx.db, databaseKind: 'postgres' | 'embedded' = 'postgres') => {
    const lines: CheckLine[] = [];
    await databaseRoleCheck({ config: { ...ctx.config, databaseKind }, db }, (line) => lines.push(line));
    return lines;
  };

  it('warns about a superuser, and is content with a role that is not one', async () => {
    const harness = await connectedRole(ctx.db);
    if (!harness.superuser) {
      expect((await check()).map((l) => l.status)).to.deep.equal(['ok']);
      return;
    }
    const [superuser] = await check();
    expect(superuser.status).to.equal('warn');
    expect(superuser.text).to.include(`connects as ${harness.name}, a superuser`);
    expect(superuser.fix).to.include('docs/operations.md');

    const name = `whereabouts_check_${randomBytes(4).toString('hex')}`;
    await sql`create role ${sql.id(name)} nosuperuser`.execute(ctx.db);
    try {
      const lines = await ctx.db.connection().execute(async (connection) => {
        await sql`set role ${sql.id(name)}`.execute(connection);
        try {
          return await check(connection);
        } finally {
          await sql`reset role`.execute(connection);
        }
      });
      expect(lines).to.deep.equal([{ status: 'ok', text: `DATABASE_URL connects as ${name}, not a superuser` }]);
    } finally {
      await sql`drop role ${sql.id(name)}`.execute(ctx.db);
    }
  });

  it('says nothing about the embedded server, whose role is the process\'s own', async () => {
    expect(await check(ctx.db, 'embedded')).to.deep.equal([]);
  });
});
