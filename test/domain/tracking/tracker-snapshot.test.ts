import { expect } from 'chai';
import { isOlderSnapshot, parseTracker, positionOf, trackingStatuses } from '../../../domain/tracking/tracker-snapshot.ts';
import { fixtureFiles, readFixture } from '../../support/fixtures.ts';

describe('tracker snapshots', () => {
  const trackers = fixtureFiles('easypost/trackers');

  it('finds the recorded trackers', () => {
    expect(trackers.length).to.be.at.least(19);
  });

  for (const file of trackers) {
    it(`reads ${file.split('/').pop()} without loss`, () => {
      const raw = readFixture(file) as { id: string; status: string | null; tracking_details: unknown[] | null; status_detail?: string | null };
      const snapshot = parseTracker(raw);
      expect(snapshot.trackerId).to.equal(raw.id);
      expect(trackingStatuses).to.include(snapshot.status);
      if (raw.status && (trackingStatuses as readonly string[]).includes(raw.status)) expect(snapshot.status).to.equal(raw.status);
      expect(snapshot.statusDetail).to.equal(raw.status_detail ? raw.status_detail : null);
      expect(snapshot.events.length).to.be.at.most((raw.tracking_details ?? []).length);
      for (const event of snapshot.events) {
        expect(event.dedupeKey).to.match(/^[\w-]{24}$/);
        if (event.occurredAt) expect(event.occurredAt.getTime()).to.not.be.NaN;
      }
      if (snapshot.status === 'delivered') expect(snapshot.deliveredAt).to.be.instanceOf(Date);
      else expect(snapshot.deliveredAt).to.equal(null);
    });
  }

  it('keeps the same dedupe keys when the same tracker arrives again', () => {
    const raw = readFixture('easypost/trackers/delivered__usps__2025-03.json');
    expect(parseTracker(raw).events.map((e) => e.dedupeKey)).to.deep.equal(parseTracker(structuredClone(raw)).events.map((e) => e.dedupeKey));
  });

  it('tolerates a missing status_detail key, null carrier_detail and no events', () => {
    const snapshot = parseTracker(readFixture('easypost/trackers/unknown__no_status_detail_key__usps__2023-01.json'));
    expect(snapshot.status).to.equal('unknown');
    expect(snapshot.statusDetail).to.equal(null);
    expect(snapshot.destination).to.equal(null);
    expect(snapshot.events).to.deep.equal([]);
    expect(snapshot.lastScanAt).to.equal(null);
  });

  it('counts only real scans as the last scan, not label or pre-shipment notices', () => {
    const snapshot = parseTracker(readFixture('easypost/trackers/pre_transit__usps__EZ1000000001__2025-03.json'));
    expect(snapshot.events.length).to.be.greaterThan(0);
    expect(snapshot.lastScanAt).to.equal(null);
    const moving = parseTracker(readFixture('easypost/trackers/in_transit__usps__2024-08.json'));
    expect(moving.lastScanAt).to.be.instanceOf(Date);
  });

  it('drops NUL characters from carrier text, which the database cannot store', () => {
    const raw = readFixture('easypost/trackers/delivered__usps__2025-03.json') as { tracking_details: Array<Record<string, unknown>>; signed_by: unknown };
    raw.tracking_details[0].message = 'Left at\u0000 front door';
    raw.signed_by = '\u0000';
    const snapshot = parseTracker(raw);
    expect(snapshot.events[0].message).to.equal('Left at front door');
    expect(snapshot.signedBy).to.equal(null);
  });

  it('keeps the carrier’s proof-of-delivery fields when it gives them', () => {
    const raw = readFixture('easypost/trackers/in_transit__usps__2024-08.json') as { carrier_detail: Record<string, unknown> };
    raw.carrier_detail.initial_delivery_attempt = '2024-08-10T18:50:20Z';
    expect(parseTracker(raw).deliveryProof).to.deep.include({ initialDeliveryAttempt: '2024-08-10T18:50:20Z' });
    raw.carrier_detail.initial_delivery_attempt = null;
    raw.carrier_detail.service = null;
    expect(parseTracker(raw).deliveryProof).to.equal(null);
  });

  it('reads the destination from carrier_detail', () => {
    const snapshot = parseTracker(readFixture('easypost/trackers/in_transit__usps__2024-08.json'));
    expect(snapshot.destination).to.deep.include({ city: 'CHARLESTON', state: 'SC', zip: '29401' });
  });

  it('reads FedEx’s destination line as city, state and country (the production webhook body)', () => {
    const event = readFixture('easypost/webhook/tracker_updated__fedex_in_transit__production__event-body.raw.json') as { result: { carrier_detail: Record<string, unknown> } };
    expect(event.result.carrier_detail).to.include({ destination_location: 'BROOKLYN HGTS NY US', destination_tracking_location: null });
    expect(parseTracker(event.result).destination).to.deep.equal({ city: 'BROOKLYN HGTS', state: 'NY', country: 'US', zip: null });
  });

  it('prefers UPS’s structured destination, filling only its missing postal code from the line', () => {
    const raw = readFixture('easypost/trackers/delivered__ups__1Z__2020-05.json') as { carrier_detail: Record<string, unknown> };
    expect(raw.carrier_detail.destination_location).to.equal('SAN FRANCISCO CA US, 94105');
    expect(parseTracker(raw).destination).to.deep.equal({ city: 'SAN FRANCISCO', state: 'CA', country: 'US', zip: '94105' });
    // Without the structured location, the line alone reads the same.
    raw.carrier_detail.destination_tracking_location = null;
    expect(parseTracker(raw).destination).to.deep.equal({ city: 'SAN FRANCISCO', state: 'CA', country: 'US', zip: '94105' });
  });

  it('turns empty strings into null and a null datetime into a null event time', () => {
    const raw = readFixture('easypost/trackers/delivered__usps__2025-03.json') as { tracking_details: Array<Record<string, unknown>>; signed_by: unknown };
    raw.tracking_details[0].datetime = null;
    raw.tracking_details[0].message = '';
    raw.signed_by = '';
    const snapshot = parseTracker(raw);
    expect(snapshot.events[0].occurredAt).to.equal(null);
    expect(snapshot.events[0].message).to.equal(null);
    expect(snapshot.signedBy).to.equal(null);
  });

  it('shows proof of delivery only when it holds proof: a service name alone is none', () => {
    const raw = readFixture('easypost/trackers/in_transit__usps__2024-08.json') as { carrier_detail: Record<string, unknown> };
    raw.carrier_detail.initial_delivery_attempt = null;
    expect(raw.carrier_detail.service).to.be.a('string').and.not.equal('');
    expect(parseTracker(raw).deliveryProof).to.equal(null);
    const ups = parseTracker(readFixture('easypost/trackers/delivered__ups__1Z__2020-05.json'));
    expect(ups.deliveryProof).to.deep.equal({ initialDeliveryAttempt: '2020-04-16T09:36:12Z', service: '2ND DAY AIR' });
  });

  it('takes deliveredAt from a delivered event even while the tracker’s status lags behind', () => {
    const raw = readFixture('easypost/trackers/delivered__usps__2025-03.json') as { status: string; status_detail: string };
    Object.assign(raw, { status: 'out_for_delivery', status_detail: 'out_for_delivery' });
    const snapshot = parseTracker(raw);
    expect(snapshot.status).to.equal('out_for_delivery');
    expect(snapshot.deliveredAt?.toISOString()).to.equal('2025-02-09T09:42:47.000Z');
  });

  it('reads a tracker in status error as no scan, keeping EasyPost’s message for support', () => {
    for (const file of ['error__null_status_detail__usps__2025-03.json', 'error__unknown_status_detail__usps__2024-08.json']) {
      const snapshot = parseTracker(readFixture(`easypost/trackers/${file}`));
      expect(snapshot.status, file).to.equal('error');
      expect(snapshot.events.map((e) => e.status), file).to.deep.equal(['error']);
      expect(snapshot.lastScanAt, file).to.equal(null);
      expect(snapshot.lastEventAt, file).to.be.instanceOf(Date);
      expect(snapshot.carrierError, file).to.match(/^In test mode, only test tracking numbers are valid/);
    }
    expect(parseTracker(readFixture('easypost/trackers/in_transit__usps__2024-08.json')).carrierError).to.equal(null);
  });

  it('reads a status or detail EasyPost never defined as in transit, and names it to be reported', () => {
    const raw = readFixture('easypost/trackers/in_transit__usps__2024-08.json') as { status: string; status_detail: string; tracking_details: Array<Record<string, unknown>> };
    Object.assign(raw, { status: 'teleported', status_detail: 'held_at_facility' });
    raw.tracking_details[0].status_detail = 'attempted_delivery';
    const snapshot = parseTracker(raw);
    expect(snapshot.status).to.equal('in_transit');
    expect(snapshot.unknownValues).to.have.members(['status=teleported', 'status_detail=held_at_facility', 'status_detail=attempted_delivery']);
    expect(parseTracker(readFixture('easypost/trackers/delivered__usps__2025-03.json')).unknownValues).to.deep.equal([]);
  });

  it('refuses something that is not a tracker', () => {
    expect(() => parseTracker({ hello: 'world' })).to.throw();
  });
});

