import { z } from 'zod';
import { caseNotifications, findDispute, lockDispute } from '../../db/disputes.repository.ts';
import type { Db, Tx } from '../../db/database.ts';
import { findOrderById } from '../../db/orders.repository.ts';
import type { Dispute, Notification, Order } from '../../db/schema.ts';
import { findShipment } from '../../db/shipments.repository.ts';
import { listSupportNotes } from '../../db/support-notes.repository.ts';
import { supportUserEmails } from '../../db/support-users.repository.ts';
import { caseAsItStands, evidenceInFlight, refreshEvidence } from './case-evidence.ts';
import { AppError } from '../../core/errors.ts';
import type { DomainContext } from '../context.ts';

// A not-received case in the console: reading it, and running one of support's actions on it.

const idSchema = z.uuid();

// A case as it stands, for the page that shows it.
export interface DisputeViewInput {
  dispute: Dispute;
  order: Order;
  names: Map<string, string>;
  emails: Notification[];
  now: Date;
  notes: Awaited<ReturnType<typeof listSupportNotes>>;
  // A lost case resolved with a replacement: the new parcel.
  replacement?: { id: string; trackingCode: string } | null;
}

export interface CaseAtHand {
  dispute: Dispute;
  order: Order;
}

function checkId(id: string): void {
  if (!idSchema.safeParse(id).success) throw new AppError('not_found', 'There is no such case.');
}

async function withOrder(db: Db | Tx, dispute: Dispute | undefined): Promise<CaseAtHand> {
  const order = dispute && (await findOrderById(db, dispute.order_id));
  if (!dispute || !order) throw new AppError('not_found', 'There is no such case.');
  return { dispute, order };
}

const shipmentOf = (db: Db | Tx, dispute: Dispute) => (dispute.shipment_id ? findShipment(db, dispute.shipment_id) : Promise.resolve(undefined));

// What the case page shows: the case with its evidence as it stands now (computed, not stored: reading
// a case changes nothing), who acted on it, and its emails.
export async function readCase({ db, shopId, config }: Pick<DomainContext, 'db' | 'shopId' | 'config'>, id: string, now: Date): Promise<DisputeViewInput> {
  checkId(id);
  const found = await withOrder(db, await findDispute(db, shopId, id));
  const dispute = await caseAsItStands(db, config, found.dispute, found.order, await shipmentOf(db, found.dispute), now);
  const names = await supportUserEmails(db, shopId, [dispute.address_confirmed_by, dispute.resolved_by]);
  const replacement = dispute.replacement_shipment_id ? await findShipment(db, dispute.replacement_shipment_id) : undefined;
  return {
    dispute,
    order: found.order,
    names,
    emails: await caseNotifications(db, dispute.id),
    now,
    notes: await listSupportNotes(db, shopId, found.order.id),
    replacement: replacement ? { id: replacement.id, trackingCode: replacement.tracking_code } : null,
  };
}

// The case's parcel, for the actions that act on it (a replacement names the parcel it replaces).
export const caseShipment = shipmentOf;

// One action on the locked case. The evidence support was shown is stored first, so the case keeps
// what it was acted on (and the evidence submitted to Shopify is the one support saw).
export async function actOnCase<T>({ db, shopId, config }: Pick<DomainContext, 'db' | 'shopId' | 'config'>, id: string, now: Date, run: (trx: Tx, found: CaseAtHand) => Promise<T>): Promise<T> {
  checkId(id);
  return db.transaction().execute(async (trx) => {
    const found = await withOrder(trx, await lockDispute(trx, shopId, id));
    const dispute = evidenceInFlight(found.dispute) ? found.dispute : await refreshEvidence(trx, config, found.dispute, found.order, await shipmentOf(trx, found.dispute), now);
    return run(trx, { dispute, order: found.order });
  });
}
