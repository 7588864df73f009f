import { carrierName, defineEmail, shipmentView, type ShipmentEmailProps } from '../email.ts';

// The label exists but the carrier never scanned the parcel: tracking shows nothing, which worries
// shoppers more than a late parcel. Say so plainly and say that the shop is asking the carrier.

export interface NeverScannedProps extends ShipmentEmailProps {
  labelCreatedAt: Date;
  // Within how many days we promise the next word from us.
  followUpDays: number;
}

export const neverScannedEmail = defineEmail<NeverScannedProps>({
  audience: 'shopper',
  proactive: true,
  compose(props, context) {
    const { t, m } = context;
    const order = props.orderName;
    const carrier = carrierName(props.carrier, m);
    return {
      subject: t.text(m.never_scanned.subject, { order }),
      preheader: m.never_scanned.preheader,
      view: {
        ...shipmentView(props, context),
        title: m.never_scanned.title,
        body: t.text(m.never_scanned.body, { order, carrier, date: t.date(props.labelCreatedAt) }),
        apology: m.never_scanned.apology,
        doing: t.text(m.never_scanned.doing, { carrier }),
        followUp: t.plural(m.never_scanned.followUp, props.followUpDays),
        trackHint: m.never_scanned.trackHint,
      },
    };
  },
});
