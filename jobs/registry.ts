import { ensureWebhooksJob } from './connect/ensure-webhooks.job.ts';
import { reconcilePaymentDisputesJob } from './disputes/reconcile-payment-disputes.job.ts';
import { submitDisputeEvidenceJob } from './disputes/submit-dispute-evidence.job.ts';
import { syncPaymentDisputeJob } from './disputes/sync-payment-dispute.job.ts';
import type { JobDefinition } from './job.ts';
import { sendNotificationJob } from './notifications/send-notification.job.ts';
import { pruneWebhookReceipts } from './prune-webhook-receipts.job.ts';
import { learnThresholdsJob } from './rules/learn-thresholds.job.ts';
import { sweepDetectionJob } from './rules/sweep-detection.job.ts';
import { postFulfillmentEventJob } from './shopify/post-fulfillment-event.job.ts';
import { reconcileShopifyOrdersJob } from './shopify/reconcile-orders.job.ts';
import { syncShopifyOrderJob } from './shopify/sync-order.job.ts';
import { applyTrackerWebhook } from './tracking/apply-tracker-webhook.job.ts';
import { checkShipmentJob } from './tracking/check-shipment.job.ts';
import { dispatchDueChecksJob } from './tracking/dispatch-due-checks.job.ts';

// Every job the service runs. Workers subscribe to each; schedules are (re)declared at worker start.
export const jobs = {
  pruneWebhookReceipts,
  dispatchDueChecks: dispatchDueChecksJob,
  checkShipment: checkShipmentJob,
  applyTrackerWebhook,
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
