import { withoutNul } from './text.ts';

// A shipping address written the way its country's post writes it, for whoever reads it: the shopper
// in an email or on the address confirmation page, support in the console. One writer, so that the
// address a shopper is emailed is, line for line, the one they are asked to confirm.

// Shopify's address (the orders table stores it as read), so a stored address is passed as it is.
export interface PostalAddress {
  name?: string | null;
  company?: string | null;
  address1?: string | null;
  address2?: string | null;
  city?: string | null;
  province?: string | null;
  provinceCode?: string | null;
  zip?: string | null;
  country?: string | null;
  countryCodeV2?: string | null;
}

// Layouts from Google's libaddressinput data: %N name, %O company, %A street lines, %C city,
// %S province, %Z postal code, %n a new line. Its %D (district) and %X (sorting code) are left out:
// Shopify has no such fields, and a barangay or suburb arrives in address2, among the street lines.
// Where the post writes the province by its code ("OR", "NSW"), so do we. Unlike an envelope, nothing
// is upper-cased: shoppers recognise their address as they typed it.
interface CountryLayout {
  layout: string;
  provinceBy?: 'code';
}

const layouts: Record<string, CountryLayout> = {
  US: { layout: '%N%n%O%n%A%n%C, %S %Z', provinceBy: 'code' },
  CA: { layout: '%N%n%O%n%A%n%C %S %Z', provinceBy: 'code' },
  AU: { layout: '%O%n%N%n%A%n%C %S %Z', provinceBy: 'code' },
  BR: { layout: '%O%n%N%n%A%n%C-%S%n%Z', provinceBy: 'code' },
  IT: { layout: '%N%n%O%n%A%n%Z %C %S', provinceBy: 'code' },
  ES: { layout: '%N%n%O%n%A%n%Z %C %S' },
  MX: { layout: '%N%n%O%n%A%n%Z %C, %S' },
  FR: { layout: '%O%n%N%n%A%n%Z %C' },
  NL: { layout: '%O%n%N%n%A%n%Z %C' },
  GB: { layout: '%N%n%O%n%A%n%C%n%Z' },
  IE: { layout: '%N%n%O%n%A%n%C%n%S%n%Z' },
  NZ: { layout: '%N%n%O%n%A%n%C %Z' },
  IN: { layout: '%N%n%O%n%A%n%C %Z%n%S' },
  PH: { layout: '%N%n%O%n%A%n%C%n%Z %S' },
};

// Most of the world, Denmark and the rest of continental Europe included, writes "8000 Aarhus C";
// a province, where there is one, goes below.
const defaultLayout: CountryLayout = { layout: '%N%n%O%n%A%n%Z %C%n%S' };

const clean = (part: string | null | undefined) => withoutNul(part ?? '').replace(/\s+/g, ' ').trim();

const countryCodeOf = (address: PostalAddress) => clean(address.countryCodeV2).toUpperCase();

function fieldsOf(address: PostalAddress, provinceBy: CountryLayout['provinceBy']): Record<string, string> {
  const [first, second] = [clean(address.province), clean(address.provinceCode)];
  return {
    N: clean(address.name),
    O: clean(address.company),
    C: clean(address.city),
    S: provinceBy === 'code' ? second || first : first || second,
    Z: clean(address.zip),
  };
}

// One layout line with its fields filled in. A separator is written only between two fields that are
// there (the one just before the later field), so a missing state leaves "Portland 97205", not
// "Portland,  97205".
function fillLine(line: string, fields: Record<string, string>): string {
  const tokens = line.split(/%([NOCSZ])/);
  let text = '';
  let separator = '';
  for (let i = 0; i < tokens.length; i += 1) {
    if (i % 2 === 0) {
      separator = tokens[i];
      continue;
    }
    const value = fields[tokens[i]];
    if (!value) continue;
    text += (text ? separator : '') + value;
  }
  return text;
}

const regionNames = new Map<string, Intl.DisplayNames>();

// The country in the reader's language ("USA" for a Danish reader, "Pilipinas" for a Filipino one),
// from its code; the name Shopify stored when the code is missing or unknown to the platform.
function countryName(address: PostalAddress, language: string): string {
  const code = countryCodeOf(address);
  if (/^[A-Z]{2}$/.test(code) && code !== 'ZZ') {
    let names = regionNames.get(language);
    if (!names) {
      names = new Intl.DisplayNames([language], { type: 'region', fallback: 'none' });
      regionNames.set(language, names);
    }
    const name = names.of(code);
    if (name) return name;
  }
  return clean(address.country);
}

// The address's lines for a reader of `language` (a BCP 47 tag: 'en', 'da', 'fil'). The country is
// always the last line, even for a parcel that never left the shop's country: the shopper is
// confirming where the parcel went, and a wrong country is one of the mistakes worth catching.
export function addressLines(address: PostalAddress | null | undefined, language: string): string[] {
  if (!address) return [];
  const { layout, provinceBy } = layouts[countryCodeOf(address)] ?? defaultLayout;
  const fields = fieldsOf(address, provinceBy);
  const street = [clean(address.address1), clean(address.address2)];
  const lines = layout.split('%n').flatMap((line) => (line === '%A' ? street : [fillLine(line, fields)]));
  return [...lines, countryName(address, language)].filter((line) => line !== '');
}

// Postal codes compare by their letters and digits only, upper case, after NFKC folds full-width
// digits to ASCII ("sw1a 1aa" = "SW1A-1AA" = "ＳＷ１Ａ１ＡＡ"). Every country writes its codes in
// Latin letters and digits, so spaces, dashes, dots and anything else are typing, never meaning. The
// learned delivery estimates' SQL reads a postal code's region by the same letters and digits.
export function normalizePostalCode(value: string | null | undefined): string {
  return (value ?? '').normalize('NFKC').toUpperCase().replace(/[^0-9A-Z]/g, '');
}
