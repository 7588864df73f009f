import { defineEmail, optionalHttpUrl, shipmentView, type ComposeContext, type OrderEmailProps } from '../email.ts';

// How a not-received report ended. Each outcome has its own words; a rejection above all stays kind,
// explains what the decision rests on, and leaves the door open.

export type DisputeOutcome = 'found' | 'reshipped' | 'refunded' | 'rejected';

export interface DisputeResolvedProps extends OrderEmailProps {
  outcome: DisputeOutcome;
  // Written by support staff for this shopper; shown as it is (escaped).
  note?: string | null;
  // reshipped: the replacement parcel.
  newTrackingCode?: string | null;
  newTrackingUrl?: string | null;
  // refunded: the amount, when known.
  refund?: { amount: number; currency: string } | null;
}

function wording(props: DisputeResolvedProps, { t, m }: ComposeContext) {
  const msg = m.dispute_resolved;
  const order = props.orderName;
  switch (props.outcome) {
    case 'found':
      return { subject: msg.subjectFound, preheader: msg.preheaderFound, title: msg.titleFound, paragraphs: [t.text(msg.bodyFound, { order })] };
    case 'reshipped': {
      const code = props.newTrackingCode?.trim();
      return {
        subject: msg.subjectReshipped,
        preheader: msg.preheaderReshipped,
        title: msg.titleReshipped,
        paragraphs: [t.text(msg.bodyReshipped, { order }), ...(code ? [t.text(msg.newTracking, { code })] : [])],
      };
    }
    case 'refunded': {
      const refund = props.refund;
      const body = refund
        ? t.text(msg.bodyRefunded, { order, amount: t.money(refund.amount, refund.currency) })
        : t.text(msg.bodyRefundedNoAmount, { order });
      return { subject: msg.subjectRefunded, preheader: msg.preheaderRefunded, title: msg.titleRefunded, paragraphs: [body, msg.refundTiming] };
    }
    case 'rejected':
      return {
        subject: msg.subjectRejected,
        preheader: msg.preheaderRejected,
        title: msg.titleRejected,
        paragraphs: [t.text(msg.bodyRejected, { order }), msg.rejectedCare],
      };
  }
}

export const disputeResolvedEmail = defineEmail<DisputeResolvedProps>({
  audience: 'shopper',
  proactive: false,
  compose(props, context) {
    const { t, m } = context;
    const { subject, ...view } = wording(props, context);
    const note = props.note?.trim();
    const base = shipmentView(props, context);
    const newTrackingUrl = props.outcome === 'reshipped' ? optionalHttpUrl(props.newTrackingUrl, 'newTrackingUrl') : null;
    return {
      subject: t.text(subject, { order: props.orderName }),
      preheader: view.preheader,
      view: {
        ...base,
        ...view,
        note: note ? { label: m.dispute_resolved.noteLabel, text: note } : null,
        // The replacement's tracking link replaces the old parcel's.
        trackingUrl: newTrackingUrl ?? base.trackingUrl,
      },
    };
  },
});
