import { carrierName, carrierNote, defineEmail, shipmentView, type ShipmentEmailProps } from '../email.ts';

// The carrier is sending the parcel back. The shopper's question is "and then?", so the answer (refund,
// a new shipment, or their choice) is the heart of the email.

export type ReturnNextStep = 'refund' | 'reship' | 'ask';

export interface ReturningProps extends ShipmentEmailProps {
  // The carrier's reason, shown quoted when known.
  reason?: string | null;
  nextStep: ReturnNextStep;
}

export const returningEmail = defineEmail<ReturningProps>({
  audience: 'shopper',
  proactive: true,
  compose(props, context) {
    const { t, m } = context;
    const msg = m.returning;
    const order = props.orderName;
    const next = { refund: msg.nextRefund, reship: msg.nextReship, ask: msg.nextAsk }[props.nextStep];
    return {
      subject: t.text(msg.subject, { order }),
      preheader: msg.preheader,
      view: {
        ...shipmentView(props, context),
        title: msg.title,
        apology: t.text(msg.apology, { order, carrier: carrierName(props.carrier, m) }),
        note: carrierNote(props.reason, context),
        nextHeading: msg.nextHeading,
        next,
      },
    };
  },
});
