import addressparser from 'nodemailer/lib/addressparser';
import type { SendMailOptions } from 'nodemailer';
import { resolveBranding } from './branding.ts';
import { httpUrl, InvalidEmailPropsError } from './email.ts';
import { definitionOf, type EmailKind } from './kinds.ts';
import { renderEmail, type RenderedEmail, type RenderInput } from './render.ts';

// A rendered email as a nodemailer message: sender, reply path, the caller's Message-ID (made from the
// notification row, so a resend after a crash is recognisably the same message) and, for emails the
// shopper did not ask for, one-click unsubscribe headers (RFC 8058).

export interface MailSettings {
  // smtp(s)://user:pass@host:port; unset keeps mail in the dev outbox.
  smtpUrl?: string | null;
  // MAIL_FROM: "orders@shop.example" or "Shop <orders@shop.example>".
  mailFrom?: string | null;
  // PUBLIC_URL: its host names the default sender and Message-IDs.
  publicUrl: string;
}

export interface Unsubscribe {
  // The one-click page: GET shows a confirmation, POST "List-Unsubscribe=One-Click" unsubscribes.
  url: string;
  // An address (or mailto: URI) that unsubscribes by email.
  mailto?: string | null;
}

export interface BuildMessageInput<K extends EmailKind = EmailKind> extends Omit<RenderInput<K>, 'unsubscribeUrl'> {
  to: string;
  messageId: string;
  settings: Pick<MailSettings, 'mailFrom' | 'publicUrl'>;
  // Required for proactive kinds.
  unsubscribe?: Unsubscribe | null;
}

export type EmailMessage = SendMailOptions & {
  from: { name: string; address: string };
  to: string;
  subject: string;
  html: string;
  text: string;
  messageId: string;
  headers: Record<string, string>;
};

// "<notification.ID@host>": unique per notification row, the same on every attempt.
export function messageIdFor(notificationId: string, publicUrl: string): string {
  return `<notification.${notificationId}@${new URL(publicUrl).hostname}>`;
}

function sender(settings: BuildMessageInput['settings'], shopName: string): { name: string; address: string } {
  if (settings.mailFrom) {
    const [parsed] = addressparser(settings.mailFrom, { flatten: true });
    if (!parsed?.address) throw new InvalidEmailPropsError(`MAIL_FROM is not an address: ${settings.mailFrom}`);
    return { name: parsed.name || shopName, address: parsed.address };
  }
  return { name: shopName, address: `no-reply@${new URL(settings.publicUrl).hostname}` };
}

function mailtoUri(value: string): string {
  const uri = value.startsWith('mailto:') ? value : `mailto:${value}?subject=unsubscribe`;
  if (!/^mailto:[^\s<>,@]+@[^\s<>,?]+(\?[^\s<>,]*)?$/.test(uri)) throw new InvalidEmailPropsError(`unsubscribe.mailto is not an address: ${value}`);
  return uri;
}

// nodemailer's `list.unsubscribe` writes one List-Unsubscribe header per entry, but RFC 8058 wants a
// single header carrying both URIs, so the headers are written here.
function unsubscribeHeaders(unsubscribe: Unsubscribe): Record<string, string> {
  const uris = [httpUrl(unsubscribe.url, 'unsubscribe.url'), ...(unsubscribe.mailto ? [mailtoUri(unsubscribe.mailto)] : [])];
  return {
    'List-Unsubscribe': uris.map((uri) => `<${uri}>`).join(', '),
    'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click',
  };
}

export async function buildMessage<K extends EmailKind>(input: BuildMessageInput<K>): Promise<EmailMessage> {
  if (definitionOf(input.kind).proactive && !input.unsubscribe) {
    throw new InvalidEmailPropsError(`${input.kind} is sent unasked and needs an unsubscribe link`);
  }
  return assembleMessage(input, await renderEmail({ ...input, unsubscribeUrl: input.unsubscribe?.url }));
}

// The envelope around an already rendered email (the benchmark renders its own way).
export function assembleMessage<K extends EmailKind>(input: BuildMessageInput<K>, rendered: RenderedEmail): EmailMessage {
  const definition = definitionOf(input.kind);
  if (/[\r\n]/.test(input.to) || /[\r\n]/.test(input.messageId)) throw new InvalidEmailPropsError('to and messageId must be one line');
  const branding = resolveBranding(input.branding);
  const replyTo = definition.audience === 'shopper' ? branding.replyTo : null;
  return {
    from: sender(input.settings, branding.shopName),
    ...(replyTo ? { replyTo } : {}),
    to: input.to,
    subject: rendered.subject,
    html: rendered.html,
    text: rendered.text,
    messageId: input.messageId,
    headers: definition.proactive && input.unsubscribe ? unsubscribeHeaders(input.unsubscribe) : {},
  };
}
