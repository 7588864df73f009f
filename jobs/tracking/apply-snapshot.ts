import type { Tx } from '../../db/database.ts';
import type { Shipment } from '../../db/schema.ts';
import { updateShipment, type ShipmentUpdate } from '../../db/shipments.repository.ts';
import { insertTrackingEvents } from '../../db/tracking-events.repository.ts';
import { easypostCarrierFor, isCarrierMismatch } from './carriers.ts';
import type { ScheduleState } from './poll-schedule.ts';
import { isOlderSnapshot, positionOf, type TrackerSnapshot, type TrackingStatus } from './tracker-snapshot.ts';

export interface AppliedSnapshot {
  shipment: Shipment;
  previousStatus: TrackingStatus;
  statusChanged: boolean;
  newEvents: number;
  // Anything the shopper or support could notice: status, detail, estimate, signature, events.
  changed: boolean;
  // The snapshot was older than what we hold: nothing was stored.
  stale: boolean;
}

function sameTime(a: Date | null, b: Date | null): boolean {
  return (a?.getTime() ?? null) === (b?.getTime() ?? null);
}

// Stores one tracker snapshot on a shipment the caller has locked. Events are merged (deduplicated);
// a snapshot older than the one held is ignored, so a shipment never moves backwards.
export async function applySnapshot(trx: Tx, shipment: Shipment, snapshot: TrackerSnapshot, now: Date): Promise<AppliedSnapshot> {
  const previousStatus = shipment.status as TrackingStatus;
  const current = {
    lastEventAt: shipment.last_event_at,
    eventCount: shipment.event_count,
    status: previousStatus,
    updatedAt: shipment.tracker_updated_at,
  };
  // A tracker's details are cumulative, so the newer snapshot already holds everything an older one
  // knew; the older one's events are not added (carriers in test mode even re-date them).
  if (shipment.tracker_id !== null && isOlderSnapshot(positionOf(snapshot), current)) {
    return { shipment, previousStatus, statusChanged: false, newEvents: 0, changed: false, stale: true };
  }
  const newEvents = await insertTrackingEvents(trx, shipment.shop_id, shipment.id, snapshot.events);

  const statusChanged = snapshot.status !== previousStatus;
  const changed =
    statusChanged ||
    newEvents > 0 ||
    snapshot.statusDetail !== shipment.status_detail ||
    !sameTime(snapshot.estDeliveryAt, shipment.est_delivery_at) ||
    snapshot.signedBy !== shipment.signed_by;

  const update: ShipmentUpdate = {
    tracker_id: snapshot.trackerId,
    carrier: snapshot.carrier ?? shipment.carrier,
    status: snapshot.status,
    status_detail: snapshot.statusDetail,
    est_delivery_at: snapshot.estDeliveryAt,
    last_scan_at: snapshot.lastScanAt ?? shipment.last_scan_at,
    delivered_at: snapshot.deliveredAt,
    signed_by: snapshot.signedBy,
    public_url: snapshot.publicUrl ?? shipment.public_url,
    destination: snapshot.destination ? JSON.stringify(snapshot.destination) : undefined,
    tracker_updated_at: snapshot.updatedAt,
    last_event_at: snapshot.lastEventAt,
    event_count: snapshot.events.length,
  };
  if (changed || shipment.last_change_at === null) update.last_change_at = now;
  const declared = easypostCarrierFor(shipment.declared_carrier);
  if (shipment.attention === null && isCarrierMismatch(declared, snapshot.carrier)) update.attention = 'carrier_mismatch';

  const updated = await updateShipment(trx, shipment.id, update);
  return { shipment: updated, previousStatus, statusChanged, newEvents, changed, stale: false };
}

export function scheduleStateOf(shipment: Shipment): ScheduleState {
  return {
    status: shipment.status as TrackingStatus,
    trackingStartedAt: shipment.created_at,
    lastScanAt: shipment.last_scan_at,
    lastChangeAt: shipment.last_change_at,
    estDeliveryAt: shipment.est_delivery_at,
    failures: shipment.check_failures,
  };
}
