import type { Config } from '../../core/config.ts';
import type { Order } from '../../db/schema.ts';
import type { EmailKind, EmailPropsByKind } from '../../emails/kinds.ts';
import { destinationTimeZone } from '../../core/time/destination-zone.ts';

// What composing a parcel's emails and a case's emails share.

export interface ComposedNotification<K extends EmailKind = EmailKind> {
  kind: K;
  props: EmailPropsByKind[K];
  unsubscribeUrl: string | null;
}

export interface ComposeSettings {
  config: Config;
  secretKey: string;
}

// What every shopper email says about the order.
export function orderProps(order: Order, trackingUrl: string) {
  const address = order.shipping_address;
  return {
    orderName: order.name,
    firstName: address?.name?.trim().split(/\s+/)[0] ?? null,
    trackingUrl,
    timeZone: destinationTimeZone(address),
  };
}
