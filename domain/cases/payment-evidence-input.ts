import type { Address, Dispute } from '../../db/schema.ts';
import { httpLink } from '../../core/text.ts';
import { placeText } from '../../core/place.ts';
import { consoleTime } from '../../core/time/console-time.ts';
import type { EvidencePack } from './evidence.ts';

// The tracking evidence of a case in the fields of Shopify's ShopifyPaymentsDisputeEvidenceUpdateInput.
// The input has no carrier or tracking fields: those go, as the bank reads them, into uncategorizedText;
// the customer and the address the parcel was sent to go into their own fields. Times read as on the
// console's case page (the shop's zone, named), so what support reviewed is what the bank reads.

function line(label: string, value: string | null | undefined): string[] {
  return value ? [`${label}: ${value}`] : [];
}

export function evidenceText(dispute: Dispute, pack: EvidencePack, timeZone: string): string {
  const time = consoleTime(timeZone);
  const parcel = pack.parcel;
  const delivery = pack.delivery;
  const proof = delivery?.proof;
  const lines = [
    delivery?.postalCheck.result === 'match'
      ? `Order ${pack.order.name} was shipped with tracking, and the carrier recorded the parcel as delivered at the shipping address given with this evidence.`
      : `Order ${pack.order.name} was shipped with tracking, and the carrier recorded the parcel as delivered.`,
    '',
    ...line('Carrier', parcel?.carrier ?? parcel?.declaredCarrier),
    ...line('Tracking number', parcel?.trackingCode),
    ...line('Tracking page', httpLink(parcel?.publicUrl) ?? httpLink(parcel?.trackingUrl)),
    ...line('Delivered', time.text(delivery?.deliveredAt)),
    ...line('Delivery location', placeText(delivery?.place, { postalCode: true })),
    ...line("Carrier's delivery note", delivery?.message),
    ...line('Signed for by', delivery?.signedBy),
    ...line('Carrier service', proof?.service),
    ...line('First delivery attempt', proof?.initialDeliveryAttempt),
    ...(delivery?.postalCheck.result === 'match' ? [`The delivery scan's ${delivery.postalCheck.comparedBy === 'city' ? 'city' : 'postal code'} matches the shipping address.`] : []),
    ...(dispute.address_answer === 'confirmed' && dispute.address_answered_at
      ? [`The customer confirmed this shipping address themselves on ${time.text(dispute.address_answered_at)}.`]
      : []),
    ...(dispute.address_confirmed_at ? [`The shop confirmed this shipping address with the customer on ${time.text(dispute.address_confirmed_at)}.`] : []),
  ];
  return lines.join('\n').trim();
}

function splitName(name: string | null | undefined): { firstName: string | null; lastName: string | null } {
  const parts = (name ?? '').trim().split(/\s+/).filter(Boolean);
  if (parts.length === 0) return { firstName: null, lastName: null };
  if (parts.length === 1) return { firstName: null, lastName: parts[0] };
  return { firstName: parts.slice(0, -1).join(' '), lastName: parts.at(-1)! };
}

function addressInput(address: Address | null) {
  if (!address) return null;
  const { firstName, lastName } = splitName(address.name);
  return withoutEmpty({
    firstName,
    lastName,
    address1: address.address1,
    address2: address.address2,
    city: address.city,
    provinceCode: address.provinceCode,
    zip: address.zip,
    countryCode: address.countryCodeV2,
    phone: address.phone,
  });
}

export function evidenceInput(dispute: Dispute, pack: EvidencePack, timeZone: string): Record<string, unknown> {
  const address = pack.order.shippingAddress;
  const { firstName, lastName } = splitName(address?.name);
  return withoutEmpty({
    customerEmailAddress: pack.order.email,
    customerFirstName: firstName,
    customerLastName: lastName,
    shippingAddress: addressInput(address),
    uncategorizedText: evidenceText(dispute, pack, timeZone),
  });
}

function withoutEmpty<T extends Record<string, unknown>>(values: T): Partial<T> {
  return Object.fromEntries(Object.entries(values).filter(([, v]) => v !== null && v !== undefined && v !== '')) as Partial<T>;
}
