import { lockDispute } from '../../db/disputes.repository.ts';
import type { AddressAnswer, Dispute, Order, Shipment } from '../../db/schema.ts';
import type { DomainContext } from '../context.ts';
import { openShopperCase, recordAddressAnswer } from './cases.ts';

// What a shopper does to a case from the signed links in the emails and on the tracking page, each in
// its own transaction, so the case, its emails and its audit entries are written together.

type ShopperActionContext = Pick<DomainContext, 'db' | 'shopId' | 'config' | 'queue' | 'logger'>;

// "Still not here" on a delivered parcel: opens its case, or answers with the one already open.
export function reportNotReceived(
  ctx: ShopperActionContext,
  report: { order: Order; shipment: Shipment; note: string | null; now: Date },
): Promise<{ dispute: Dispute; created: boolean }> {
  return ctx.db.transaction().execute((trx) => openShopperCase(trx, ctx, report));
}

// The shopper's answer to the address check of the case they were sent the link for.
export function answerAddressCheck(
  ctx: ShopperActionContext,
  found: { dispute: Dispute; order: Order },
  answer: { answer: AddressAnswer; correction: string | null; now: Date },
): Promise<Dispute> {
  return ctx.db.transaction().execute(async (trx) => {
    // Locked, so two answers at once cannot both decide whether support gets the "wrong" alert.
    const dispute = (await lockDispute(trx, ctx.shopId, found.dispute.id)) ?? found.dispute;
    return recordAddressAnswer(trx, ctx, dispute, found.order, answer);
  });
}
