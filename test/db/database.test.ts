import { expect } from 'chai';
import { sql } from 'kysely';
import { createTestContext, type TestContext } from '../support/context.ts';
import { buildOrder, buildShipment } from '../support/factories.ts';

describe('database', () => {
  let ctx: TestContext;
  before(async () => {
    ctx = await createTestContext();
  });
  after(async () => {
    await ctx.close();
  });

  it('keeps Shopify ids above 2^53 intact', async () => {
    const order = await buildOrder(ctx.db, ctx.shop.id, { shopify_id: '9007199254740993123' });
    const read = await ctx.db.selectFrom('orders').select('shopify_id').where('id', '=', order.id).executeTakeFirstOrThrow();
    expect(read.shopify_id).to.equal('9007199254740993123');
  });

  it('isolates concurrent transactions: a rollback in one loses nothing of the other', async () => {
    const rolledBack = ctx.db.transaction().execute(async (trx) => {
      await buildOrder(trx, ctx.shop.id, { name: '#rolled-back' });
      await new Promise((resolve) => setTimeout(resolve, 30));
      throw new Error('abort on purpose');
    });
    const committed = ctx.db.transaction().execute(async (trx) => {
      await buildOrder(trx, ctx.shop.id, { name: '#committed' });
    });
    const outside = buildOrder(ctx.db, ctx.shop.id, { name: '#outside' });
    const results = await Promise.allSettled([rolledBack, committed, outside]);
    expect(results.map((r) => r.status)).to.deep.equal(['rejected', 'fulfilled', 'fulfilled']);
    const names = (await ctx.db.selectFrom('orders').select('name').execute()).map((r) => r.name);
    expect(names).to.include.members(['#committed', '#outside']);
    expect(names).not.to.include('#rolled-back');
  });

  it('keeps one shipment per tracking code in a shop', async () => {
    const order = await buildOrder(ctx.db, ctx.shop.id);
    await buildShipment(ctx.db, order, { tracking_code: 'EZ4000000004' });
    let error: unknown;
    try {
      await buildShipment(ctx.db, order, { tracking_code: 'EZ4000000004' });
    } catch (e) {
      error = e;
    }
    expect(String(error)).to.match(/unique|duplicate/i);
  });

  it('stores JSON columns and timestamps as objects and Dates', async () => {
    const order = await buildOrder(ctx.db, ctx.shop.id, {
      shipping_address: JSON.stringify({ city: 'Aarhus', country_code: 'DK' }),
      cancelled_at: new Date('2026-01-02T03:04:05Z'),
    });
    expect(order.shipping_address).to.deep.equal({ city: 'Aarhus', country_code: 'DK' });
    expect(order.cancelled_at).to.be.instanceOf(Date);
    expect(order.cancelled_at?.toISOString()).to.equal('2026-01-02T03:04:05.000Z');
  });

  it('survives a connection lost while checked out: the transaction fails, the process does not', async () => {
    let failure: unknown;
    try {
      await ctx.db.transaction().execute(async (trx) => {
        const { rows } = await sql<{ pid: number }>`select pg_backend_pid() as pid`.execute(trx);
        // From another connection, as a server restart or a crash would: this one is checked out, idle.
        await sql`select pg_terminate_backend(${rows[0]!.pid})`.execute(ctx.db);
        await new Promise((resolve) => setTimeout(resolve, 200));
        await sql`select 1`.execute(trx);
      });
    } catch (error) {
      failure = error;
    }
    expect(String(failure)).to.match(/terminat|Connection|not queryable/i);
    const { rows } = await sql<{ one: number }>`select 1 as one`.execute(ctx.db);
    expect(rows[0]!.one).to.equal(1);
  });
});
