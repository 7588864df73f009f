import type { DisputeResolution, DisputeSource } from '../../db/schema.ts';
import { carrierName, defineEmail, optionalHttpUrl, shipmentView, type ComposeContext, type OrderEmailProps } from '../email.ts';

// How a case ended: one email for every case, its words chosen by the outcome and the case's source.
// A parcel presumed lost was never delivered, so it has words of its own; a shopper's report and a
// payment dispute share the report's, and only they can be rejected. A rejection above all stays kind,
// explains what the decision rests on, and leaves the door open.

export type CaseEnding =
  | { source: 'lost'; outcome: Exclude<DisputeResolution, 'rejected'> }
  | { source: Exclude<DisputeSource, 'lost'>; outcome: DisputeResolution };

export type CaseResolvedProps = OrderEmailProps &
  CaseEnding & {
    // Written by support staff for this shopper; shown as it is (escaped).
    note?: string | null;
    // reshipped: the replacement parcel, the one to follow from now on.
    replacement?: { trackingCode: string; trackingUrl?: string | null } | null;
    // refunded: the amount, when known (a report's words can say it).
    refund?: { amount: number; currency: string } | null;
  };

interface Wording {
  subject: string;
  preheader: string;
  title: string;
  paragraphs: string[];
}

const replacementCode = (props: CaseResolvedProps) => (props.outcome === 'reshipped' ? props.replacement?.trackingCode.trim() || null : null);

function reportWording(props: CaseResolvedProps, { t, m }: ComposeContext): Wording {
  const msg = m.case_resolved.report;
  const order = props.orderName;
  const code = replacementCode(props);
  switch (props.outcome) {
    case 'found':
      return { subject: msg.subjectFound, preheader: msg.preheaderFound, title: msg.titleFound, paragraphs: [t.text(msg.bodyFound, { order })] };
    case 'reshipped':
      return {
        subject: msg.subjectReshipped,
        preheader: msg.preheaderReshipped,
        title: msg.titleReshipped,
        paragraphs: [t.text(msg.bodyReshipped, { order }), ...(code ? [t.text(msg.newTracking, { code })] : [])],
      };
    case 'refunded': {
      const refund = props.refund;
      const body = refund ? t.text(msg.bodyRefunded, { order, amount: t.money(refund.amount, refund.currency) }) : t.text(msg.bodyRefundedNoAmount, { order });
      return { subject: msg.subjectRefunded, preheader: msg.preheaderRefunded, title: msg.titleRefunded, paragraphs: [body, m.case_resolved.refundTiming] };
    }
    case 'rejected':
      return { subject: msg.subjectRejected, preheader: msg.preheaderRejected, title: msg.titleRejected, paragraphs: [t.text(msg.bodyRejected, { order }), msg.rejectedCare] };
  }
}

function lostWording(props: CaseResolvedProps & { source: 'lost' }, { t, m }: ComposeContext): Wording {
  const msg = m.case_resolved.lost;
  const order = props.orderName;
  const code = replacementCode(props);
  switch (props.outcome) {
    case 'found':
      return {
        subject: msg.subjectFound,
        preheader: msg.preheaderFound,
        title: msg.titleFound,
        paragraphs: [t.text(msg.bodyFound, { order, carrier: carrierName(props.carrier, m) }), msg.followFound],
      };
    case 'reshipped':
      return {
        subject: msg.subjectReshipped,
        preheader: msg.preheaderReshipped,
        title: msg.titleReshipped,
        paragraphs: [t.text(msg.bodyReshipped, { order }), ...(code ? [t.text(msg.newTracking, { code })] : []), msg.ifArrives],
      };
    case 'refunded':
      return {
        subject: msg.subjectRefunded,
        preheader: msg.preheaderRefunded,
        title: msg.titleRefunded,
        paragraphs: [t.text(msg.bodyRefunded, { order }), m.case_resolved.refundTiming, msg.ifTurnsUp],
      };
  }
}

export const caseResolvedEmail = defineEmail<CaseResolvedProps>({
  audience: 'shopper',
  proactive: false,
  compose(props, context) {
    const { t, m } = context;
    const { subject, ...view } = props.source === 'lost' ? lostWording(props, context) : reportWording(props, context);
    const note = props.note?.trim();
    const base = shipmentView(props, context);
    const replacementUrl = props.outcome === 'reshipped' ? optionalHttpUrl(props.replacement?.trackingUrl, 'replacement.trackingUrl') : null;
    return {
      subject: t.text(subject, { order: props.orderName }),
      preheader: view.preheader,
      view: {
        ...base,
        ...view,
        note: note ? { label: m.case_resolved.noteLabel, text: note } : null,
        // The replacement's number, and its link when it has one of its own, replace the old parcel's.
        trackingCode: replacementCode(props) ?? base.trackingCode,
        trackingUrl: replacementUrl ?? base.trackingUrl,
      },
    };
  },
});
