import { defineJob } from './job.ts';
import { sendNotificationWork } from '../domain/work.ts';
import { deliverNotification } from '../domain/notifications/deliver.ts';

// Sends one notification. SMTP down → retried with backoff for about a day before giving up (the row
// stays pending and visible); the notification row decides what is sent, so retries never duplicate.
export const sendNotificationJob = defineJob({
  ...sendNotificationWork,
  queue: { retryLimit: 16, retryDelay: 5, retryBackoff: true, retryDelayMax: 3600, expireInSeconds: 120 },
  // An email accepted by SMTP but not yet marked sent is resent if the worker dies: one at a time
  // bounds the duplicates to one per crash (more workers give more throughput).
  work: (config) => ({ concurrency: config.EMAIL_SEND_CONCURRENCY, sequential: true }),
  async run({ notificationId }, { db, mailer, logger, config }) {
    if (!mailer) throw new Error('no mail transport configured');
    await deliverNotification(db, mailer, notificationId, logger, { blockSuppressesEmails: config.BLOCK_SUPPRESSES_EMAILS });
  },
});
