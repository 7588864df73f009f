import { carrierName, defineEmail, httpUrl, shipmentView, type ShipmentEmailProps } from '../email.ts';

// Delivered, with the carrier's proof (when, where, who signed) and a way to say "it isn't here" that
// does not require the shopper to write an angry email first.

export interface DeliveredProps extends ShipmentEmailProps {
  deliveredAt: Date;
  // Where the carrier says it left the parcel ("Front door", "Parcel locker at Føtex Vesterbro").
  place?: string | null;
  signedBy?: string | null;
  // Starts a not-received report (signed link to the lookup page).
  notReceivedUrl: string;
}

export const deliveredEmail = defineEmail<DeliveredProps>({
  audience: 'shopper',
  proactive: true,
  compose(props, context) {
    const { t, m } = context;
    const msg = m.delivered;
    const order = props.orderName;
    const when = t.dateTime(props.deliveredAt);
    const details = [
      { label: msg.whenLabel, value: when },
      { label: msg.whereLabel, value: props.place?.trim() },
      { label: msg.signedByLabel, value: props.signedBy?.trim() },
    ].filter((detail) => detail.value);
    return {
      subject: t.text(msg.subject, { order }),
      preheader: t.text(msg.preheader, { date: t.date(props.deliveredAt) }),
      view: {
        ...shipmentView(props, context),
        title: msg.title,
        body: t.text(msg.body, { order, carrier: carrierName(props.carrier, m) }),
        details,
        enjoy: msg.enjoy,
        notReceived: {
          heading: msg.notReceivedHeading,
          body: msg.notReceivedBody,
          link: msg.notReceivedLink,
          url: httpUrl(props.notReceivedUrl, 'notReceivedUrl'),
        },
      },
    };
  },
});
