import type { ResolvedBranding } from './branding.ts';
import type { Messages } from './i18n/en.ts';
import type { Translator } from './i18n/translator.ts';

// What every kind module provides: typed props in, the subject, the preheader and the values its
// templates show out. Sentences are finished here (translated, filled, dates formatted); the templates
// only place them, and Handlebars escapes them on the way into HTML.

export interface EmailProps {
  // IANA zone of the destination (see timeZoneFor); dates are written in it. UTC when absent.
  timeZone?: string | null;
}

export interface ShopperEmailProps extends EmailProps {
  orderName: string;
  firstName?: string | null;
}

export interface ShipmentEmailProps extends ShopperEmailProps {
  // Display name ("PostNord", "UPS"); "the carrier" in the shopper's language when unknown.
  carrier?: string | null;
  trackingCode: string;
  // Our lookup page or the carrier's tracking page; http(s) only.
  trackingUrl: string;
}

// Emails about an order rather than one parcel (a dispute may concern an order with no tracking).
export interface OrderEmailProps extends ShopperEmailProps {
  carrier?: string | null;
  trackingCode?: string | null;
  trackingUrl?: string | null;
}

export interface ComposeContext {
  t: Translator;
  m: Messages;
  branding: ResolvedBranding;
}

export interface ComposedEmail {
  subject: string;
  preheader: string;
  view: Record<string, unknown>;
}

export interface EmailDefinition<P extends EmailProps> {
  audience: 'shopper' | 'support';
  // Sent without the shopper asking (tracking updates): carries an opt-out link and List-Unsubscribe.
  proactive: boolean;
  compose(props: P, context: ComposeContext): ComposedEmail;
}

export function defineEmail<P extends EmailProps>(definition: EmailDefinition<P>): EmailDefinition<P> {
  return definition;
}

export class InvalidEmailPropsError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'InvalidEmailPropsError';
  }
}

// Links land in href attributes: a javascript: or data: URL from a carrier must never become a link.
export function httpUrl(value: string, field: string): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new InvalidEmailPropsError(`${field} is not a URL`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new InvalidEmailPropsError(`${field} must be an http(s) URL`);
  return url.href;
}

export function optionalHttpUrl(value: string | null | undefined, field: string): string | null {
  return value ? httpUrl(value, field) : null;
}

export function carrierName(carrier: string | null | undefined, m: Messages): string {
  return carrier?.trim() || m.common.theCarrier;
}

export function greeting(firstName: string | null | undefined, { t, m }: ComposeContext): string {
  const name = firstName?.trim();
  return name ? t.text(m.common.greetingNamed, { name }) : m.common.greeting;
}

// The order / carrier / tracking facts and the greeting that most shopper emails show.
export function shipmentView(props: OrderEmailProps, context: ComposeContext) {
  const { m } = context;
  return {
    greeting: greeting(props.firstName, context),
    orderName: props.orderName,
    carrier: props.carrier?.trim() || null,
    trackingCode: props.trackingCode?.trim() || null,
    trackingUrl: optionalHttpUrl(props.trackingUrl, 'trackingUrl'),
    trackLabel: m.common.trackButton,
    labels: { order: m.common.orderLabel, carrier: m.common.carrierLabel, tracking: m.common.trackingLabel },
  };
}

export function carrierNote(message: string | null | undefined, { t, m }: ComposeContext): string | null {
  const text = message?.trim();
  return text ? t.text(m.common.carrierNote, { message: text }) : null;
}
