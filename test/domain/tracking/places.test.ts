import { expect } from 'chai';
import { placeFromText, preferStructured } from '../../../domain/tracking/places.ts';
import { fixtureFiles, readFixture } from '../../support/fixtures.ts';

const place = (city: string | null, state: string | null, country: string | null, zip: string | null) => ({ city, state, country, zip });

describe('places from carrier_detail lines', () => {
  it('reads the USPS, FedEx and UPS shapes', () => {
    expect(placeFromText('CHARLESTON SC, 29401')).to.deep.equal(place('CHARLESTON', 'SC', null, '29401'));
    expect(placeFromText('BROOKLYN HGTS NY US')).to.deep.equal(place('BROOKLYN HGTS', 'NY', 'US', null));
    expect(placeFromText('SAN FRANCISCO CA US, 94105')).to.deep.equal(place('SAN FRANCISCO', 'CA', 'US', '94105'));
    expect(placeFromText('SOUTH SAN FRANCISCO CA, US')).to.deep.equal(place('SOUTH SAN FRANCISCO', 'CA', 'US', null));
    expect(placeFromText('NEW YORK NY, 10001-1234')).to.deep.equal(place('NEW YORK', 'NY', null, '10001-1234'));
  });

  it('keeps a line that fits no shape whole, and reads nothing from nothing', () => {
    expect(placeFromText('SOMEWHERE')).to.deep.equal(place('SOMEWHERE', null, null, null));
    expect(placeFromText('AT THE DEPOT, NEAR THE RIVER')).to.deep.equal(place('AT THE DEPOT, NEAR THE RIVER', null, null, null));
    expect(placeFromText('  ')).to.equal(null);
    expect(placeFromText(null)).to.equal(null);
  });

  it('reads every recorded origin and destination line as its structured twin says', () => {
    let compared = 0;
    for (const file of [...fixtureFiles('easypost/trackers'), ...fixtureFiles('easypost/webhook')]) {
      const json = readFixture(file) as { object?: string; result?: unknown };
      const tracker = (json.object === 'Event' ? json.result : json) as { carrier_detail?: Record<string, { city?: string; state?: string } | string | null> | null } | undefined;
      const detail = tracker?.carrier_detail;
      if (!detail) continue;
      for (const end of ['origin', 'destination']) {
        const line = detail[`${end}_location`] as string | null;
        const structured = detail[`${end}_tracking_location`] as { city?: string; state?: string } | null;
        if (!line || !structured?.city) continue;
        const read = placeFromText(line)!;
        // USPS's line names the post office's city, which can differ from the scan's (HOUSTON vs NORTH HOUSTON).
        expect(structured.city.endsWith(read.city!), `${file} ${end}: ${line}`).to.equal(true);
        expect(read.state, `${file} ${end}: ${line}`).to.equal(structured.state);
        compared++;
      }
    }
    expect(compared).to.be.at.least(4);
  });

  it('prefers the structured location and fills only its empty fields, for the same city', () => {
    const structured = place('SAN FRANCISCO', 'CA', 'US', null);
    expect(preferStructured(structured, place('SAN FRANCISCO', 'CA', 'US', '94105'))).to.deep.equal(place('SAN FRANCISCO', 'CA', 'US', '94105'));
    expect(preferStructured(structured, place('OAKLAND', 'CA', 'US', '94607'))).to.deep.equal(structured);
    expect(preferStructured(null, place('OAKLAND', 'CA', 'US', '94607'))).to.deep.equal(place('OAKLAND', 'CA', 'US', '94607'));
  });
});
