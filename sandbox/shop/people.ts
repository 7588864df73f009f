import type { Address } from './types.ts';

// Customers and addresses in the three markets the sandbox shop sells to: the United States,
// Denmark and the Philippines. Written the way Shopify stores them (Denmark has no provinces).

export type Market = 'US' | 'DK' | 'PH';

interface Place {
  city: string;
  province: string | null;
  provinceCode: string | null;
  zip: string;
}

interface MarketData {
  country: string;
  currencyCode: string;
  emailDomain: string;
  firstNames: string[];
  lastNames: string[];
  streets: string[];
  places: Place[];
  // A mobile number: this prefix, then as many digits as the country's numbers have left.
  phonePrefix: string;
  phoneDigits: number;
}

export const markets: Record<Market, MarketData> = {
  US: {
    country: 'United States',
    currencyCode: 'USD',
    emailDomain: 'example.com',
    firstNames: ['Emily', 'Michael', 'Jessica', 'David', 'Ashley', 'James', 'Sarah', 'Robert', 'Megan', 'Daniel'],
    lastNames: ['Johnson', 'Smith', 'Williams', 'Brown', 'Garcia', 'Miller', 'Davis', 'Martinez', 'Wilson', 'Anderson'],
    streets: ['Chestnut Street', 'Maple Avenue', 'Oak Street', 'Pine Street', 'Elm Street', 'Washington Avenue', 'Lake View Drive'],
    places: [
      { city: 'Louisville', province: 'Kentucky', provinceCode: 'KY', zip: '40202' },
      { city: 'Portland', province: 'Oregon', provinceCode: 'OR', zip: '97205' },
      { city: 'Austin', province: 'Texas', provinceCode: 'TX', zip: '78701' },
      { city: 'Columbus', province: 'Ohio', provinceCode: 'OH', zip: '43215' },
      { city: 'Denver', province: 'Colorado', provinceCode: 'CO', zip: '80202' },
      { city: 'Brooklyn', province: 'New York', provinceCode: 'NY', zip: '11201' },
      { city: 'Madison', province: 'Wisconsin', provinceCode: 'WI', zip: '53703' },
    ],
    phonePrefix: '+1502555',
    phoneDigits: 4,
  },
  DK: {
    country: 'Denmark',
    currencyCode: 'DKK',
    emailDomain: 'example.dk',
    firstNames: ['Anna', 'Mads', 'Freja', 'Lars', 'Sofie', 'Mikkel', 'Ida', 'Søren', 'Mette', 'Jørgen'],
    lastNames: ['Jensen', 'Nielsen', 'Hansen', 'Pedersen', 'Andersen', 'Christensen', 'Larsen', 'Sørensen', 'Rasmussen', 'Østergaard'],
    streets: ['Nørrebrogade', 'Vesterbrogade', 'Åboulevard', 'Strøget', 'Jægersborggade', 'Søndergade', 'Kongensgade'],
    places: [
      { city: 'København K', province: null, provinceCode: null, zip: '1050' },
      { city: 'Aarhus C', province: null, provinceCode: null, zip: '8000' },
      { city: 'Odense C', province: null, provinceCode: null, zip: '5000' },
      { city: 'Aalborg', province: null, provinceCode: null, zip: '9000' },
      { city: 'Frederiksberg', province: null, provinceCode: null, zip: '2000' },
      { city: 'Esbjerg', province: null, provinceCode: null, zip: '6700' },
    ],
    phonePrefix: '+4520',
    phoneDigits: 6,
  },
  PH: {
    country: 'Philippines',
    currencyCode: 'PHP',
    emailDomain: 'example.ph',
    firstNames: ['Maria', 'Jose', 'Andrea', 'Paolo', 'Kristine', 'Mark', 'Angelica', 'Juan', 'Rowena', 'Jericho'],
    lastNames: ['Santos', 'Reyes', 'Cruz', 'Bautista', 'Ocampo', 'Garcia', 'Mendoza', 'dela Cruz', 'Villanueva', 'Aquino'],
    streets: ['Katipunan Avenue', 'Rizal Street', 'Mabini Street', 'Ayala Avenue', 'Osmeña Boulevard', 'Bonifacio Drive'],
    places: [
      { city: 'Quezon City', province: 'Metro Manila', provinceCode: 'PH-00', zip: '1108' },
      { city: 'Makati', province: 'Metro Manila', provinceCode: 'PH-00', zip: '1226' },
      { city: 'Cebu City', province: 'Cebu', provinceCode: 'PH-CEB', zip: '6000' },
      { city: 'Davao City', province: 'Davao del Sur', provinceCode: 'PH-DAS', zip: '8000' },
      { city: 'Iloilo City', province: 'Iloilo', provinceCode: 'PH-ILI', zip: '5000' },
    ],
    phonePrefix: '+63917',
    phoneDigits: 7,
  },
};

export interface Person {
  firstName: string;
  lastName: string;
  email: string;
  address: Address;
}

type Pick = <T>(items: readonly T[]) => T;

export function makePerson(market: Market, pick: Pick, houseNumber: number): Person {
  const data = markets[market];
  const firstName = pick(data.firstNames);
  const lastName = pick(data.lastNames);
  const place = pick(data.places);
  const street = pick(data.streets);
  const address1 = market === 'US' ? `${100 + ((houseNumber * 211) % 9800)} ${street}` : `${street} ${houseNumber}`;
  return {
    firstName,
    lastName,
    email: `${emailPart(firstName)}.${emailPart(lastName)}@${data.emailDomain}`,
    address: {
      firstName,
      lastName,
      name: `${firstName} ${lastName}`,
      company: null,
      address1,
      address2: market === 'DK' && houseNumber % 3 === 0 ? '2. tv.' : null,
      city: place.city,
      province: place.province,
      provinceCode: place.provinceCode,
      zip: place.zip,
      country: data.country,
      countryCode: market,
      phone: `${data.phonePrefix}${String((houseNumber * 7_919_423) % 10 ** data.phoneDigits).padStart(data.phoneDigits, '0')}`,
    },
  };
}

// "Søren Østergaard" writes to soren.ostergaard@…; "dela Cruz" to delacruz.
function emailPart(name: string): string {
  return name
    .toLowerCase()
    .replace(/æ/g, 'ae')
    .replace(/ø/g, 'o')
    .replace(/å/g, 'aa')
    .normalize('NFKD')
    .replace(/[^a-z]/g, '');
}

// The market a customer locale points to: Danish speakers in Denmark, Filipino speakers in the
// Philippines, English speakers mostly in the US.
export function marketForLocale(locale: string): Market {
  const [language, region] = locale.split('-');
  if (region === 'DK' || region === 'PH' || region === 'US') return region;
  if (language === 'da') return 'DK';
  if (language === 'fil') return 'PH';
  return 'US';
}
