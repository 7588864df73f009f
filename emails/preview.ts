import Handlebars from 'handlebars';
import { simpleParser } from 'mailparser';
import type { Db } from '../db/database.ts';
import { findOutboxMessage } from '../db/outbox.repository.ts';
import { languages, type Language } from '../core/language.ts';
import { emailKinds, isShopperFacing, type EmailKind } from './kinds.ts';
import { composeEmail, renderEmail, type RenderedEmail } from './render.ts';
import { sampleBranding, samplePropsFor, sampleUnsubscribeUrl } from './samples.ts';

// What the development preview page shows: every kind in every language with sample data, and the
// messages the dev outbox kept. The HTTP layer mounts these; serve the HTML with a strict
// Content-Security-Policy, as mail is rendered there exactly as an inbox would get it.

export interface PreviewEntry {
  kind: EmailKind;
  locale: Language;
  subject: string;
}

function languagesOf(kind: EmailKind): readonly Language[] {
  return isShopperFacing(kind) ? languages : ['en'];
}

function sampleInput(kind: EmailKind, locale: Language) {
  return { kind, locale, props: samplePropsFor(kind, locale), branding: sampleBranding, unsubscribeUrl: sampleUnsubscribeUrl };
}

export function previewIndex(): PreviewEntry[] {
  return emailKinds.flatMap((kind) =>
    languagesOf(kind).map((locale) => ({ kind, locale, subject: composeEmail(sampleInput(kind, locale)).subject })),
  );
}

export async function renderPreview(kind: EmailKind, locale: Language): Promise<Pick<RenderedEmail, 'subject' | 'html' | 'text'>> {
  const { subject, html, text } = await renderEmail(sampleInput(kind, languagesOf(kind).includes(locale) ? locale : 'en'));
  return { subject, html, text };
}

export interface OutboxEml {
  filename: string;
  raw: Buffer;
}

// The message as an .eml file: the exact bytes SMTP would have carried.
export async function outboxMessageAsEml(db: Db, shopId: string, id: string): Promise<OutboxEml | undefined> {
  const message = await findOutboxMessage(db, shopId, id);
  if (!message) return undefined;
  return { filename: `${message.kind}-${message.id}.eml`, raw: Buffer.from(message.raw, 'utf8') };
}

// The HTML part as a mail client would show it (or the text part, when there is no HTML).
export async function outboxMessageAsHtml(db: Db, shopId: string, id: string): Promise<string | undefined> {
  const message = await findOutboxMessage(db, shopId, id);
  if (!message) return undefined;
  const parsed = await simpleParser(message.raw);
  if (parsed.html) return parsed.html;
  return `<!doctype html><meta charset="utf-8"><pre>${Handlebars.escapeExpression(parsed.text ?? '')}</pre>`;
}
