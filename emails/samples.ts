import type { EmailBranding } from './branding.ts';
import type { Language } from '../core/language.ts';
import type { EmailKind, EmailPropsByKind } from './kinds.ts';

// Believable data for every kind: the preview page, the tests and the benchmark render these. Dates are
// fixed so a preview looks the same every day.

export const sampleBranding: EmailBranding = {
  shopName: 'Nordlys Ceramics',
  primaryColor: '#2f6f5e',
  supportEmail: 'help@nordlys-ceramics.example',
};

export const sampleUnsubscribeUrl = 'https://track.nordlys-ceramics.example/unsubscribe?token=sample';

const at = (iso: string) => new Date(iso);

const parcel = {
  orderName: '#1042',
  firstName: 'Maja',
  carrier: 'PostNord',
  trackingCode: '00370712345678901234',
  trackingUrl: 'https://track.nordlys-ceramics.example/t/00370712345678901234',
  timeZone: 'Europe/Copenhagen',
};

const lookup = 'https://track.nordlys-ceramics.example/orders/1042?token=sample';

export const sampleProps: EmailPropsByKind = {
  shipped: { ...parcel, estimatedDelivery: at('2026-11-25T12:00:00Z') },
  delayed: {
    ...parcel,
    reason: 'stalled',
    daysWithoutScan: 4,
    lastScan: { at: at('2026-11-18T15:42:00Z'), place: 'Taastrup, DK', message: 'The item has arrived at the terminal' },
    extraDays: 3,
  },
  follow_up: {
    ...parcel,
    daysWithoutScan: 7,
    lastScan: { at: at('2026-11-18T15:42:00Z'), place: 'Taastrup, DK' },
    lostBy: at('2026-11-25T15:42:00Z'),
    nextStep: 'reship',
    replyWithinDays: 2,
  },
  never_scanned: { ...parcel, labelCreatedAt: at('2026-11-16T09:10:00Z'), followUpDays: 2 },
  action_needed: {
    ...parcel,
    action: { type: 'pickup', place: 'Netto, Vesterbrogade 112, 1620 København V', until: at('2026-11-30T17:00:00Z') },
  },
  returning: { ...parcel, reason: 'Addressee unknown', nextStep: 'ask' },
  delivered: {
    ...parcel,
    deliveredAt: at('2026-11-22T23:30:00Z'),
    place: 'Parcel box at the front door',
    signedBy: null,
    notReceivedUrl: `${lookup}&report=not-received`,
  },
  dispute_received: {
    ...parcel,
    reportedAt: at('2026-11-24T08:05:00Z'),
    note: 'The tracking says delivered but there is nothing at my door.',
    replyWithinDays: 2,
  },
  address_confirmation: {
    ...parcel,
    address: { name: 'Maja Jensen', address1: 'Istedgade 14, 2. th.', city: 'København V', zip: '1650', country: 'Denmark', countryCodeV2: 'DK' },
    confirmUrl: `${lookup}&address=confirm`,
    correctUrl: `${lookup}&address=wrong`,
  },
  // The fullest of the endings: a presumed-lost parcel replaced by a new one, with a note.
  case_resolved: {
    ...parcel,
    source: 'lost',
    outcome: 'reshipped',
    replacement: { trackingCode: '00370712345678905555' },
    note: 'We have sent it with tracked express delivery this time.',
  },
  support_alert: {
    alert: 'stalled',
    orderName: '#1042',
    customerEmail: 'maja@example.com',
    carrier: 'PostNord',
    trackingCode: '00370712345678901234',
    trackingUrl: parcel.trackingUrl,
    since: at('2026-11-18T15:42:00Z'),
    detail: 'The item has arrived at the terminal',
    consoleUrl: 'https://track.nordlys-ceramics.example/console/shipments/1042',
    timeZone: 'Europe/Copenhagen',
  },
};

// The destination follows the language, so a preview in Filipino shows Manila times.
const sampleZone: Record<Language, string> = { en: 'America/New_York', da: 'Europe/Copenhagen', fil: 'Asia/Manila' };
const sampleName: Record<Language, string> = { en: 'Emma', da: 'Maja', fil: 'Andrea' };

export function samplePropsFor<K extends EmailKind>(kind: K, language: Language): EmailPropsByKind[K] {
  const props: EmailPropsByKind[K] = sampleProps[kind];
  if (kind === 'support_alert') return props;
  return { ...props, timeZone: sampleZone[language], firstName: sampleName[language] };
}
