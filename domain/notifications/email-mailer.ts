import type { Db } from '../../db/database.ts';
import { buildMessage } from '../../emails/message.ts';
import { classifySendError, type Mailer } from '../../emails/transport.ts';
import type { Config } from '../../core/config.ts';
import { brandingFrom, composeNotification } from './compose.ts';
import type { NotificationMailer } from './deliver.ts';

// The notifications' mail path: compose the props from the current state, render the kind's email in
// the shopper's language, and hand it to the transport (SMTP, or the dev outbox) under the row's
// stable Message-ID.
export function createNotificationMailer(db: Db, config: Config, secretKey: string, transport: Mailer): NotificationMailer {
  const branding = brandingFrom(config);
  return {
    async deliver({ notification, shipment, order }) {
      const composed = await composeNotification(db, notification, shipment, order, { config, secretKey });
      const message = await buildMessage({
        kind: composed.kind,
        locale: notification.locale,
        props: composed.props,
        branding,
        to: notification.recipient,
        messageId: notification.message_id,
        settings: { mailFrom: config.MAIL_FROM, publicUrl: config.PUBLIC_URL },
        unsubscribe: composed.unsubscribeUrl ? { url: composed.unsubscribeUrl } : null,
      });
      try {
        await transport.send(message, { shopId: notification.shop_id, kind: composed.kind, locale: notification.locale });
      } catch (error) {
        throw classifySendError(error);
      }
    },
  };
}
