import { labelOf, type SupportAlertKind } from '../../core/notification-kinds.ts';
import { defineEmail, httpUrl, optionalHttpUrl, type EmailProps } from '../email.ts';

// For the shop's support address, in English whatever the shopper's language: what happened, to which
// order and parcel, and a link to the console. Plain and factual; the carrier's or shopper's own words
// are quoted as given (escaped). The subject names the alert as the console does.

export interface SupportAlertProps extends EmailProps {
  alert: SupportAlertKind;
  orderName: string;
  customerEmail?: string | null;
  carrier?: string | null;
  trackingCode?: string | null;
  trackingUrl?: string | null;
  // When the situation began: the last scan, the label, the report.
  since?: Date | null;
  // The carrier's message or the shopper's note, verbatim.
  detail?: string | null;
  // payment_dispute: inquiry or chargeback, its status, and the deadline for evidence.
  payment?: { kind: string | null; status: string | null; evidenceDueBy: Date | null; delivered: boolean } | null;
  consoleUrl: string;
}

const explanations: Record<SupportAlertKind, string> = {
  stalled: 'The carrier has not scanned the parcel within the stall threshold.',
  never_scanned: 'A label was created, but the carrier has never scanned the parcel.',
  returning: 'The carrier is returning the parcel to the sender.',
  exception: 'The carrier reported a problem with the parcel (an exception, a refusal, a cancellation or a failed delivery).',
  lost_or_damaged: 'The carrier reports the parcel lost or damaged. The shopper has not been emailed: decide on a replacement or refund.',
  tracking_error: 'EasyPost answers this tracking code with an error. The shopper has not been emailed; checks stop after a few tries.',
  dispute_opened: 'The shopper reported the order as not received.',
  address_wrong: 'The shopper says the shipping address on the order was wrong.',
  presumed_lost:
    'No scan for the lost threshold, the carrier reports it lost or damaged, or its tracking expired before delivery. A lost case is open: send a replacement, refund, or record it found.',
  payment_dispute: 'The customer disputed the payment saying the order never arrived. Review the evidence and submit it before the deadline.',
};

export const supportAlertEmail = defineEmail<SupportAlertProps>({
  audience: 'support',
  proactive: false,
  compose(props, { t, branding }) {
    const summary = labelOf(props.alert);
    const explanation = explanations[props.alert];
    const facts = [
      { label: 'Order', value: props.orderName },
      { label: 'Customer', value: props.customerEmail?.trim() },
      { label: 'Carrier', value: props.carrier?.trim() },
      { label: 'Tracking', value: props.trackingCode?.trim() },
      { label: 'Since', value: props.since ? t.dateTime(props.since, { withZone: true }) : null },
      { label: 'Dispute', value: props.payment ? [props.payment.kind, props.payment.status].filter(Boolean).join(', ') : null },
      { label: 'Evidence due', value: props.payment?.evidenceDueBy ? t.dateTime(props.payment.evidenceDueBy, { withZone: true }) : null },
      { label: 'Carrier status', value: props.payment ? (props.payment.delivered ? 'Delivered' : 'Not delivered yet — check for a stalled or late parcel') : null },
    ].filter((fact) => fact.value);
    return {
      subject: `[${branding.shopName}] ${summary}: order ${props.orderName}`,
      preheader: explanation,
      view: {
        title: `${summary}: order ${props.orderName}`,
        explanation,
        facts,
        detail: props.detail?.trim() ? { label: 'Detail', text: props.detail.trim() } : null,
        trackingUrl: optionalHttpUrl(props.trackingUrl, 'trackingUrl'),
        consoleUrl: httpUrl(props.consoleUrl, 'consoleUrl'),
        consoleLabel: 'Open in the console',
        trackLabel: 'Carrier tracking',
        footer: { contact: null, reason: `Sent by Whereabouts to the support address of ${branding.shopName}.`, optOutUrl: null },
      },
    };
  },
});
