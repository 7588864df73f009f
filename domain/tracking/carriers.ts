// Shopify's `tracking_company` is free text typed or picked by the merchant; EasyPost wants its own
// carrier codes. Unknown names map to null: EasyPost then detects the carrier from the tracking code.

const byName: Record<string, string> = {
  ups: 'UPS',
  unitedparcelservice: 'UPS',
  usps: 'USPS',
  unitedstatespostalservice: 'USPS',
  fedex: 'FedEx',
  federalexpress: 'FedEx',
  fedexground: 'FedEx',
  dhl: 'DHLExpress',
  dhlexpress: 'DHLExpress',
  dhlecommerce: 'DHLEcommerceSolutions',
  dhlecommercesolutions: 'DHLEcommerceSolutions',
  canadapost: 'CanadaPost',
  postescanada: 'CanadaPost',
  royalmail: 'RoyalMail',
  postnl: 'PostNL',
  australiapost: 'AustraliaPost',
  auspost: 'AustraliaPost',
  purolator: 'Purolator',
  ontrac: 'OnTrac',
  lasership: 'LaserShipV2',
  dpd: 'DPD',
  dpduk: 'DPDUK',
  gls: 'GLS',
  postnord: 'PostNordSweden',
  bring: 'Bring',
  evri: 'Evri',
  hermes: 'Evri',
  parcelforce: 'Parcelforce',
  amazonlogistics: 'AmazonShipping',
  amazonshipping: 'AmazonShipping',
  asendia: 'AsendiaUSA',
  chronopost: 'Chronopost',
  colissimo: 'Colissimo',
  deutschepost: 'DeutschePost',
  newzealandpost: 'NewZealandPost',
  nzpost: 'NewZealandPost',
  sendle: 'Sendle',
  couriersplease: 'CouriersPlease',
  aramex: 'Aramex',
  tnt: 'TNT',
  yodel: 'Yodel',
  japanpost: 'JapanPost',
  correos: 'CorreosExpress',
  postiitaliane: 'PosteItaliane',
  canpar: 'Canpar',
  loomis: 'LoomisExpress',
  veho: 'Veho',
  uniuni: 'UniUni',
};

function key(name: string): string {
  return name.toLowerCase().normalize('NFKD').replace(/[^a-z0-9]/g, '');
}

export function easypostCarrierFor(trackingCompany: string | null | undefined): string | null {
  if (!trackingCompany) return null;
  return byName[key(trackingCompany)] ?? null;
}

// Carriers that EasyPost reports under several codes (UPS vs UPSDAP, FedEx vs FedExSmartPost) are one
// family: a difference inside a family is not a mismatch.
function family(carrier: string): string {
  const k = key(carrier);
  for (const prefix of ['ups', 'fedex', 'dhl', 'usps', 'dpd', 'canadapost', 'royalmail', 'postnord', 'laser']) {
    if (k.startsWith(prefix)) return prefix;
  }
  return k;
}

// True when the carrier EasyPost tracks the parcel with is not the one the merchant declared: a typo
// in Shopify, or a recycled tracking code that now belongs to another parcel. Support should look.
export function isCarrierMismatch(declaredCarrier: string | null, trackedCarrier: string | null): boolean {
  if (!declaredCarrier || !trackedCarrier) return false;
  return family(declaredCarrier) !== family(trackedCarrier);
}
