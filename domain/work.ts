import { z } from 'zod';
import type { Db, Tx } from '../db/database.ts';

// Work a use case hands to the background door, inside the caller's transaction. Each kind is its
// name and its payload (ids only: the handler re-reads current state); the jobs door gives each its
// handler and queue policy (jobs/registry.ts), so the domain never imports the queue.
export interface WorkKind<P extends object> {
  name: string;
  payload: z.ZodType<P>;
}

export interface EnqueueOptions {
  // At most one such job queued or running (with the kind's singleton policy).
  singletonKey?: string;
  startAfter?: Date | number | string;
  expireInSeconds?: number;
}

export interface WorkQueue {
  enqueue<P extends object>(db: Db | Tx, kind: WorkKind<P>, payload: P, options?: EnqueueOptions): Promise<string | null>;
  enqueueMany<P extends object>(db: Db | Tx, kind: WorkKind<P>, jobs: Array<EnqueueOptions & { data: P }>): Promise<void>;
}

// One carrier check of one shipment for one due time.
export const checkShipmentWork = {
  name: 'check-shipment',
  payload: z.object({ shipmentId: z.uuid(), dueAt: z.iso.datetime() }),
} satisfies WorkKind<object>;

// Sends one recorded notification.
export const sendNotificationWork = {
  name: 'send-notification',
  payload: z.object({ notificationId: z.uuid() }),
} satisfies WorkKind<object>;

// Posts one recorded fulfillment event to Shopify.
export const postFulfillmentEventWork = {
  name: 'post-fulfillment-event',
  payload: z.object({ postId: z.uuid() }),
} satisfies WorkKind<object>;

// Submits a case's tracking evidence to Shopify, once.
export const submitDisputeEvidenceWork = {
  name: 'submit-dispute-evidence',
  payload: z.object({ disputeId: z.uuid(), requestedBy: z.uuid().nullable() }),
} satisfies WorkKind<object>;

// Applies the tracker one stored EasyPost webhook carried (the receipt keeps the signed body).
export const applyTrackerWebhookWork = {
  name: 'apply-tracker-webhook',
  payload: z.object({ receiptId: z.uuid() }),
} satisfies WorkKind<object>;

// Re-reads one Shopify order and its fulfillments, and stores them.
export const syncShopifyOrderWork = {
  name: 'sync-shopify-order',
  payload: z.object({ shopifyOrderId: z.string().regex(/^\d+$/) }),
} satisfies WorkKind<object>;

// Re-reads one Shopify Payments dispute, and opens or updates its case.
export const syncPaymentDisputeWork = {
  name: 'sync-payment-dispute',
  payload: z.object({ shopifyDisputeId: z.string().regex(/^\d+$/) }),
} satisfies WorkKind<object>;
