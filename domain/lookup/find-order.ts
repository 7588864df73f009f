import { timingSafeEqual, createHash } from 'node:crypto';
import type { Db } from '../../db/database.ts';
import { findOrdersByReference } from '../../db/lookup.repository.ts';
import type { Order } from '../../db/schema.ts';
import { normalizeEmail, type OrderReference } from '../../core/order-reference.ts';
import { normalizePostalCode } from '../../core/postal-address.ts';

export type Proof = { email: string } | { postalCode: string };

const digest = (value: string) => createHash('sha256').update(value).digest();

function normalizedProof(proof: Proof): { given: string; heldBy: (order: Order | undefined) => string } {
  return 'email' in proof
    ? { given: normalizeEmail(proof.email), heldBy: (order) => normalizeEmail(order?.email ?? '') }
    : { given: normalizePostalCode(proof.postalCode), heldBy: (order) => normalizePostalCode(order?.postal_code ?? '') };
}

// The order a shopper means, if the email or postal code they gave is the order's. A wrong order, a
// wrong proof or both are the same answer (undefined), reached by the same work: one query, and one
// constant-time comparison of fixed-length digests per candidate (against nothing when there is none).
export async function findOrderForShopper(db: Db, shopId: string, reference: OrderReference | null, proof: Proof): Promise<Order | undefined> {
  const candidates = reference ? await findOrdersByReference(db, shopId, reference.names, reference.number) : [];
  const { given, heldBy } = normalizedProof(proof);
  let match: Order | undefined;
  for (const order of candidates.length ? candidates : [undefined]) {
    const held = heldBy(order);
    const same = timingSafeEqual(digest(given), digest(held));
    if (same && held !== '' && order && !match) match = order;
  }
  return match;
}
