import { carrierName, defineEmail, shipmentView, type ComposeContext, type ShipmentEmailProps } from '../email.ts';
import type { LastScan } from '../delayed/delayed.ts';

// The follow-up the delay email promised ("if it still hasn't moved by then, we'll contact you"):
// sent once when that window has passed and the parcel is still silent. Not a second apology for the
// wait: it keeps the promise, says honestly where things stand, and what the shop will do if the
// parcel stays lost (LOST_NEXT_STEP).

export type LostNextStep = 'reship' | 'refund' | 'ask';

export interface FollowUpProps extends ShipmentEmailProps {
  daysWithoutScan?: number | null;
  lastScan?: LastScan | null;
  // When the parcel will be treated as lost; null when it already is.
  lostBy: Date | null;
  nextStep: LostNextStep;
  // ask: the working days within which the shop contacts the shopper.
  replyWithinDays: number;
}

function nextStep(props: FollowUpProps, { t, m }: ComposeContext): string {
  const msg = m.follow_up;
  if (props.nextStep === 'ask') return t.plural(msg.nextAsk, props.replyWithinDays);
  return props.nextStep === 'reship' ? msg.nextReship : msg.nextRefund;
}

export const followUpEmail = defineEmail<FollowUpProps>({
  audience: 'shopper',
  proactive: true,
  compose(props, context) {
    const { t, m } = context;
    const msg = m.follow_up;
    const carrier = carrierName(props.carrier, m);
    const scan = props.lastScan;
    const place = scan?.place?.trim();
    return {
      subject: t.text(msg.subject, { order: props.orderName }),
      preheader: msg.preheader,
      view: {
        ...shipmentView(props, context),
        title: msg.title,
        promise: msg.promise,
        quiet: props.daysWithoutScan ? t.plural(msg.quietDays, props.daysWithoutScan, { carrier }) : t.text(msg.quiet, { carrier }),
        lastScan: scan ? { heading: m.delayed.lastScanHeading, when: place ? t.text(m.delayed.lastScanWhere, { date: t.dateTime(scan.at), place }) : t.dateTime(scan.at) } : null,
        tracing: t.text(msg.tracing, { carrier }),
        lost: props.lostBy ? t.text(msg.lostBy, { date: t.date(props.lostBy) }) : msg.lostNow,
        nextHeading: props.lostBy ? msg.ifLostHeading : msg.nextHeading,
        next: nextStep(props, context),
        ifMoves: msg.ifMoves,
      },
    };
  },
});
