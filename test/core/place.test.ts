import { expect } from 'chai';
import { placeText } from '../../core/place.ts';

describe('place text', () => {
  it('writes city, state and country for a shopper, without the postal code', () => {
    expect(placeText({ city: 'Portland', state: 'OR', zip: '97201', country: 'US' })).to.equal('Portland, OR, US');
    expect(placeText({ city: 'Aarhus', state: null, zip: '8000', country: 'DK' })).to.equal('Aarhus, DK');
  });

  it('adds the postal code after the state when asked, as an address line writes it', () => {
    expect(placeText({ city: 'Portland', state: 'OR', zip: '97201', country: 'US' }, { postalCode: true })).to.equal('Portland, OR 97201, US');
    expect(placeText({ city: 'Aarhus', zip: '8000', country: 'DK' }, { postalCode: true })).to.equal('Aarhus, 8000, DK');
  });

  it('skips empty and blank parts, and trims and folds the white space of the others', () => {
    expect(placeText({ city: '  ', state: '', country: ' DK ' })).to.equal('DK');
    expect(placeText({ city: ' Kolding\n', state: undefined, country: 'DK' })).to.equal('Kolding, DK');
    expect(placeText({ city: 'New   York', state: 'NY', country: 'US' })).to.equal('New York, NY, US');
  });

  it('writes a part the carrier repeats once, whatever its case', () => {
    expect(placeText({ city: 'SINGAPORE', state: 'Singapore', country: 'SG' })).to.equal('SINGAPORE, SG');
    expect(placeText({ city: 'Monaco', country: 'MONACO' })).to.equal('Monaco');
  });

  it('drops NUL characters, which no carrier means', () => {
    expect(placeText({ city: 'Aar\u0000hus', country: '\u0000' })).to.equal('Aarhus');
  });

  it('is null when there is no place or nothing in it', () => {
    expect(placeText(null)).to.equal(null);
    expect(placeText(undefined)).to.equal(null);
    expect(placeText({})).to.equal(null);
    expect(placeText({ city: ' ', zip: '' }, { postalCode: true })).to.equal(null);
  });
});
