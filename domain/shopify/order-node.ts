import { z } from 'zod';

// An order as the Admin GraphQL API returns it for the documents in queries.ts. Ids are strings.

const nullableString = z.string().nullish().transform((s) => s ?? null);

export const trackingInfoSchema = z.object({ company: nullableString, number: nullableString, url: nullableString });

export const fulfillmentNodeSchema = z.object({
  id: z.string(),
  legacyResourceId: z.string(),
  status: z.string(),
  createdAt: z.string().nullish(),
  updatedAt: z.string().nullish(),
  trackingInfo: z.array(trackingInfoSchema).nullish().transform((t) => t ?? []),
});

export const addressSchema = z
  .object({
    name: nullableString,
    address1: nullableString,
    address2: nullableString,
    city: nullableString,
    province: nullableString,
    provinceCode: nullableString,
    zip: nullableString,
    country: nullableString,
    countryCodeV2: nullableString,
    phone: nullableString,
  })
  .partial();

export const orderNodeSchema = z.object({
  id: z.string(),
  legacyResourceId: z.string().regex(/^\d+$/),
  name: z.string(),
  email: nullableString,
  updatedAt: z.string(),
  cancelledAt: nullableString,
  customerLocale: nullableString,
  customer: z.object({ id: z.string(), email: nullableString, locale: nullableString }).nullish(),
  shippingAddress: addressSchema.nullish(),
  fulfillments: z.array(fulfillmentNodeSchema).nullish().transform((f) => f ?? []),
});

// protectedDataRefused: the protected customer data fields Shopify answered null for, because the app
// was not approved to read them.
export type OrderNode = z.infer<typeof orderNodeSchema> & { protectedDataRefused?: string[] };
export type FulfillmentNode = z.infer<typeof fulfillmentNodeSchema>;

// gid://shopify/Order/123 → "123"
export function legacyId(gid: string): string {
  const match = /\/(\d+)$/.exec(gid);
  return match ? match[1] : gid;
}

export function orderGid(shopifyOrderId: string): string {
  return `gid://shopify/Order/${shopifyOrderId}`;
}

// Fulfillments whose parcels are on their way to the shopper. Cancelled, failed or errored ones are
// not: their shipments are retired.
export function isLiveFulfillment(f: FulfillmentNode): boolean {
  return !['CANCELLED', 'FAILURE', 'ERROR'].includes(f.status.toUpperCase());
}
