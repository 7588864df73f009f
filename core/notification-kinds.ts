import type { Config } from './config.ts';

// Every kind of issue and notification, once: what support calls it, who hears of it (the shopper's
// email with its template and EMAIL_* setting, an alert to support), whether it counts as delayed,
// which console queue works it, and what Shopify's order status page shows while it lasts.
//
// It sits in core because the rules, the emails, the shopper's page and the console all read it, and
// core imports nothing above it: a template is named here, not imported, and emails/kinds.ts is keyed
// by these names, so a name this table uses without a template there is a type error there.
//
// Delayed, decided once: a stall, a lateness, and a delay the carrier itself declared (carrier_delay).
// When the carrier says the parcel is delayed, the shopper gets the delay email and the lookup page
// says delayed; Shopify's order status page says DELAYED too, and keeps saying it while the episode
// lasts. The shopper and the merchant read the same thing wherever they look.

type EmailSetting = { [K in keyof Config]: K extends `EMAIL_${string}` ? (Config[K] extends boolean ? K : never) : never }[keyof Config];

export type ConsoleQueue = 'stalled-late' | 'action-needed' | 'lost';
export type IssueShopifyEvent = 'DELAYED' | 'FAILURE';

interface ShopperEmail {
  template: string;
  // Null for a case's emails: they answer the shopper's own report, whatever the settings.
  setting: EmailSetting | null;
  // Sent unasked: an opt-out, a full block, a cancelled order or a retired parcel stops it.
  proactive: boolean;
}

interface KindFacts {
  // What support reads in the console; also the subject of support's alert.
  label: string;
  // A detection episode (shipment_issues.kind).
  issue: boolean;
  // The audience: the shopper's email, and when support is alerted — as the episode opens, by a
  // case's step, or never again (legacy: earlier versions sent it, and stored alerts must still render).
  shopper: ShopperEmail | null;
  support: 'on_open' | 'by_case' | 'legacy' | null;
  queue: ConsoleQueue | null;
}

// A delayed kind is the delay email (with its minimum gap between two) and DELAYED on Shopify.
type Delay = { delayed: true; shopper: ShopperEmail & { template: 'delayed' }; shopifyEvent: 'DELAYED' } | { delayed: false; shopifyEvent: 'FAILURE' | null };

const trackingEmail = <T extends string, S extends EmailSetting>(template: T, setting: S) => ({ template, setting, proactive: true as const });
const caseEmail = <T extends string>(template: T) => ({ template, setting: null, proactive: false as const });
const delayEmail = trackingEmail('delayed', 'EMAIL_DELAYED');
const notDelayed = { delayed: false, shopifyEvent: null } as const;

export const notificationKinds = {
  // The issues, in the console's order.
  stalled: { label: 'Stalled in transit', issue: true, shopper: delayEmail, support: 'on_open', queue: 'stalled-late', delayed: true, shopifyEvent: 'DELAYED' },
  late: { label: 'Past the estimated delivery', issue: true, shopper: delayEmail, support: null, queue: 'stalled-late', delayed: true, shopifyEvent: 'DELAYED' },
  never_scanned: { label: 'Label made, never scanned', issue: true, shopper: trackingEmail('never_scanned', 'EMAIL_NEVER_SCANNED'), support: 'on_open', queue: null, ...notDelayed },
  action_needed: { label: 'Shopper must act', issue: true, shopper: trackingEmail('action_needed', 'EMAIL_ACTION_NEEDED'), support: null, queue: 'action-needed', ...notDelayed },
  returning: { label: 'Returning to the shop', issue: true, shopper: trackingEmail('returning', 'EMAIL_RETURNING'), support: 'on_open', queue: null, ...notDelayed },
  // Support is not asked to act: the carrier has said why it is late, and the shopper is told so.
  carrier_delay: { label: 'Delay declared by the carrier', issue: true, shopper: delayEmail, support: null, queue: null, delayed: true, shopifyEvent: 'DELAYED' },
  exception: { label: 'Carrier exception', issue: true, shopper: null, support: 'on_open', queue: null, ...notDelayed },
  // Its presumed-lost case alerts support now; the episode alone no longer does.
  lost_or_damaged: { label: 'Lost or damaged', issue: true, shopper: null, support: 'legacy', queue: null, delayed: false, shopifyEvent: 'FAILURE' },
  tracking_error: { label: 'Carrier cannot track the code', issue: true, shopper: null, support: 'on_open', queue: null, ...notDelayed },
  // The stall's follow-up already told the shopper what happens next; its case alerts support.
  lost: { label: 'Presumed lost', issue: true, shopper: null, support: null, queue: 'lost', delayed: false, shopifyEvent: 'FAILURE' },

  // The parcel's other news for the shopper.
  shipped: { label: 'Shipped', issue: false, shopper: trackingEmail('shipped', 'EMAIL_SHIPPED'), support: null, queue: null, ...notDelayed },
  delivered: { label: 'Delivered', issue: false, shopper: trackingEmail('delivered', 'EMAIL_DELIVERED'), support: null, queue: null, ...notDelayed },
  // The delay email's promise and its keeping are one setting: the follow-up, and the good news after it.
  follow_up: { label: 'Follow-up on a stall', issue: false, shopper: trackingEmail('follow_up', 'EMAIL_DELAYED'), support: null, queue: null, ...notDelayed },
  // Written with the lost case's "found", yet a tracking update the shopper did not ask for.
  parcel_found: { label: 'Moving again after a stall', issue: false, shopper: trackingEmail('case_resolved', 'EMAIL_DELAYED'), support: null, queue: null, ...notDelayed },

  // A case's steps: replies to the shopper, alerts to support.
  dispute_received: { label: 'Report received', issue: false, shopper: caseEmail('dispute_received'), support: null, queue: null, ...notDelayed },
  address_confirmation: { label: 'Address check', issue: false, shopper: caseEmail('address_confirmation'), support: null, queue: null, ...notDelayed },
  dispute_resolved: { label: 'Case resolved', issue: false, shopper: caseEmail('case_resolved'), support: null, queue: null, ...notDelayed },
  lost_resolved: { label: 'Lost case resolved', issue: false, shopper: caseEmail('case_resolved'), support: null, queue: null, ...notDelayed },
  dispute_opened: { label: 'Reported not received', issue: false, shopper: null, support: 'by_case', queue: null, ...notDelayed },
  address_wrong: { label: 'Address reported wrong', issue: false, shopper: null, support: 'by_case', queue: null, ...notDelayed },
  payment_dispute: { label: 'Payment dispute: product not received', issue: false, shopper: null, support: 'by_case', queue: null, ...notDelayed },
  presumed_lost: { label: 'Presumed lost', issue: false, shopper: null, support: 'by_case', queue: null, ...notDelayed },
} as const satisfies Record<string, KindFacts & Delay>;

