import { createHmac, timingSafeEqual } from 'node:crypto';
import type { Request, Response } from 'express';
import type { Language } from '../../core/language.ts';
import type { AppServices } from '../services.ts';
import { sendShopperPage } from '../views/shopper-page.ts';
import { pageWords, type CaseWords } from '../views/words/page-words.ts';

// What the shopper's case pages share: the shopper page shell in the cases' words, and forms signed
// for the link they were rendered for.

export function sendCasePage(
  services: AppServices,
  req: Request,
  res: Response,
  view: string,
  locale: Language,
  data: { status?: number; title: (t: CaseWords) => string; [key: string]: unknown },
): void {
  const t = pageWords[locale].cases;
  const { title, ...rest } = data;
  sendShopperPage(services, req, res, { ...rest, view, locale, t, title: title(t) });
}

// These pages have no session, so a form proves it came from a page we rendered with a token bound to
// the link it was rendered for: another site can post to the path but cannot compute the token.
export function formToken(secret: string, form: string, ...scope: string[]): string {
  return createHmac('sha256', secret).update(['form', form, ...scope].join('\n')).digest('base64url');
}

export function formTokenMatches(secret: string, given: unknown, form: string, ...scope: string[]): boolean {
  if (typeof given !== 'string') return false;
  const expected = Buffer.from(formToken(secret, form, ...scope));
  const actual = Buffer.from(given);
  return expected.length === actual.length && timingSafeEqual(expected, actual);
}

export function formField(body: unknown, name: string): string | undefined {
  const value = body && typeof body === 'object' ? (body as Record<string, unknown>)[name] : undefined;
  return typeof value === 'string' ? value : undefined;
}
