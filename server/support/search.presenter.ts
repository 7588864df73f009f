import type { searchOrders } from '../../db/console.repository.ts';
import { consoleTime } from '../../core/time/console-time.ts';
import { shipmentHref, statusLabel } from './shipment.format.ts';

type SearchResult = Awaited<ReturnType<typeof searchOrders>>[number];

export function presentSearchResults(results: SearchResult[], timeZone: string) {
  const { stamp } = consoleTime(timeZone);
  return results.map(({ order, shipments }) => ({
    name: order.name,
    email: order.email,
    customerId: order.customer_id,
    created: stamp(order.created_at),
    cancelled: Boolean(order.cancelled_at),
    shipments: shipments.map((s) => ({
      href: shipmentHref(s.id),
      trackingCode: s.tracking_code,
      carrier: s.carrier ?? s.declared_carrier ?? 'unknown carrier',
      status: statusLabel(s.status),
      retired: Boolean(s.retired_at),
    })),
  }));
}
