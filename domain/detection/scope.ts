import type { Config } from '../../core/config.ts';
import type { Order } from '../../db/schema.ts';

// Domestic or international: a parcel leaving SHOP_COUNTRY gets the international thresholds.

export function isInternational(order: Order | undefined, homeCountry: string): boolean {
  const country = (order?.shipping_address?.countryCodeV2 ?? '').toUpperCase();
  return country !== '' && country !== homeCountry;
}

// Days without a scan after which a parcel in transit is presumed lost.
export function lostAfterDays(order: Order | undefined, config: Pick<Config, 'SHOP_COUNTRY' | 'LOST_AFTER_DAYS' | 'LOST_AFTER_DAYS_INTERNATIONAL'>): number {
  return isInternational(order, config.SHOP_COUNTRY) ? config.LOST_AFTER_DAYS_INTERNATIONAL : config.LOST_AFTER_DAYS;
}
