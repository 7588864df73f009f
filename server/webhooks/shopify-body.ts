// Shopify's REST webhook bodies carry ids above 2^53 as JSON numbers; plain JSON.parse rounds them.
// The reviver below keeps every integer that large as the digits Shopify sent.

type ReviverContext = { source?: string };

export function parseShopifyBody(text: string): unknown {
  return JSON.parse(text, function revive(this: unknown, _key: string, value: unknown, context?: ReviverContext) {
    if (typeof value === 'number' && !Number.isSafeInteger(value) && context?.source && /^-?\d+$/.test(context.source)) return context.source;
    return value;
  } as (this: unknown, key: string, value: unknown) => unknown);
}

