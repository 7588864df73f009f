import { idFromGid } from './ids.ts';
import type { Resolver, ResolverContext } from './queries.ts';

// The write side: what the service sends back to Shopify. Problems with the data (an unknown id, evidence
// that can no longer change) come back as userErrors with HTTP 200, as on Shopify; problems with the
// shape of the input (a status outside the enum) never reach here, the schema refuses them.

interface FulfillmentEventInput {
  fulfillmentId: string;
  status: string;
  happenedAt?: string | null;
  message?: string | null;
  estimatedDeliveryAt?: string | null;
  city?: string | null;
  province?: string | null;
  country?: string | null;
  zip?: string | null;
}

const fulfillmentEventCreate: Resolver<unknown> = (_, args, { store, stamps }: ResolverContext) => {
  const input = args.fulfillmentEvent as FulfillmentEventInput;
  const fulfillmentId = idFromGid(input.fulfillmentId, 'Fulfillment');
  if (fulfillmentId === undefined || !store.fulfillment(fulfillmentId)) {
    return { fulfillmentEvent: null, userErrors: [{ field: ['fulfillmentEvent', 'fulfillmentId'], message: 'Fulfillment does not exist.' }] };
  }
  const at = stamps.next();
  const fulfillmentEvent = store.addFulfillmentEvent(
    fulfillmentId,
    {
      status: input.status,
      happenedAt: input.happenedAt ?? at,
      message: input.message ?? null,
      estimatedDeliveryAt: input.estimatedDeliveryAt ?? null,
      city: input.city ?? null,
      province: input.province ?? null,
      country: input.country ?? null,
      zip: input.zip ?? null,
    },
    at,
  );
  return { fulfillmentEvent, userErrors: [] };
};

// The mutation names the evidence (ShopifyPaymentsDisputeEvidence/N, where N is the dispute's number);
// the sandbox also takes the dispute's own gid.
const disputeEvidenceUpdate: Resolver<unknown> = (_, args, { store, stamps }: ResolverContext) => {
  const disputeId = idFromGid(String(args.id), 'ShopifyPaymentsDisputeEvidence', 'ShopifyPaymentsDispute');
  const dispute = disputeId === undefined ? undefined : store.dispute(disputeId);
  if (disputeId === undefined || !dispute) return refused(['id'], 'Dispute evidence does not exist.', 'DISPUTE_EVIDENCE_NOT_FOUND');
  if (dispute.evidence.submitted || dispute.status !== 'NEEDS_RESPONSE') {
    return refused(['id'], 'Evidence can no longer be updated: it was submitted, or the dispute is no longer open.', 'INVALID');
  }
  const at = stamps.next();
  if (dispute.evidenceDueBy !== null && Date.parse(dispute.evidenceDueBy) < Date.parse(at)) {
    return refused(['id'], 'The due date for evidence has passed.', 'EVIDENCE_PAST_DUE_DATE');
  }
  const { submitEvidence, ...fields } = args.input as Record<string, unknown>;
  store.updateEvidence(disputeId, fields, submitEvidence === true, at);
  return { disputeEvidence: dispute, userErrors: [] };
};

function refused(field: string[], message: string, code: string) {
  return { disputeEvidence: null, userErrors: [{ field, message, code }] };
}

export const mutationResolvers: Record<string, Resolver<unknown>> = { fulfillmentEventCreate, disputeEvidenceUpdate };
