import { expect } from 'chai';
import { addEmailSuppression, emailSuppression } from '../../db/email-suppressions.repository.ts';
import { up as normalizeStoredSuppressions } from '../../db/migrations/20261206060000_normalize_suppressed_emails.ts';
import { createTestContext, type TestContext } from '../support/context.ts';

// An opt-out or a bounce holds for the address however it is written: full-width letters, a composed
// or decomposed accent, spaces or capitals are the one address blocks and the lookup see.

describe('email suppressions', () => {
  let ctx: TestContext;
  const stored = () =>
    ctx.db.selectFrom('email_suppressions').select(['email', 'reason']).where('shop_id', '=', ctx.shop.id).orderBy('email').orderBy('reason').execute();

  beforeEach(async () => {
    ctx = await createTestContext();
  });
  afterEach(async () => {
    await ctx.close();
  });

  it('stores an address in NFKC form, trimmed and lower-cased, and finds it however it is written', async () => {
    await addEmailSuppression(ctx.db, ctx.shop.id, ' ＭＥＴＴＥ@Example.dk ', 'opt_out');
    await addEmailSuppression(ctx.db, ctx.shop.id, 'rene\u0301@example.dk', 'bounced');
    await addEmailSuppression(ctx.db, ctx.shop.id, 'mette@example.dk', 'opt_out');
    expect(await stored()).to.deep.equal([
      { email: 'mette@example.dk', reason: 'opt_out' },
      { email: 'ren\u00e9@example.dk', reason: 'bounced' },
    ]);
    expect(await emailSuppression(ctx.db, ctx.shop.id, 'mette@example.dk')).to.equal('opt_out');
    expect(await emailSuppression(ctx.db, ctx.shop.id, 'ｍｅｔｔｅ@ｅｘａｍｐｌｅ.ｄｋ')).to.equal('opt_out');
    expect(await emailSuppression(ctx.db, ctx.shop.id, 'REN\u00c9@example.dk')).to.equal('bounced');
    expect(await emailSuppression(ctx.db, ctx.shop.id, 'rene\u0301@example.dk')).to.equal('bounced');
    expect(await emailSuppression(ctx.db, ctx.shop.id, 'rene@example.dk')).to.equal(undefined);
  });

  it('normalises the addresses stored before, keeping one row per address and reason', async () => {
    const raw = (email: string, reason: 'opt_out' | 'bounced') => ctx.db.insertInto('email_suppressions').values({ shop_id: ctx.shop.id, email, reason }).execute();
    await raw('ｍｅｔｔｅ@example.dk', 'opt_out');
    await raw('mette@example.dk', 'opt_out');
    await raw('ｍｅｔｔｅ@example.dk', 'bounced');
    await raw('rene\u0301@example.dk', 'opt_out');
    await raw('anna@example.dk', 'opt_out');
    expect(await emailSuppression(ctx.db, ctx.shop.id, 'rene\u0301@example.dk'), 'an old decomposed row, before').to.equal(undefined);
    await normalizeStoredSuppressions(ctx.db);
    expect(await stored()).to.deep.equal([
      { email: 'anna@example.dk', reason: 'opt_out' },
      { email: 'mette@example.dk', reason: 'bounced' },
      { email: 'mette@example.dk', reason: 'opt_out' },
      { email: 'ren\u00e9@example.dk', reason: 'opt_out' },
    ]);
    expect(await emailSuppression(ctx.db, ctx.shop.id, 'rene\u0301@example.dk')).to.equal('opt_out');
    await normalizeStoredSuppressions(ctx.db);
    expect(await stored(), 'running it again changes nothing').to.have.length(4);
  });
});
