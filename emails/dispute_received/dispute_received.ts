import { carrierName, defineEmail, shipmentView, type OrderEmailProps } from '../email.ts';

// The shopper said "I haven't received it". Acknowledge at once, without doubting them: what we do
// next, and when they will hear from us.

export interface DisputeReceivedProps extends OrderEmailProps {
  reportedAt?: Date | null;
  // What the shopper wrote, quoted back so they know it reached a person.
  note?: string | null;
  replyWithinDays: number;
}

export const disputeReceivedEmail = defineEmail<DisputeReceivedProps>({
  audience: 'shopper',
  proactive: false,
  compose(props, context) {
    const { t, m } = context;
    const msg = m.dispute_received;
    const order = props.orderName;
    return {
      subject: t.text(msg.subject, { order }),
      preheader: msg.preheader,
      view: {
        ...shipmentView(props, context),
        title: msg.title,
        apology: t.text(msg.apology, { order }),
        reportedOn: props.reportedAt ? t.text(msg.reportedOn, { date: t.dateTime(props.reportedAt) }) : null,
        note: props.note?.trim() ? { label: msg.noteLabel, text: props.note.trim() } : null,
        stepsHeading: msg.stepsHeading,
        steps: [t.text(msg.stepCarrier, { carrier: carrierName(props.carrier, m) }), msg.stepAddress, msg.stepDecision].map(
          (text, index) => ({ number: index + 1, text }),
        ),
        hearBack: t.plural(msg.hearBack, props.replyWithinDays),
        meanwhile: msg.meanwhile,
      },
    };
  },
});