type Kinds = typeof notificationKinds;
export type NotificationKind = keyof Kinds;
type KindsWhere<Shape> = { [K in NotificationKind]: Kinds[K] extends Shape ? K : never }[NotificationKind];

export type IssueKind = KindsWhere<{ issue: true }>;
export type DelayedKind = KindsWhere<{ delayed: true }>;
// Sent by the rules under an EMAIL_* setting; a case's emails answer the shopper's report.
export type TrackingEmailKind = KindsWhere<{ shopper: { setting: EmailSetting } }>;
export type CaseEmailKind = KindsWhere<{ shopper: { setting: null } }>;
export type ShopperEmailKind = TrackingEmailKind | CaseEmailKind;
export type SupportAlertKind = KindsWhere<{ support: string }>;

// Every email template: the shopper's, as named above, and the one every alert to support is written with.
export type EmailTemplate = { [K in ShopperEmailKind]: Kinds[K]['shopper']['template'] }[ShopperEmailKind] | 'support_alert';

const kindNames = Object.keys(notificationKinds) as NotificationKind[];
export const issueKinds = kindNames.filter((kind) => notificationKinds[kind].issue) as IssueKind[];
export const delayedKinds = kindNames.filter((kind) => notificationKinds[kind].delayed) as DelayedKind[];

export const isNotificationKind = (value: string): value is NotificationKind => Object.hasOwn(notificationKinds, value);
const factsOf = (kind: string) => (isNotificationKind(kind) ? notificationKinds[kind] : undefined);

// Support's words for a kind; a kind the code has no words for (yet) is shown by its stored name.
export const labelOf = (kind: string): string => factsOf(kind)?.label ?? kind;

// The one test of "delayed": the delay email and its gap, the shopper's page, the rules and Shopify.
export const isDelayed = (kind: string): kind is DelayedKind => factsOf(kind)?.delayed === true;
export const hasTrackingEmail = (kind: string): kind is TrackingEmailKind => factsOf(kind)?.shopper?.setting != null;
export const alertsSupportOnOpen = (kind: string): kind is SupportAlertKind => factsOf(kind)?.support === 'on_open';
export const queueOf = (kind: string): ConsoleQueue | null => factsOf(kind)?.queue ?? null;
export const issueKindsIn = (queue: ConsoleQueue): IssueKind[] => issueKinds.filter((kind) => notificationKinds[kind].queue === queue);
// The issues whose open episode keeps Shopify showing this event.
export const issueKindsShowing = (event: string): IssueKind[] => issueKinds.filter((kind) => notificationKinds[kind].shopifyEvent === event);

// A stored kind without a shopper's email of its own is taken as proactive, so that a blocked or
// opted-out shopper is never written to by surprise.
export const isProactiveKind = (stored: string): boolean => factsOf(stored)?.shopper?.proactive ?? true;

// notifications.kind holds a shopper's email by its kind, and an alert to support as `alert:<kind>`:
// one issue's email and alert keep a row, an episode and a state each.
const ALERT_PREFIX = 'alert:';
export type StoredAlertKind = `alert:${SupportAlertKind}`;

export const storedAlertKind = (kind: SupportAlertKind): StoredAlertKind => `${ALERT_PREFIX}${kind}`;

// Any alert, even of a kind the code no longer knows: it went to support, never to a shopper.
export const isSupportAlert = (stored: string): boolean => stored.startsWith(ALERT_PREFIX);

// The alert a stored kind names, if it names one this table knows.
export function alertOf(stored: string): SupportAlertKind | undefined {
  const kind = stored.slice(ALERT_PREFIX.length);
  return isSupportAlert(stored) && factsOf(kind)?.support ? (kind as SupportAlertKind) : undefined;
}
