import { carrierName, carrierNote, defineEmail, shipmentView, type ComposeContext, type ShipmentEmailProps } from '../email.ts';

// The parcel waits on the shopper: at a pickup point until a date, after a failed delivery attempt, or
// because the carrier has a problem with the address. Each says what to do, in that order.

export type ActionNeeded =
  // place: the pickup point as the shopper will look for it ("Netto, Vesterbrogade 12, København V").
  | { type: 'pickup'; place: string; until?: Date | null }
  | { type: 'failed_attempt'; attemptedAt?: Date | null; nextAttemptOn?: Date | null }
  | { type: 'address_problem'; carrierMessage?: string | null };

export interface ActionNeededProps extends ShipmentEmailProps {
  action: ActionNeeded;
}

interface Wording {
  subject: string;
  preheader: string;
  title: string;
  paragraphs: string[];
  note: string | null;
}

function wording(props: ActionNeededProps, context: ComposeContext): Wording {
  const { t, m } = context;
  const msg = m.action_needed;
  const order = props.orderName;
  const carrier = carrierName(props.carrier, m);
  const action = props.action;
  switch (action.type) {
    case 'pickup':
      return {
        subject: t.text(msg.subjectPickup, { order }),
        preheader: t.text(msg.preheaderPickup, { place: action.place }),
        title: msg.titlePickup,
        paragraphs: [
          t.text(msg.pickupBody, { place: action.place }),
          ...(action.until ? [t.text(msg.pickupUntil, { date: t.date(action.until) })] : []),
          msg.pickupBring,
        ],
        note: null,
      };
    case 'failed_attempt':
      return {
        subject: t.text(msg.subjectFailedAttempt, { order }),
        preheader: msg.preheaderFailedAttempt,
        title: msg.titleFailedAttempt,
        paragraphs: [
          action.attemptedAt
            ? t.text(msg.failedBody, { carrier, date: t.dateTime(action.attemptedAt) })
            : t.text(msg.failedBodyNoDate, { carrier }),
          action.nextAttemptOn ? t.text(msg.failedNext, { date: t.date(action.nextAttemptOn) }) : msg.failedOptions,
        ],
        note: null,
      };
    case 'address_problem':
      return {
        subject: t.text(msg.subjectAddressProblem, { order }),
        preheader: msg.preheaderAddressProblem,
        title: msg.titleAddressProblem,
        paragraphs: [t.text(msg.addressBody, { carrier, order }), msg.addressAsk],
        note: carrierNote(action.carrierMessage, context),
      };
  }
}

export const actionNeededEmail = defineEmail<ActionNeededProps>({
  audience: 'shopper',
  proactive: true,
  compose(props, context) {
    const { subject, preheader, ...view } = wording(props, context);
    return { subject, preheader, view: { ...shipmentView(props, context), ...view } };
  },
});
