import { defineEmail, httpUrl, shipmentView, type OrderEmailProps } from '../email.ts';
import { addressLines, type PostalAddress } from '../../core/postal-address.ts';

// Before anything else in a not-received case: was the parcel sent where the shopper lives now? Two
// plain links answer it; the page behind them records the answer.

export interface AddressConfirmationProps extends OrderEmailProps {
  address: PostalAddress | null;
  confirmUrl: string;
  correctUrl: string;
}

export const addressConfirmationEmail = defineEmail<AddressConfirmationProps>({
  audience: 'shopper',
  proactive: false,
  compose(props, context) {
    const { t, m } = context;
    const msg = m.address_confirmation;
    const order = props.orderName;
    return {
      subject: t.text(msg.subject, { order }),
      preheader: msg.preheader,
      view: {
        ...shipmentView(props, context),
        title: msg.title,
        body: t.text(msg.body, { order }),
        addressLines: addressLines(props.address, t.language),
        confirm: { label: msg.confirm, url: httpUrl(props.confirmUrl, 'confirmUrl') },
        correct: { label: msg.correct, url: httpUrl(props.correctUrl, 'correctUrl') },
        after: msg.after,
      },
    };
  },
});
