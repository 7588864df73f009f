import { defineJob } from './job.ts';
import { sendNotificationWork } from '../domain/work.ts';
import { deliverNotification } from '../domain/notifications/deliver.ts';

// Sends one notification. SMTP down → retried with backoff for about a day before giving up (the row
// stays pending and visible); the notification row decides what is sent, so retries never duplicate.
// A worker that dies holding a batch gives it back within about 30 s: a missed heartbeat (jobs/queue.ts)
// and the first retry delay of 5 to 10 s.
// Expiry bounds a live batch, not a dead worker, and must outlast the longest honest one, or the batch
// would be retried while it still runs: a batch is up to 8 sends in order (fetchPlan), each at most
// about 80 s (emails/transport.ts: 10 s to connect, 10 s for the greeting, 60 s of a silent server), so
// 640 s; 900 leaves room for the database reads around each send.
export const sendNotificationJob = defineJob({
  ...sendNotificationWork,
  queue: { retryLimit: 16, retryDelay: 5, retryBackoff: true, retryDelayMax: 3600, expireInSeconds: 900 },
  // An email accepted by SMTP but not yet marked sent is resent if the worker dies: one at a time
  // bounds the duplicates to one per crash (more workers give more throughput). Every way a duplicate
  // can happen, and its bound: docs/operations.md#duplicate-emails-and-fulfillment-events.
  work: (config) => ({ concurrency: config.EMAIL_SEND_CONCURRENCY, sequential: true }),
  async run({ notificationId }, { db, mailer, logger, config }) {
    if (!mailer) throw new Error('no mail transport configured');
    await deliverNotification(db, mailer, notificationId, logger, { blockSuppressesEmails: config.BLOCK_SUPPRESSES_EMAILS });
  },
});
