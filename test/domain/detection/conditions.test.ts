import { expect } from 'chai';
import { activeConditions, elapsedHours, type RuleSettings, type ShipmentFacts } from '../../../domain/detection/conditions.ts';
import { stallThresholdFor } from '../../../domain/detection/stall-threshold.ts';
import { testConfig } from '../../support/context.ts';

const HOUR = 3_600_000;
const now = new Date('2026-11-20T12:00:00Z'); // a Friday
const settings: RuleSettings = { neverScannedDays: 3, lateGraceHours: 24, businessDays: false, stallThreshold: { hours: 72, explanation: 'test' }, lostAfterDays: 7, expireDays: 30 };
const facts = (overrides: Partial<ShipmentFacts>): ShipmentFacts => ({
  status: 'in_transit',
  statusDetail: 'arrived_at_facility',
  trackingStartedAt: new Date(now.getTime() - 5 * 24 * HOUR),
  lastScanAt: new Date(now.getTime() - 2 * HOUR),
  estDeliveryAt: new Date('2026-11-22T00:00:00Z'),
  ...overrides,
});
const kinds = (f: ShipmentFacts, s = settings) => activeConditions(f, now, s).map((c) => c.kind);

describe('detection rules', () => {
  it('finds nothing wrong with a parcel that moves on time', () => {
    expect(kinds(facts({}))).to.deep.equal([]);
  });

  it('calls a parcel never scanned after N days with only a label', () => {
    expect(kinds(facts({ status: 'pre_transit', lastScanAt: null }))).to.deep.equal(['never_scanned']);
    expect(kinds(facts({ status: 'pre_transit', lastScanAt: null, trackingStartedAt: new Date(now.getTime() - 2 * 24 * HOUR) }))).to.deep.equal([]);
  });

  it('calls a parcel stalled when no scan came for the threshold, and says which threshold', () => {
    const [stall] = activeConditions(facts({ lastScanAt: new Date(now.getTime() - 73 * HOUR) }), now, settings);
    expect(stall.kind).to.equal('stalled');
    expect(stall.details).to.include({ thresholdHours: 72, explanation: 'test' });
    expect(kinds(facts({ lastScanAt: new Date(now.getTime() - 71 * HOUR) }))).to.deep.equal([]);
  });

  it('counts business days only when asked: a weekend does not make a stall', () => {
    const monday = new Date('2026-11-23T12:00:00Z');
    const fridayNoon = new Date('2026-11-20T12:00:00Z');
    expect(elapsedHours(fridayNoon, monday, false)).to.equal(72);
    expect(elapsedHours(fridayNoon, monday, true)).to.equal(24);
    const quietWeekend = facts({ lastScanAt: fridayNoon });
    expect(activeConditions(quietWeekend, monday, { ...settings, stallThreshold: { hours: 48, explanation: '' }, businessDays: true }).map((c) => c.kind)).to.deep.equal([]);
  });

  it('calls a parcel late only once its whole estimated day and the grace have passed', () => {
    const estimate = new Date('2026-11-18T00:00:00Z');
    expect(kinds(facts({ estDeliveryAt: estimate }))).to.deep.equal(['late']);
    expect(kinds(facts({ estDeliveryAt: new Date('2026-11-19T00:00:00Z') }))).to.deep.equal([]);
  });

  it('asks for action when waiting at a pickup point or after a failed attempt', () => {
    expect(kinds(facts({ status: 'available_for_pickup', statusDetail: 'arrived_at_pickup_location' }))).to.deep.equal(['action_needed']);
    expect(activeConditions(facts({ statusDetail: 'delivery_exception' }), now, settings).map((c) => c.situation)).to.deep.equal(['delivery_exception']);
  });

  it('reports a parcel returning to the sender as returning, and nothing else', () => {
    expect(kinds(facts({ status: 'return_to_sender', statusDetail: 'return' }))).to.deep.equal(['returning']);
    expect(kinds(facts({ statusDetail: 'return' }))).to.deep.equal(['returning']);
  });

  it('files lost and damaged parcels as their own case, not as returning', () => {
    expect(activeConditions(facts({ statusDetail: 'lost' }), now, settings).map((c) => [c.kind, c.situation])).to.deep.equal([['lost_or_damaged', 'lost'], ['lost', 'presumed_lost']]);
    expect(activeConditions(facts({ status: 'failure', statusDetail: 'damaged' }), now, settings).map((c) => [c.kind, c.situation])).to.deep.equal([['lost_or_damaged', 'damaged'], ['lost', 'presumed_lost']]);
    expect(activeConditions(facts({ statusDetail: 'damaged' }), now, settings).find((c) => c.kind === 'lost')?.details.reason).to.equal('carrier');
  });

  it('presumes a parcel lost after the lost threshold without a scan, with the threshold and the days', () => {
    const quiet = (days: number, extra: Partial<ShipmentFacts> = {}) => activeConditions(facts({ lastScanAt: new Date(now.getTime() - days * 24 * HOUR), ...extra }), now, settings).find((c) => c.kind === 'lost');
    expect(quiet(6.99)).to.equal(undefined);
    expect(quiet(7)?.details).to.include({ reason: 'no_scan', quietDays: 7, thresholdDays: 7 });
    expect(quiet(7, { status: 'out_for_delivery' })?.details.reason).to.equal('no_scan');
    // International parcels get their own threshold (evaluate picks it).
    expect(activeConditions(facts({ lastScanAt: new Date(now.getTime() - 10 * 24 * HOUR) }), now, { ...settings, lostAfterDays: 14 }).map((c) => c.kind)).to.not.include('lost');
    // Lost even on the way back to the shop: nobody gets it then.
    expect(kinds(facts({ statusDetail: 'return', lastScanAt: new Date(now.getTime() - 8 * 24 * HOUR) }))).to.deep.equal(['returning', 'lost']);
  });

  it('presumes a parcel lost when tracking expires before delivery, but not one EasyPost cannot track or that ended', () => {
    const started = new Date(now.getTime() - 31 * 24 * HOUR);
    const lost = activeConditions(facts({ status: 'pre_transit', lastScanAt: null, trackingStartedAt: started, lastChangeAt: new Date(now.getTime() - 30 * 24 * HOUR) }), now, settings).find((c) => c.kind === 'lost');
    expect(lost?.details).to.include({ reason: 'tracking_expired', silentDays: 30, thresholdDays: 30 });
    expect(kinds(facts({ status: 'pre_transit', lastScanAt: null, trackingStartedAt: started, lastChangeAt: new Date(now.getTime() - 29 * 24 * HOUR) }))).to.not.include('lost');
    expect(kinds(facts({ status: 'error', statusDetail: null, lastScanAt: null, trackingStartedAt: started }))).to.deep.equal(['tracking_error']);
    expect(kinds(facts({ status: 'unknown', statusDetail: null, lastScanAt: null, trackingStartedAt: started, invalidCode: true }))).to.deep.equal(['never_scanned']);
    expect(kinds(facts({ status: 'failure', statusDetail: 'unknown', trackingStartedAt: started, lastScanAt: started }))).to.deep.equal(['exception']);
    expect(kinds(facts({ status: 'delivered', trackingStartedAt: started, lastScanAt: started }))).to.deep.equal([]);
  });

  it('hands failures, cancellations, refusals and carrier exceptions to support', () => {
    for (const status of ['failure', 'cancelled'] as const) expect(kinds(facts({ status, statusDetail: 'unknown' }))).to.deep.equal(['exception']);
    for (const statusDetail of ['refused', 'transit_exception', 'awaiting_information', 'expired', 'cancelled', 'failure']) {
      expect(activeConditions(facts({ statusDetail }), now, settings).map((c) => [c.kind, c.situation]), statusDetail).to.deep.equal([['exception', statusDetail]]);
    }
    // An exception in transit does not hide a late parcel.
    expect(kinds(facts({ statusDetail: 'transit_exception', estDeliveryAt: new Date('2026-11-18T00:00:00Z') }))).to.deep.equal(['exception', 'late']);
  });

  it('tells the shopper of a delay the carrier declares at once, without waiting for a stall', () => {
    for (const statusDetail of ['delayed', 'weather_delay', 'missorted']) {
      expect(activeConditions(facts({ statusDetail }), now, settings).map((c) => [c.kind, c.situation]), statusDetail).to.deep.equal([['carrier_delay', statusDetail]]);
    }
  });

  it('asks the shopper to act on an address correction or a parcel held for them', () => {
    for (const statusDetail of ['address_correction', 'held', 'delivery_exception']) expect(kinds(facts({ statusDetail })), statusDetail).to.deep.equal(['action_needed']);
    expect(activeConditions(facts({ statusDetail: 'arrived_at_pickup_location' }), now, settings).map((c) => c.situation)).to.deep.equal(['pickup']);
  });

  it('flags a tracker EasyPost answers with an error, and nothing else: no never-scanned, no stall', () => {
    const old = { trackingStartedAt: new Date(now.getTime() - 20 * 24 * HOUR), lastScanAt: null };
    expect(kinds(facts({ status: 'error', statusDetail: null, ...old }))).to.deep.equal(['tracking_error']);
    expect(kinds(facts({ status: 'error', statusDetail: 'unknown', ...old }))).to.deep.equal(['tracking_error']);
  });

  it('reads a detail EasyPost never sends, or a new one, as plain in transit', () => {
    for (const statusDetail of ['attempted_delivery', 'delivery_attempted', 'held_at_facility', 'returned', 'return_to_sender', 'something_new']) {
      expect(kinds(facts({ statusDetail })), statusDetail).to.deep.equal([]);
    }
  });

  it('finds nothing to say about a delivered parcel', () => {
    expect(kinds(facts({ status: 'delivered', estDeliveryAt: new Date('2026-11-01T00:00:00Z'), lastScanAt: new Date('2026-11-01T00:00:00Z') }))).to.deep.equal([]);
  });
});

