import { estimateForShipment } from '../../db/delivery-estimates.repository.ts';
import { updateShipment } from '../../db/shipments.repository.ts';
import type { ShipmentChangeHandler } from './shipment-change.ts';

// Once a parcel has its first scan, the date the shop's own history says it usually arrives by: the
// first scan plus the learned days for its carrier, service and lane, as a calendar day (kept as a UTC
// midnight, like the carrier's estimates). Set once, so it stays the promise made at that time. It is
// kept even when the carrier gives a date (analytics compare the two); it is only *used* when the
// carrier gives none.
export const recordLearnedEstimate: ShipmentChangeHandler = async (trx, change, { config }) => {
  const { shipment } = change;
  if (!shipment.first_scan_at || shipment.learned_est_delivery_at || !shipment.carrier) return;
  const learned = await estimateForShipment(trx, shipment.id, config.SHOP_COUNTRY);
  if (!learned) return;
  change.shipment = await updateShipment(trx, shipment.id, { learned_est_delivery_at: usualDay(shipment.first_scan_at, learned.days) });
};

// The calendar day (UTC) on which firstScan + days falls.
export function usualDay(firstScan: Date, days: number): Date {
  const at = new Date(firstScan.getTime() + days * 86_400_000);
  return new Date(Date.UTC(at.getUTCFullYear(), at.getUTCMonth(), at.getUTCDate()));
}

// The estimate a shopper is told and lateness is judged by: the carrier's when it gives one, else the
// learned one, saying which it is.
export function deliveryEstimateOf(shipment: { est_delivery_at: Date | null; learned_est_delivery_at: Date | null }): { at: Date; source: 'carrier' | 'learned' } | null {
  if (shipment.est_delivery_at) return { at: shipment.est_delivery_at, source: 'carrier' };
  if (shipment.learned_est_delivery_at) return { at: shipment.learned_est_delivery_at, source: 'learned' };
  return null;
}
