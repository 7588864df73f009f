import { defineEmail, shipmentView, type ShipmentEmailProps } from '../email.ts';

// Sent as soon as the parcel has a tracking number, so the shopper never has to ask where it is.

export interface ShippedProps extends ShipmentEmailProps {
  estimatedDelivery?: Date | null;
  // 'learned': the date comes from the shop's own recent deliveries, and is worded as such.
  estimateSource?: 'carrier' | 'learned' | null;
}

export const shippedEmail = defineEmail<ShippedProps>({
  audience: 'shopper',
  proactive: true,
  compose(props, context) {
    const { t, m } = context;
    const order = props.orderName;
    const carrier = props.carrier?.trim();
    return {
      subject: t.text(m.shipped.subject, { order }),
      preheader: m.shipped.preheader,
      view: {
        ...shipmentView(props, context),
        title: m.shipped.title,
        intro: carrier ? t.text(m.shipped.intro, { order, carrier }) : t.text(m.shipped.introNoCarrier, { order }),
        estimate: props.estimatedDelivery
          ? t.text(props.estimateSource === 'learned' ? m.shipped.usually : m.shipped.estimate, { date: t.date(props.estimatedDelivery) })
          : null,
        trackHint: m.shipped.trackHint,
      },
    };
  },
});