describe('stall thresholds', () => {
  const config = testConfig({ STALL_CARRIER_HOURS: 'UPS=48, FedEx=60', STALL_LEARNED_MIN_SAMPLES: '100' });
  const learned = (samples: number, hours: number) => ({ shop_id: 's', carrier: 'USPS', scope: 'domestic' as const, stall_hours: hours, samples, percentile_hours: hours, computed_at: now });

  it('uses the domestic or international default', () => {
    expect(stallThresholdFor('USPS', false, config).hours).to.equal(config.STALL_AFTER_HOURS);
    expect(stallThresholdFor('USPS', true, config).hours).to.equal(config.STALL_AFTER_HOURS_INTERNATIONAL);
  });

  it('uses a configured per-carrier value', () => {
    expect(stallThresholdFor('ups', false, config)).to.deep.equal({ hours: 48, explanation: 'configured for ups (STALL_CARRIER_HOURS)' });
  });

  it('follows the shop’s own scan gaps once there is enough history, within bounds, and explains it', () => {
    expect(stallThresholdFor('USPS', false, config, learned(50, 30)).hours).to.equal(config.STALL_AFTER_HOURS);
    const t = stallThresholdFor('USPS', false, config, learned(500, 41.3));
    expect(t.hours).to.equal(41);
    expect(t.explanation).to.match(/learned from 500 domestic scan gaps of USPS parcels.*95th percentile 41\.3 h/);
    expect(stallThresholdFor('USPS', false, config, learned(500, 2)).hours).to.equal(config.STALL_LEARNED_MIN_HOURS);
    expect(stallThresholdFor('USPS', false, config, learned(500, 900)).hours).to.equal(config.STALL_LEARNED_MAX_HOURS);
  });
});
