import { expect } from 'chai';
import { nextCheckAt, pollPolicyFrom, type ScheduleState } from '../../../domain/tracking/poll-schedule.ts';
import { testConfig } from '../../support/context.ts';

const HOUR = 3_600_000;
const now = new Date('2026-11-20T12:00:00Z');
const policy = { ...pollPolicyFrom(testConfig()), jitter: 0 };
const hoursUntil = (d: Date | null) => (d ? (d.getTime() - now.getTime()) / HOUR : null);

function state(overrides: Partial<ScheduleState>): ScheduleState {
  return {
    status: 'in_transit',
    trackingStartedAt: new Date(now.getTime() - 24 * HOUR),
    lastScanAt: new Date(now.getTime() - 2 * HOUR),
    lastChangeAt: new Date(now.getTime() - 2 * HOUR),
    estDeliveryAt: new Date(now.getTime() + 72 * HOUR),
    failures: 0,
    ...overrides,
  };
}

describe('poll schedule', () => {
  it('checks often when out for delivery', () => {
    expect(hoursUntil(nextCheckAt(state({ status: 'out_for_delivery' }), now, policy))).to.equal(policy.outForDeliveryHours);
  });

  it('checks in-transit parcels every few hours, sooner as the estimate nears or passes', () => {
    expect(hoursUntil(nextCheckAt(state({}), now, policy))).to.equal(policy.inTransitHours);
    const near = state({ estDeliveryAt: new Date(now.getTime() + (policy.nearDeliveryWindowHours - 1) * HOUR) });
    expect(hoursUntil(nextCheckAt(near, now, policy))).to.equal(policy.nearDeliveryHours);
    const approaching = state({ estDeliveryAt: new Date(now.getTime() + (policy.nearDeliveryWindowHours + 3) * HOUR) });
    expect(hoursUntil(nextCheckAt(approaching, now, policy)), 'wakes when the window opens').to.equal(3);
    const late = state({ estDeliveryAt: new Date(now.getTime() - 30 * HOUR) });
    expect(hoursUntil(nextCheckAt(late, now, policy))).to.equal(policy.nearDeliveryHours);
  });

  it('checks right after a stall threshold is crossed, then slowly while stalled', () => {
    const almostStalled = state({ lastScanAt: new Date(now.getTime() - (policy.stallAfterHours - 1) * HOUR) });
    const at = hoursUntil(nextCheckAt(almostStalled, now, policy))!;
    expect(at).to.be.closeTo(1 + 5 / 60, 0.001);
    const stalled = state({ lastScanAt: new Date(now.getTime() - (policy.stallAfterHours + 5) * HOUR) });
    expect(hoursUntil(nextCheckAt(stalled, now, policy))).to.equal(policy.stalledHours);
  });

  it('checks pre-transit parcels a few times a day', () => {
    expect(hoursUntil(nextCheckAt(state({ status: 'pre_transit', lastScanAt: null }), now, policy))).to.equal(policy.preTransitHours);
  });

  it('backs off while the carrier knows nothing, up to a cap', () => {
    const at = (ageHours: number) =>
      hoursUntil(nextCheckAt(state({ status: 'unknown', lastScanAt: null, lastChangeAt: null, trackingStartedAt: new Date(now.getTime() - ageHours * HOUR) }), now, policy));
    expect(at(0)).to.equal(1);
    expect(at(3)).to.equal(4);
    expect(at(20)).to.equal(16);
    expect(at(200)).to.equal(policy.unknownMaxHours);
  });

  it('stops at terminal states', () => {
    for (const status of ['delivered', 'failure', 'cancelled'] as const) expect(nextCheckAt(state({ status }), now, policy)).to.equal(null);
  });

  it('keeps checking parcels returning to the sender or waiting for pickup, slowly', () => {
    expect(hoursUntil(nextCheckAt(state({ status: 'return_to_sender' }), now, policy))).to.equal(policy.slowHours);
    expect(hoursUntil(nextCheckAt(state({ status: 'available_for_pickup' }), now, policy))).to.equal(policy.slowHours);
  });

  it('expires after the configured days without any update', () => {
    const old = new Date(now.getTime() - policy.expireDays * 24 * HOUR - 1);
    expect(nextCheckAt(state({ lastChangeAt: old, lastScanAt: old }), now, policy)).to.equal(null);
    expect(nextCheckAt(state({ status: 'unknown', lastChangeAt: null, trackingStartedAt: old }), now, policy)).to.equal(null);
  });

  it('retries sooner after a failed check, backing off with each failure', () => {
    expect(hoursUntil(nextCheckAt(state({ failures: 1 }), now, policy))).to.equal(0.25);
    expect(hoursUntil(nextCheckAt(state({ failures: 3 }), now, policy))).to.equal(1);
  });

  it('polls only as a backstop when webhooks are configured', () => {
    const withHooks = { ...policy, webhooks: true };
    expect(hoursUntil(nextCheckAt(state({ status: 'out_for_delivery' }), now, withHooks))).to.equal(policy.backstopHours);
  });

  it('spreads checks with jitter within the configured fraction', () => {
    const jittery = { ...policy, jitter: 0.1 };
    const low = hoursUntil(nextCheckAt(state({}), now, jittery, () => 0))!;
    const high = hoursUntil(nextCheckAt(state({}), now, jittery, () => 0.999999))!;
    expect(low).to.be.closeTo(policy.inTransitHours * 0.9, 1e-6);
    expect(high).to.be.closeTo(policy.inTransitHours * 1.1, 1e-4);
  });
});
