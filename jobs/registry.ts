import { ensureWebhooksJob } from './ensure-webhooks.job.ts';
import { reconcilePaymentDisputesJob } from './reconcile-payment-disputes.job.ts';
import { submitDisputeEvidenceJob } from './submit-dispute-evidence.job.ts';
import { syncPaymentDisputeJob } from './sync-payment-dispute.job.ts';
import type { JobDefinition } from './job.ts';
import { sendNotificationJob } from './send-notification.job.ts';
import { pruneWebhookReceipts } from './prune-webhook-receipts.job.ts';
import { learnThresholdsJob } from './learn-thresholds.job.ts';
import { sweepDetectionJob } from './sweep-detection.job.ts';
import { postFulfillmentEventJob } from './post-fulfillment-event.job.ts';
import { reconcileShopifyOrdersJob } from './reconcile-orders.job.ts';
import { syncShopifyOrderJob } from './sync-order.job.ts';
import { applyTrackerWebhookJob } from './apply-tracker-webhook.job.ts';
import { checkShipmentJob } from './check-shipment.job.ts';
import { dispatchDueChecksJob } from './dispatch-due-checks.job.ts';

// Every job the service runs. Workers subscribe to each; schedules are (re)declared at worker start.
export const jobs = {
  pruneWebhookReceipts,
  dispatchDueChecks: dispatchDueChecksJob,
  checkShipment: checkShipmentJob,
  applyTrackerWebhook: applyTrackerWebhookJob,
  syncShopifyOrder: syncShopifyOrderJob,
  reconcileShopifyOrders: reconcileShopifyOrdersJob,
  postFulfillmentEvent: postFulfillmentEventJob,
  sweepDetection: sweepDetectionJob,
  learnThresholds: learnThresholdsJob,
  sendNotification: sendNotificationJob,
  syncPaymentDispute: syncPaymentDisputeJob,
  reconcilePaymentDisputes: reconcilePaymentDisputesJob,
  submitDisputeEvidence: submitDisputeEvidenceJob,
  ensureWebhooks: ensureWebhooksJob,
} as const;

export const allJobs: ReadonlyArray<JobDefinition<any>> = Object.values(jobs);