describe('snapshot ordering', () => {
  for (const lifecycle of ['A_usps_2024-08__trk_0289f685502d418ebac0660562169075', 'B_usps_2023-04__trk_332473f471ea4fc5b05ccae55542345b']) {
    const files = fixtureFiles(`easypost/lifecycle/${lifecycle}`);
    it(`orders the captures of lifecycle ${lifecycle[0]} in every arrival order`, () => {
      const snapshots = files.map((f) => parseTracker(readFixture(f)));
      const last = snapshots[snapshots.length - 1];
      for (let i = 0; i < snapshots.length; i++) {
        for (let j = 0; j < snapshots.length; j++) {
          if (i === j) continue;
          expect(isOlderSnapshot(positionOf(snapshots[i]), positionOf(snapshots[j])), `${i} vs ${j}`).to.equal(i < j);
        }
      }
      expect(isOlderSnapshot(positionOf(last), positionOf(last))).to.equal(false);
    });
  }

  it('does not trust updated_at alone', () => {
    const newer = parseTracker(readFixture('easypost/lifecycle/B_usps_2023-04__trk_332473f471ea4fc5b05ccae55542345b/04_delivered.json'));
    const older = { ...positionOf(newer), eventCount: newer.events.length - 1, updatedAt: new Date('2099-01-01') };
    expect(isOlderSnapshot(older, positionOf(newer))).to.equal(true);
  });
});
