import { expect } from 'chai';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import {
  meaningOf,
  reportUnknownVocabulary,
  statusDetailMeanings,
  statusDetails,
  statusMeanings,
  trackingStatuses,
} from '../../../domain/tracking/easypost-vocabulary.ts';
import { projectRoot } from '../../support/process.ts';

// EasyPost's official lists, as its node client declares them.
function officialList(typeFile: string): string[] {
  const root = path.join(projectRoot, 'node_modules/@easypost/api');
  const text = readFileSync(path.join(root, 'types/Tracker', typeFile), 'utf8');
  return [...text.matchAll(/\|\s*'([a-z_]+)'/g)].map((m) => m[1]);
}

describe('EasyPost vocabulary table', () => {
  it('has a row for every official status and every official status_detail, and nothing else', () => {
    const statuses = officialList('TrackerStatus.d.ts');
    const details = officialList('TrackerStatusDetail.d.ts');
    expect(statuses).to.have.length(10);
    expect(details).to.have.length(28);
    expect([...trackingStatuses].sort()).to.deep.equal([...statuses].sort());
    expect(Object.keys(statusMeanings).sort()).to.deep.equal([...statuses].sort());
    expect([...statusDetails].sort()).to.deep.equal([...details].sort());
    expect(Object.keys(statusDetailMeanings).sort()).to.deep.equal([...details].sort());
  });

  it('no longer knows values EasyPost never sends', () => {
    for (const value of ['attempted_delivery', 'delivery_attempted', 'held_at_facility', 'returned', 'return_to_sender']) {
      expect(Object.hasOwn(statusDetailMeanings, value), value).to.equal(false);
      expect(meaningOf('in_transit', value), value).to.deep.equal(statusMeanings.in_transit);
    }
  });

  it('gives each official detail a meaning in transit', () => {
    const rules = Object.fromEntries(statusDetails.map((d) => [d, meaningOf('in_transit', d).rule]));
    expect(rules).to.include({
      refused: 'exception',
      awaiting_information: 'exception',
      transit_exception: 'exception',
      missorted: 'carrier_delay',
      delayed: 'carrier_delay',
      weather_delay: 'carrier_delay',
      expired: 'exception',
      failure: 'exception',
      cancelled: 'exception',
      arrived_at_pickup_location: 'action_needed',
      lost: 'lost_or_damaged',
      damaged: 'lost_or_damaged',
      return: 'returning',
      address_correction: 'action_needed',
      delivery_exception: 'action_needed',
      held: 'action_needed',
    });
    const quiet = statusDetails.filter((d) => rules[d] === null);
    expect(quiet.sort()).to.deep.equal(
      [
        'arrived_at_destination',
        'arrived_at_facility',
        'departed_facility',
        'departed_origin_facility',
        'in_transit',
        'label_created',
        'out_for_delivery',
        'received_at_destination_facility',
        'received_at_origin_facility',
        'status_update',
        'transferred_to_destination_carrier',
        'unknown',
      ].sort(),
    );
  });

  it('never resumes polling of a stopped status, nor lets a detail undo a delivery or an error', () => {
    expect(meaningOf('failure', 'lost').poll).to.equal('stop');
    expect(meaningOf('delivered', 'damaged')).to.deep.equal(statusMeanings.delivered);
    expect(meaningOf('error', 'unknown')).to.deep.equal(statusMeanings.error);
    expect(meaningOf('in_transit', 'lost').poll).to.equal('slow');
  });

  it('reports each unknown value once', () => {
    const lines: unknown[] = [];
    const log = (fields: Record<string, unknown>) => lines.push(fields);
    reportUnknownVocabulary(['status_detail=vocabulary_test_value'], log);
    reportUnknownVocabulary(['status_detail=vocabulary_test_value', 'status=vocabulary_test_status'], log);
    expect(lines).to.deep.equal([
      { field: 'status_detail', value: 'vocabulary_test_value' },
      { field: 'status', value: 'vocabulary_test_status' },
    ]);
  });
});
