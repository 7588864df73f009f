import { addEmailSuppression } from '../../db/email-suppressions.repository.ts';
import { languageOf, type Language } from '../../core/language.ts';
import { LINK_PURPOSE, verifyLink } from '../../core/links.ts';
import type { DomainContext } from '../context.ts';

// Stopping tracking emails for one address, from the signed link in the footer and the
// List-Unsubscribe header of every proactive email. Emails the shopper asked for (the answers of a
// not-received case) still arrive: deliver.ts only holds back proactive kinds for an opted-out address.

export interface OptOutContext extends Pick<DomainContext, 'db' | 'shopId' | 'logger'> {
  secretKey: string;
}

// Whose emails a link stops, and the language of the email it came in (links signed before the
// language was added to them have none).
export type OptOutLink = { ok: true; email: string; language: Language | undefined } | { ok: false };

export function readOptOutLink(secretKey: string, token: string): OptOutLink {
  const check = verifyLink(secretKey, LINK_PURPOSE.optOut, token);
  if (!check.ok || typeof check.payload.e !== 'string') return { ok: false };
  const { e: email, l: language } = check.payload;
  return { ok: true, email, language: typeof language === 'string' ? languageOf(language) : undefined };
}

// Done on the page's confirmation or a mail app's one-click POST, never on opening the link, which
// mail scanners do on their own.
export async function optOut(ctx: OptOutContext, token: string): Promise<OptOutLink> {
  const link = readOptOutLink(ctx.secretKey, token);
  if (!link.ok) return link;
  await addEmailSuppression(ctx.db, ctx.shopId, link.email, 'opt_out');
  ctx.logger.info({ shopId: ctx.shopId }, 'a shopper opted out of tracking emails');
  return link;
}
