// What a shopper types as their order: "#1001", "1001", " 1001 ", or the shop's own format ("ABC-1001").
export interface OrderReference {
  names: string[];
  number: number | null;
}

export function parseOrderReference(input: string): OrderReference | null {
  const cleaned = input.normalize('NFKC').trim().replace(/\s+/g, '');
  if (cleaned === '' || cleaned.length > 64) return null;
  const bare = cleaned.replace(/^#+/, '');
  const upper = bare.toUpperCase();
  // orders.number is a 32-bit integer: a longer number can only match by name.
  const digits = /^\d{1,10}$/.test(bare) && Number(bare) <= 2_147_483_647 ? Number(bare) : null;
  return { names: [...new Set([`#${upper}`, upper])], number: digits };
}

// One order, one key, whatever way it was typed: "1001", "#1001", "01001" and "１００１" all search for
// order number 1001, so they share a rate limit bucket; a name that is not a number is its upper case.
// A caller that has parsed the input already hands its reference in.
export function orderLimitKey(input: string, parsed: OrderReference | null = parseOrderReference(input)): string {
  if (!parsed) return input.trim().toUpperCase();
  return parsed.number !== null ? `#${parsed.number}` : parsed.names[parsed.names.length - 1];
}

export function normalizeEmail(value: string): string {
  return value.normalize('NFKC').trim().toLowerCase();
}
