// Shopify ids: digits that outgrow JavaScript numbers. The sandbox starts above 2^53 and keeps every
// id odd, so a client that parses them as numbers visibly corrupts them (only even integers are exact
// between 2^53 and 2^54).

const FIRST_ID = 9_007_199_254_740_993n; // 2^53 + 1
const STEP = 1_000_002n;
// Each seed gets its own range of 200,000 ids; a thousand ranges still end below 2^54.
const SEED_RANGE = 200_000n * STEP;

export class IdSequence {
  #next: bigint;

  constructor(seed = 0) {
    this.#next = FIRST_ID + BigInt(Math.abs(Math.trunc(seed)) % 1000) * SEED_RANGE;
  }

  next(): string {
    const id = this.#next;
    this.#next += STEP;
    return id.toString();
  }
}

export type GidType =
  | 'Order'
  | 'Fulfillment'
  | 'Customer'
  | 'FulfillmentEvent'
  | 'ShopifyPaymentsDispute'
  | 'ShopifyPaymentsDisputeEvidence'
  | 'ShopifyPaymentsAccount'
  | 'MailingAddress'
  | 'Shop'
  | 'AppInstallation'
  | 'WebhookSubscription';

export function gid(type: GidType, id: string): string {
  return `gid://shopify/${type}/${id}`;
}

// The digits of a gid of one of the given types, or undefined for anything else.
export function idFromGid(value: string, ...types: GidType[]): string | undefined {
  const match = /^gid:\/\/shopify\/([A-Za-z]+)\/(\d+)(?:\?.*)?$/.exec(value);
  if (!match || !types.includes(match[1] as GidType)) return undefined;
  return match[2];
}
