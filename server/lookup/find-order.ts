import { timingSafeEqual, createHash } from 'node:crypto';
import type { Db } from '../../db/database.ts';
import { findOrdersByReference } from '../../db/lookup.repository.ts';
import type { Order } from '../../db/schema.ts';
import { normalizeEmail, normalizePostalCode, parseOrderReference } from './order-reference.ts';

export type Proof = { email: string } | { postalCode: string };

const digest = (value: string) => createHash('sha256').update(value).digest();

function proves(order: Order, proof: Proof): boolean {
  const [given, held] =
    'email' in proof
      ? [normalizeEmail(proof.email), normalizeEmail(order.email ?? '')]
      : [normalizePostalCode(proof.postalCode), normalizePostalCode(order.postal_code ?? '')];
  // Compared as fixed-length digests in constant time; an order without the field never matches.
  return held !== '' && timingSafeEqual(digest(given), digest(held));
}

// The order a shopper means, if the email or postal code they gave is the order's. A wrong order, a
// wrong proof or both are the same answer (undefined), reached by the same work.
export async function findOrderForShopper(db: Db, shopId: string, reference: string, proof: Proof): Promise<Order | undefined> {
  const parsed = parseOrderReference(reference);
  const candidates = parsed ? await findOrdersByReference(db, shopId, parsed.names, parsed.number) : [];
  let match: Order | undefined;
  for (const order of candidates.length ? candidates : [undefined]) {
    const ok = order ? proves(order, proof) : proves({ email: '', postal_code: '' } as Order, proof);
    if (ok && !match) match = order;
  }
  return match;
}
