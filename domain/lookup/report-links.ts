import { disputesForOrder } from '../../db/disputes.repository.ts';
import { listShipmentsForOrder } from '../../db/shipments.repository.ts';
import type { Order } from '../../db/schema.ts';
import type { DomainContext } from '../context.ts';
import { lookupToken, notReceivedPath } from '../../core/links.ts';

// "I haven't received it" on the lookup page, per delivered parcel (by tracking code, as the page
// shows them): a freshly signed lookup link, so a shopper who typed their order number never types
// it again, and when the parcel's case is open, since when.
export interface ReportLink {
  href: string;
  openSince: Date | null;
}

export async function reportLinksFor(services: Pick<DomainContext, 'db' | 'config'> & { secretKey: string }, order: Order): Promise<Map<string, ReportLink>> {
  const token = lookupToken(services.secretKey, services.config, order.id);
  const delivered = (await listShipmentsForOrder(services.db, order.id)).filter((s) => s.status === 'delivered' && !s.retired_at);
  const open = new Map((await disputesForOrder(services.db, order.id)).filter((d) => d.state === 'open' && d.source === 'shopper').map((d) => [d.shipment_id, d.opened_at]));
  return new Map(delivered.map((s) => [s.tracking_code, { href: notReceivedPath(token, s.id), openSince: open.get(s.id) ?? null }]));
}
