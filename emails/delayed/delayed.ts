import { carrierName, carrierNote, defineEmail, shipmentView, type ComposeContext, type ShipmentEmailProps } from '../email.ts';

// A parcel that stopped moving (no scan for a while), is past its estimate, or that the carrier
// itself reports delayed (a delay, weather, a missort). What the articles ask
// for: apologise, show what we know, say what the shop is doing, ask for a few more days, and promise
// to come back first so the shopper need not chase.

export interface LastScan {
  at: Date;
  // "Kolding, DK"; as the carrier reports it.
  place?: string | null;
  // The carrier's own words; shown quoted, escaped.
  message?: string | null;
}

export interface DelayedProps extends ShipmentEmailProps {
  reason: 'stalled' | 'late' | 'carrier';
  daysWithoutScan?: number | null;
  expectedBy?: Date | null;
  // 'learned': the date comes from the shop's own recent deliveries, not from the carrier.
  estimateSource?: 'carrier' | 'learned' | null;
  lastScan?: LastScan | null;
  // How many more days we ask the shopper to allow: the window after which the shop follows up.
  extraDays: number;
  // The window is counted in working days.
  workingDays?: boolean;
}

function situation(props: DelayedProps, { t, m }: ComposeContext): string {
  const carrier = carrierName(props.carrier, m);
  if (props.reason === 'carrier') return t.text(m.delayed.carrier, { carrier });
  if (props.reason === 'late') {
    if (!props.expectedBy) return m.delayed.lateNoDate;
    return t.text(props.estimateSource === 'learned' ? m.delayed.lateUsual : m.delayed.late, { date: t.date(props.expectedBy) });
  }
  return props.daysWithoutScan
    ? t.plural(m.delayed.stalledDays, props.daysWithoutScan, { carrier })
    : t.text(m.delayed.stalled, { carrier });
}

function lastScanView(scan: LastScan | null | undefined, context: ComposeContext) {
  if (!scan) return null;
  const { t, m } = context;
  const date = t.dateTime(scan.at);
  const place = scan.place?.trim();
  return {
    heading: m.delayed.lastScanHeading,
    when: place ? t.text(m.delayed.lastScanWhere, { date, place }) : date,
    note: carrierNote(scan.message, context),
  };
}

export const delayedEmail = defineEmail<DelayedProps>({
  audience: 'shopper',
  proactive: true,
  compose(props, context) {
    const { t, m } = context;
    const order = props.orderName;
    return {
      subject: t.text(m.delayed.subject, { order }),
      preheader: m.delayed.preheader,
      view: {
        ...shipmentView(props, context),
        title: m.delayed.title,
        apology: t.text(m.delayed.apology, { order }),
        situation: situation(props, context),
        lastScan: lastScanView(props.lastScan, context),
        doing: t.text(m.delayed.doing, { carrier: carrierName(props.carrier, m) }),
        allowDays: t.plural(props.workingDays ? m.delayed.allowWorkingDays : m.delayed.allowDays, props.extraDays),
        followUp: m.delayed.followUp,
      },
    };
  },
});
