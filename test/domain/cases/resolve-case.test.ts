import { expect } from 'chai';
import type { Dispute, DisputeResolution, DisputeSource, Notification, Order, Shipment } from '../../../db/schema.ts';
import { da } from '../../../emails/i18n/da.ts';
import { en, type Messages } from '../../../emails/i18n/en.ts';
import { fil } from '../../../emails/i18n/fil.ts';
import { interpolate } from '../../../emails/i18n/translator.ts';
import { renderEmail } from '../../../emails/render.ts';
import { resolveCase } from '../../../domain/cases/cases.ts';
import { foundByTracking, resolveLostCase } from '../../../domain/cases/lost-case.ts';
import { brandingFrom, composeNotification } from '../../../domain/notifications/compose.ts';
import { resendNotification } from '../../../domain/notifications/resend.ts';
import { TEST_SECRET } from '../../support/app.ts';
import { createTestContext, type TestContext } from '../../support/context.ts';
import { buildDispute, buildNotification, buildOrder, buildShipment } from '../../support/factories.ts';

const messages = { en, da, fil };
const actor = { userId: null, email: 'agent@shop.example' };
const note = 'Packed with extra care this time.';

interface Ending {
  source: DisputeSource;
  outcome: DisputeResolution;
  // Support in the console, or the parcel's own new scan.
  by: 'support' | 'tracking';
}

const supportOutcomes = (source: DisputeSource, outcomes: DisputeResolution[]): Ending[] => outcomes.map((outcome) => ({ source, outcome, by: 'support' }));
const endings: Ending[] = [
  ...supportOutcomes('shopper', ['found', 'reshipped', 'refunded', 'rejected']),
  ...supportOutcomes('payment', ['found', 'reshipped', 'refunded', 'rejected']),
  ...supportOutcomes('lost', ['found', 'reshipped', 'refunded']),
  { source: 'lost', outcome: 'found', by: 'tracking' },
];

// The subject and the opening sentence each ending must have, in the shopper's words.
function wordsFor(m: Messages, { source, outcome }: Ending): [string, string] {
  const report = m.case_resolved.report;
  const lost = m.case_resolved.lost;
  if (source === 'lost') {
    if (outcome === 'found') return [lost.subjectFound, lost.bodyFound];
    if (outcome === 'reshipped') return [lost.subjectReshipped, lost.bodyReshipped];
    return [lost.subjectRefunded, lost.bodyRefunded];
  }
  if (outcome === 'found') return [report.subjectFound, report.bodyFound];
  if (outcome === 'reshipped') return [report.subjectReshipped, report.bodyReshipped];
  if (outcome === 'refunded') return [report.subjectRefunded, report.bodyRefundedNoAmount];
  return [report.subjectRejected, report.bodyRejected];
}

// Every case, whatever its source and however it ends, is resolved one way and told with one email,
// whose words follow the case's source and outcome in the shopper's language.
describe('resolving every kind of case the one way', function () {
  this.timeout(60_000);
  let ctx: TestContext;

  beforeEach(async () => {
    ctx = await createTestContext({ SUPPORT_EMAIL: 'support@shop.example' });
  });
  afterEach(async () => ctx.close());

  const caseContext = async () => ({ config: ctx.config, logger: ctx.logger, queue: await ctx.queue() });

  async function openCase(source: DisputeSource, language: string) {
    const order = await buildOrder(ctx.db, ctx.shop.id, { customer_locale: language });
    const shipment = await buildShipment(ctx.db, order, { status: 'in_transit', carrier: 'USPS' });
    const dispute = await buildDispute(ctx.db, order, { shipment_id: shipment.id, source });
    return { order, shipment, dispute };
  }

  async function resolveThrough(ending: Ending, order: Order, shipment: Shipment, dispute: Dispute, replacementCode: string) {
    const context = await caseContext();
    await ctx.db.transaction().execute(async (trx) => {
      if (ending.by === 'tracking') return foundByTracking(trx, context, { order, shipment, now: new Date(), tellShopper: true });
      const decision = { note, actor, now: new Date(), emailShopper: true };
      if (ending.source !== 'lost') return resolveCase(trx, context, dispute, order, { ...decision, resolution: ending.outcome });
      if (ending.outcome === 'rejected') throw new Error('a lost case has no rejection');
      const replacement = ending.outcome === 'reshipped' ? { trackingCode: replacementCode, carrier: 'UPS' } : undefined;
      return resolveLostCase(trx, context, dispute, order, shipment, { ...decision, resolution: ending.outcome, replacement });
    });
  }

  const render = async (notification: Notification, order: Order, shipment: Shipment) => {
    const composed = await composeNotification(ctx.db, notification, shipment, order, { config: ctx.config, secretKey: TEST_SECRET });
    expect(composed.kind).to.equal('case_resolved');
    return renderEmail({ kind: composed.kind, locale: notification.locale, props: composed.props, branding: brandingFrom(ctx.config) });
  };

  for (const language of ['en', 'da', 'fil'] as const) {
    it(`emails each outcome of each source in the shopper’s language (${language})`, async () => {
      for (const ending of endings) {
        const label = `${ending.source} ${ending.outcome} by ${ending.by}`;
        const { order, shipment, dispute } = await openCase(ending.source, language);
        const replacementCode = `RE${dispute.id.replaceAll('-', '').slice(0, 16).toUpperCase()}`;
        await resolveThrough(ending, order, shipment, dispute, replacementCode);

        const [notification, ...others] = await ctx.db.selectFrom('notifications').selectAll().where('dispute_id', '=', dispute.id).execute();
        expect(others, label).to.deep.equal([]);
        expect(notification, label).to.include({ kind: ending.source === 'lost' ? 'lost_resolved' : 'dispute_resolved', recipient: order.email, locale: language });
        const email = await render(notification, order, shipment);
        const [subject, opening] = wordsFor(messages[language], ending);
        expect(email.language, label).to.equal(language);
        expect(email.subject, label).to.equal(interpolate(subject, { order: order.name }));
        expect(email.text, label).to.include(interpolate(opening, { order: order.name, carrier: 'USPS' }));
        if (ending.by === 'support') expect(email.text, label).to.include(note);
        if (ending.source === 'lost' && ending.outcome === 'reshipped') expect(email.text, label).to.include(replacementCode).and.include('UPS');
      }
    });
  }

  it('renders and resends the emails stored under either kind as the one email', async () => {
    for (const [source, kind] of [['shopper', 'dispute_resolved'], ['lost', 'lost_resolved']] as const) {
      const { order, shipment, dispute } = await openCase(source, 'da');
      await ctx.db.updateTable('disputes').set({ state: 'resolved', resolution: 'found', resolution_note: note, resolved_at: new Date() }).where('id', '=', dispute.id).execute();
      const stored = await buildNotification(ctx.db, shipment, { kind, dispute_id: dispute.id, recipient: order.email!, locale: 'da', state: 'sent' });
      const context = await caseContext();
      const copy = await ctx.db.transaction().execute((trx) => resendNotification(trx, context, { shopId: ctx.shop.id, notificationId: stored.id, actor }));
      expect(copy.kind).to.equal(kind);
      const words = source === 'lost' ? da.case_resolved.lost : da.case_resolved.report;
      for (const notification of [stored, copy]) {
        const email = await render(notification, order, shipment);
        expect(email.subject, kind).to.equal(interpolate(words.subjectFound, { order: order.name }));
        expect(email.text, kind).to.include(note);
      }
    }
  });
});
