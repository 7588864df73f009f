import { carrierName, defineEmail, shipmentView, type ComposeContext, type OrderEmailProps } from '../email.ts';

// How a presumed-lost parcel's case ended: the carrier found it (it moves again), a replacement was
// sent (with its tracking number), or the order was refunded. Sent once, in the shopper's language.

export type LostOutcome = 'found' | 'reshipped' | 'refunded';

export interface LostResolvedProps extends OrderEmailProps {
  outcome: LostOutcome;
  // Written by support staff for this shopper; shown as it is (escaped).
  note?: string | null;
  // reshipped: the replacement's tracking number.
  newTrackingCode?: string | null;
}

function wording(props: LostResolvedProps, { t, m }: ComposeContext) {
  const msg = m.lost_resolved;
  const order = props.orderName;
  switch (props.outcome) {
    case 'found':
      return {
        subject: msg.subjectFound,
        preheader: msg.preheaderFound,
        title: msg.titleFound,
        paragraphs: [t.text(msg.bodyFound, { order, carrier: carrierName(props.carrier, m) }), msg.followFound],
      };
    case 'reshipped': {
      const code = props.newTrackingCode?.trim();
      return {
        subject: msg.subjectReshipped,
        preheader: msg.preheaderReshipped,
        title: msg.titleReshipped,
        paragraphs: [t.text(msg.bodyReshipped, { order }), ...(code ? [t.text(msg.newTracking, { code })] : []), msg.ifArrives],
      };
    }
    case 'refunded':
      return { subject: msg.subjectRefunded, preheader: msg.preheaderRefunded, title: msg.titleRefunded, paragraphs: [t.text(msg.bodyRefunded, { order }), msg.refundTiming, msg.ifTurnsUp] };
  }
}

export const lostResolvedEmail = defineEmail<LostResolvedProps>({
  audience: 'shopper',
  proactive: false,
  compose(props, context) {
    const { t, m } = context;
    const { subject, ...view } = wording(props, context);
    const note = props.note?.trim();
    const base = shipmentView(props, context);
    const code = props.outcome === 'reshipped' ? props.newTrackingCode?.trim() : null;
    return {
      subject: t.text(subject, { order: props.orderName }),
      preheader: view.preheader,
      view: {
        ...base,
        ...view,
        // The replacement's number is the one to follow now.
        trackingCode: code || base.trackingCode,
        note: note ? { label: m.lost_resolved.noteLabel, text: note } : null,
      },
    };
  },
});
