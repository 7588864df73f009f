// Writes a shipping address the way the destination country's post expects it, roughly: enough for a
// shopper to recognise their own address at a glance. Field names follow Shopify's address (and the
// orders table), so a stored address can be passed as it is.

export interface PostalAddress {
  name?: string | null;
  address1?: string | null;
  address2?: string | null;
  city?: string | null;
  province?: string | null;
  province_code?: string | null;
  zip?: string | null;
  country?: string | null;
  country_code?: string | null;
}

function joined(...parts: (string | null | undefined)[]): string {
  return parts.map((part) => part?.trim()).filter(Boolean).join(' ');
}

function localityLines(address: PostalAddress): string[] {
  const province = address.province_code?.trim() || address.province?.trim();
  const city = address.city?.trim();
  switch (address.country_code?.trim().toUpperCase()) {
    case 'US':
    case 'CA':
    case 'AU':
      return [joined(city && province ? `${city},` : city, province, address.zip)];
    case 'GB':
      return [joined(address.city), joined(address.zip)];
    case 'PH':
      return [joined(address.city, address.zip), joined(address.province)];
    default:
      return [joined(address.zip, address.city), joined(address.province)];
  }
}

export function addressLines(address: PostalAddress): string[] {
  return [joined(address.name), joined(address.address1), joined(address.address2), ...localityLines(address), joined(address.country)].filter(
    (line) => line.length > 0,
  );
}
