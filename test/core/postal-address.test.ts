import { expect } from 'chai';
import { addressLines, normalizePostalCode, type PostalAddress } from '../../core/postal-address.ts';

const portland: PostalAddress = {
  name: 'Jane Doe',
  address1: '1120 SW 5th Ave',
  address2: 'Suite 300',
  city: 'Portland',
  province: 'Oregon',
  provinceCode: 'OR',
  zip: '97205',
  country: 'United States',
  countryCodeV2: 'US',
};
const aarhus: PostalAddress = { name: 'Mette Larsen', address1: 'Nørregade 7, 2. tv', city: 'Aarhus C', zip: '8000', country: 'Denmark', countryCodeV2: 'DK' };
const makati: PostalAddress = {
  name: 'Maria Santos',
  address1: '123 Ayala Avenue',
  address2: 'Barangay San Lorenzo',
  city: 'Makati City',
  province: 'Metro Manila',
  provinceCode: 'PH-00',
  zip: '1223',
  country: 'Philippines',
  countryCodeV2: 'PH',
};

describe('postal address lines', () => {
  it('writes a US address with city, state code and ZIP on one line, the country in the reader’s language', () => {
    const street = ['Jane Doe', '1120 SW 5th Ave', 'Suite 300', 'Portland, OR 97205'];
    expect(addressLines(portland, 'en')).to.deep.equal([...street, 'United States']);
    expect(addressLines(portland, 'da')).to.deep.equal([...street, 'USA']);
    expect(addressLines(portland, 'fil')).to.deep.equal([...street, 'Estados Unidos']);
  });

  it('writes a Danish address with the postal code before the city', () => {
    const street = ['Mette Larsen', 'Nørregade 7, 2. tv', '8000 Aarhus C'];
    expect(addressLines(aarhus, 'en')).to.deep.equal([...street, 'Denmark']);
    expect(addressLines(aarhus, 'da')).to.deep.equal([...street, 'Danmark']);
    // Filipino calls Denmark by its English name.
    expect(addressLines(aarhus, 'fil')).to.deep.equal([...street, 'Denmark']);
  });

  it('writes a Philippine address with the city, then the postal code and province', () => {
    const street = ['Maria Santos', '123 Ayala Avenue', 'Barangay San Lorenzo', 'Makati City', '1223 Metro Manila'];
    expect(addressLines(makati, 'en')).to.deep.equal([...street, 'Philippines']);
    expect(addressLines(makati, 'da')).to.deep.equal([...street, 'Filippinerne']);
    expect(addressLines(makati, 'fil')).to.deep.equal([...street, 'Pilipinas']);
  });

  it('writes a British address with the postcode below the town', () => {
    const london = { name: 'Sam Hill', address1: '10 Downing Street', city: 'London', zip: 'SW1A 2AA', countryCodeV2: 'GB' };
    expect(addressLines(london, 'en')).to.deep.equal(['Sam Hill', '10 Downing Street', 'London', 'SW1A 2AA', 'United Kingdom']);
  });

  it('writes the postal code before the city elsewhere, with the province below', () => {
    const santiago = { address1: 'Av. Providencia 1234', city: 'Santiago', province: 'Región Metropolitana', provinceCode: 'RM', zip: '7500000', countryCodeV2: 'CL' };
    expect(addressLines(santiago, 'en')).to.deep.equal(['Av. Providencia 1234', '7500000 Santiago', 'Región Metropolitana', 'Chile']);
  });

  it('leaves out a missing part and the separator before it', () => {
    expect(addressLines({ ...portland, province: null, provinceCode: null }, 'en')).to.include('Portland 97205');
    expect(addressLines({ ...portland, city: ' ' }, 'en')).to.include('OR 97205');
    expect(addressLines({ ...portland, provinceCode: null }, 'en')).to.include('Portland, Oregon 97205');
    expect(addressLines({ ...makati, zip: null }, 'en')).to.include('Metro Manila');
  });

  it('trims each part, folds its white space and drops NUL characters', () => {
    const messy = { name: '  Mette\u0000 Larsen ', address1: 'Nørregade   7', address2: '   ', city: 'Aarhus C\n', zip: ' 8000', countryCodeV2: ' dk ' };
    expect(addressLines(messy, 'en')).to.deep.equal(['Mette Larsen', 'Nørregade 7', '8000 Aarhus C', 'Denmark']);
  });

  it('falls back to the stored country name when the code is missing or unknown', () => {
    expect(addressLines({ city: 'Aarhus', zip: '8000', country: 'Danmark' }, 'en')).to.deep.equal(['8000 Aarhus', 'Danmark']);
    expect(addressLines({ city: 'Somewhere', country: 'Elsewhere', countryCodeV2: 'ZZ' }, 'en')).to.deep.equal(['Somewhere', 'Elsewhere']);
    expect(addressLines({ city: 'Somewhere', country: 'Elsewhere', countryCodeV2: 'XQ' }, 'en')).to.deep.equal(['Somewhere', 'Elsewhere']);
  });

  it('has no lines for no address', () => {
    expect(addressLines(null, 'en')).to.deep.equal([]);
    expect(addressLines(undefined, 'da')).to.deep.equal([]);
    expect(addressLines({}, 'fil')).to.deep.equal([]);
  });
});

describe('postal code normalisation', () => {
  it('keeps letters and digits only, upper case', () => {
    expect(normalizePostalCode('sw1a 1aa')).to.equal('SW1A1AA');
    expect(normalizePostalCode(' 29401-1234 ')).to.equal('294011234');
    expect(normalizePostalCode('DK-8000.')).to.equal('DK8000');
  });

  it('folds full-width characters typed on an East Asian keyboard', () => {
    expect(normalizePostalCode('ＳＷ１Ａ　１ＡＡ')).to.equal('SW1A1AA');
    expect(normalizePostalCode('１６５０')).to.equal('1650');
  });

  it('is empty for nothing', () => {
    expect(normalizePostalCode(null)).to.equal('');
    expect(normalizePostalCode(undefined)).to.equal('');
    expect(normalizePostalCode(' - ')).to.equal('');
  });
});
