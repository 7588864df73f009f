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
  // The snapshot was older than what we hold: none of it was stored.
  stale: boolean;
}

// What the caller adds to the same write, given the shipment's state after the snapshot: its
// scheduling (next check time, check counters).
export type ScheduleUpdate = (state: ScheduleState, changed: boolean) => ShipmentUpdate;

function sameTime(a: Date | null, b: Date | null): boolean {
  return (a?.getTime() ?? null) === (b?.getTime() ?? null);
}

function earliestOf(a: Date | null, b: Date | null): Date | null {
  return a && b ? (a < b ? a : b) : (a ?? b);
}

export function scheduleStateOf(shipment: Shipment): ScheduleState {
  return {
    status: shipment.status as TrackingStatus,
    statusDetail: shipment.status_detail,
    trackingStartedAt: shipment.created_at,
    lastScanAt: shipment.last_scan_at,
    lastChangeAt: shipment.last_change_at,
    estDeliveryAt: shipment.est_delivery_at,
    failures: shipment.check_failures,
  };
}

// Stores one tracker snapshot on a shipment the caller has locked, in one write together with the
// caller's scheduling. Events are merged (deduplicated); a snapshot older than the one held is
// ignored, so a shipment never moves backwards.
export async function applySnapshot(trx: Tx, shipment: Shipment, snapshot: TrackerSnapshot, now: Date, schedule: ScheduleUpdate): Promise<AppliedSnapshot> {
  const previousStatus = shipment.status as TrackingStatus;
  const held = { lastEventAt: shipment.last_event_at, eventCount: shipment.event_count, status: previousStatus, updatedAt: shipment.tracker_updated_at };
  const incoming = positionOf(snapshot);
  // A tracker's details are cumulative, so the newer snapshot already holds everything an older one
  // knew; the older one's events are not added (carriers in test mode even re-date them).
  if (shipment.tracker_id !== null && isOlderSnapshot(incoming, held)) {
    const update = schedule(scheduleStateOf(shipment), false);
    const kept = Object.keys(update).length ? await updateShipment(trx, shipment.id, update) : shipment;
    return { shipment: kept, previousStatus, statusChanged: false, newEvents: 0, changed: false, stale: true };
  }

  const sameEvents = incoming.eventCount === held.eventCount && sameTime(incoming.lastEventAt, held.lastEventAt);
  const newEvents = sameEvents ? 0 : await insertTrackingEvents(trx, shipment.shop_id, shipment.id, snapshot.events);
  const statusChanged = snapshot.status !== previousStatus;
  const changed =
    statusChanged ||
    newEvents > 0 ||
    snapshot.statusDetail !== shipment.status_detail ||
    !sameTime(snapshot.estDeliveryAt, shipment.est_delivery_at) ||
    snapshot.signedBy !== shipment.signed_by;
  const lastChangeAt = changed || shipment.last_change_at === null ? now : shipment.last_change_at;
  const lastScanAt = snapshot.lastScanAt ?? shipment.last_scan_at;
  const declared = easypostCarrierFor(shipment.declared_carrier);
  const mismatch = shipment.attention === null && isCarrierMismatch(declared, snapshot.carrier);

  const state: ScheduleState = {
    status: snapshot.status,
    statusDetail: snapshot.statusDetail,
    trackingStartedAt: shipment.created_at,
    lastScanAt,
    lastChangeAt,
    estDeliveryAt: snapshot.estDeliveryAt,
    failures: shipment.check_failures,
  };
  const updated = await updateShipment(trx, shipment.id, {
    ...schedule(state, changed),
    tracker_id: snapshot.trackerId,
    carrier: snapshot.carrier ?? shipment.carrier,
    status: snapshot.status,
    status_detail: snapshot.statusDetail,
    est_delivery_at: snapshot.estDeliveryAt,
    last_scan_at: lastScanAt,
    delivered_at: snapshot.deliveredAt,
    signed_by: snapshot.signedBy,
    public_url: snapshot.publicUrl ?? shipment.public_url,
    destination: snapshot.destination ? JSON.stringify(snapshot.destination) : undefined,
    delivery_proof: snapshot.deliveryProof ? JSON.stringify(snapshot.deliveryProof) : undefined,
    tracker_updated_at: snapshot.updatedAt,
    last_event_at: snapshot.lastEventAt,
    event_count: snapshot.events.length,
    last_change_at: lastChangeAt,
    // Kept for analytics: the first scan and the first estimate the carrier gave stay as first seen.
    first_scan_at: earliestOf(shipment.first_scan_at, snapshot.firstScanAt),
    first_est_delivery_at: shipment.first_est_delivery_at ?? snapshot.estDeliveryAt,
    service: snapshot.service ?? shipment.service,
    ...(mismatch ? { attention: 'carrier_mismatch' as const } : {}),
  });
  return { shipment: updated, previousStatus, statusChanged, newEvents, changed, stale: false };
}
