import type { Shipment } from '../../db/schema.ts';
import { findShipment, lockShipment, updateShipment, type ShipmentUpdate } from '../../db/shipments.repository.ts';
import type { DomainContext } from '../context.ts';
import { onShipmentChanged } from '../after-change.ts';
import { applySnapshot, scheduleStateOf } from './apply-snapshot.ts';
import { easypostCarrierFor } from './carriers.ts';
import { CarrierError } from './easypost.adapter.ts';
import { nextCheckAt, pollPolicyFrom, type ScheduleState } from './poll-schedule.ts';
import { isTerminal, parseTracker } from './tracker-snapshot.ts';
import { reportUnknownVocabulary } from './easypost-vocabulary.ts';
import { trackingNow } from '../../core/clock.ts';

export type CheckOutcome = 'checked' | 'stale' | 'failed' | 'no_carrier';

type CheckContext = Pick<DomainContext, 'db' | 'config' | 'logger' | 'queue' | 'carrier'>;

// A job or CLI run was handed the shipment for one due time. If the shipment has moved on since (a
// webhook rescheduled it, another run already did this check), the hand-out is stale: nothing to do.
function isStillDue(shipment: Shipment | undefined, dueAt: Date): shipment is Shipment {
  return Boolean(shipment && !shipment.retired_at && shipment.next_check_at?.getTime() === dueAt.getTime());
}

// One check of one shipment: ask the carrier (create the tracker the first time), store what it
// says, run the detection rules on a change, and set the next check time. Carrier failures never
// throw: they reschedule the shipment (honouring Retry-After) or flag it for support.
export async function checkShipment(ctx: CheckContext, shipmentId: string, dueAt: Date, now: () => Date = trackingNow): Promise<CheckOutcome> {
  const shipment = await findShipment(ctx.db, shipmentId);
  if (!isStillDue(shipment, dueAt)) return 'stale';
  if (!ctx.carrier) return 'no_carrier';

  let raw: unknown;
  try {
    raw = shipment.tracker_id
      ? await ctx.carrier.retrieveTracker(shipment.tracker_id)
      : await ctx.carrier.createTracker(shipment.tracking_code, shipment.carrier ?? easypostCarrierFor(shipment.declared_carrier));
  } catch (error) {
    if (!(error instanceof CarrierError)) throw error;
    await recordFailure(ctx, shipmentId, dueAt, error, now());
    return 'failed';
  }

  let snapshot;
  try {
    snapshot = parseTracker(raw);
  } catch (error) {
    await recordFailure(ctx, shipmentId, dueAt, new CarrierError('transient', 'EasyPost sent a tracker we could not read', { cause: error }), now());
    return 'failed';
  }

  const policy = pollPolicyFrom(ctx.config);
  return ctx.db.transaction().execute(async (trx) => {
    const locked = await lockShipment(trx, shipmentId);
    if (!locked || locked.retired_at) return 'stale';
    const at = now();
    const due = isStillDue(locked, dueAt);
    // Only the run holding this due time reschedules; a webhook may have moved it meanwhile.
    const schedule = (state: ScheduleState): ShipmentUpdate => {
      if (!due) return {};
      // An answer in status `error` is a check that failed: counted, and its message kept for support.
      const errorChecks = state.status === 'error' ? locked.check_failures + 1 : 0;
      const next = nextCheckAt({ ...state, failures: 0, errorChecks }, at, policy);
      const expired = !next && !isTerminal(state.status) && state.status !== 'error';
      const attention = locked.attention === 'carrier_failing' ? null : locked.attention;
      return {
        checks: locked.checks + 1,
        last_checked_at: at,
        check_failures: errorChecks,
        check_leased_until: null,
        last_error: snapshot.carrierError ? `carrier_error: ${snapshot.carrierError}`.slice(0, 500) : null,
        next_check_at: next,
        attention: expired ? (attention ?? 'tracking_expired') : attention,
      };
    };
    reportUnknownVocabulary(snapshot.unknownValues, (fields, message) => ctx.logger.warn({ ...fields, shipmentId }, message));
    const applied = await applySnapshot(trx, locked, snapshot, at, schedule);
    if (applied.changed) {
      const { shipment, previousStatus, statusChanged, newEvents } = applied;
      await onShipmentChanged(trx, { shipment, previousStatus, statusChanged, newEvents, source: 'poll', now: at }, ctx);
    }
    return due ? 'checked' : 'stale';
  });
}

async function recordFailure(ctx: CheckContext, shipmentId: string, dueAt: Date, error: CarrierError, now: Date): Promise<void> {
  const log = error.kind === 'transient' || error.kind === 'rate_limited' ? 'warn' : 'error';
  ctx.logger[log]({ shipmentId, kind: error.kind, status: error.status, code: error.code, err: error.message }, 'carrier check failed');
  await ctx.db.transaction().execute(async (trx) => {
    const locked = await lockShipment(trx, shipmentId);
    if (!isStillDue(locked, dueAt)) return;
    const update: ShipmentUpdate = { check_leased_until: null, last_error: `${error.kind}: ${error.message}`.slice(0, 500) };
    if (error.kind === 'invalid') {
      // EasyPost refused to create a tracker for this code: stop, and show it to support.
      await updateShipment(trx, shipmentId, { ...update, next_check_at: null, attention: 'invalid_tracking_code' });
      return;
    }
    if (error.kind === 'not_found' && locked.tracker_id) {
      // The tracker is gone on EasyPost's side: create it again on the next check, soon.
      await updateShipment(trx, shipmentId, { ...update, tracker_id: null, next_check_at: new Date(now.getTime() + 60_000) });
      return;
    }
    // Anything else is tried again, backing off; after a run of failures support is told, and the
    // flag lifts at the next good answer.
    const failures = locked.check_failures + 1;
    const next = nextCheckAt({ ...scheduleStateOf(locked), failures }, now, pollPolicyFrom(ctx.config)) ?? new Date(now.getTime() + 3_600_000);
    const notBefore = now.getTime() + (error.retryAfterMs ?? 0);
    const failing = failures >= ctx.config.POLL_FAILURES_BEFORE_FLAG ? 'carrier_failing' : null;
    await updateShipment(trx, shipmentId, {
      ...update,
      check_failures: failures,
      next_check_at: new Date(Math.max(next.getTime(), notBefore)),
      attention: error.kind === 'unauthorized' ? 'carrier_unauthorized' : (locked.attention ?? failing),
    });
  });
}
