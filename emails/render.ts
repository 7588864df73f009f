import { readFile, readdir } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import Handlebars from 'handlebars';
import { resolveBranding, type EmailBranding } from './branding.ts';
import { optionalHttpUrl } from './email.ts';
import { resolveLocale, type Language } from '../core/language.ts';
import { createTranslator } from './i18n/translator.ts';
import { definitionOf, emailKinds, type EmailKind, type EmailPropsByKind } from './kinds.ts';

// MJML → HTML is the slow step (milliseconds per email), so each kind's MJML is turned into HTML once,
// with Handlebars placeholders still in it, and that HTML is compiled by Handlebars; a message is then
// only a fill. Handlebars escapes every {{value}} for HTML; the plain-text part has its own template,
// compiled without escaping because it is not HTML.

const emailsDir = fileURLToPath(new URL('.', import.meta.url));

// MJML validates colours strictly, so a "{{brand.color}}" attribute would be refused. Templates use
// these two colours instead, and they become placeholders once MJML is done.
const brandColorStandIn = '#a1b2c3';
const textOnBrandStandIn = '#c3b2a1';

const handlebars = Handlebars.create();
const htmlOptions: CompileOptions = { strict: true, knownHelpersOnly: true };
const textOptions: CompileOptions = { ...htmlOptions, noEscape: true, preventIndent: true };

export interface CompiledEmail {
  html: HandlebarsTemplateDelegate;
  text: HandlebarsTemplateDelegate;
}

export interface RenderInput<K extends EmailKind = EmailKind> {
  kind: K;
  // Shopify's customer locale ('da-DK', 'fil', null); support alerts are always English.
  locale?: string | null;
  props: EmailPropsByKind[K];
  branding: EmailBranding;
  // Proactive kinds: the opt-out page, linked in the footer.
  unsubscribeUrl?: string | null;
}

export interface ComposedMessage {
  subject: string;
  preheader: string;
  language: Language;
  data: Record<string, unknown>;
}

export interface RenderedEmail {
  subject: string;
  preheader: string;
  html: string;
  text: string;
  language: Language;
}

let textPartials: Promise<void> | undefined;
function registerTextPartials(): Promise<void> {
  textPartials ??= (async () => {
    const layout = path.join(emailsDir, 'layout');
    for (const file of (await readdir(layout)).filter((name) => name.endsWith('.txt.hbs'))) {
      const source = await readFile(path.join(layout, file), 'utf8');
      handlebars.registerPartial(file.replace('.txt.hbs', ''), handlebars.compile(source, textOptions));
    }
  })();
  return textPartials;
}

// MJML indents its output deeply: a quarter of the bytes every message would carry and encode. In HTML
// a run of whitespace reads as one space, and no template has a <pre>, so nothing visible changes.
function withoutIndentation(html: string): string {
  return html.replace(/\n[ \t]+/g, '\n').replace(/\n{2,}/g, '\n');
}

// No cache: the slow path, used by precompileAll() below and by the benchmark's naive comparison.
export async function compileTemplates(kind: EmailKind): Promise<CompiledEmail> {
  await registerTextPartials();
  const mjmlFile = path.join(emailsDir, kind, `${kind}.mjml`);
  // MJML takes about a second to import: loaded on first use, so a process that serves pages only,
  // or one getting ready, does not pay for it up front.
  const { default: mjml2html } = await import('mjml');
  const { html } = await mjml2html(await readFile(mjmlFile, 'utf8'), {
    validationLevel: 'strict',
    filePath: mjmlFile,
    ignoreIncludes: false,
    includePath: emailsDir,
  });
  const htmlSource = withoutIndentation(html)
    .replaceAll(brandColorStandIn, '{{brand.color}}')
    .replaceAll(textOnBrandStandIn, '{{brand.textOnColor}}');
  const textSource = await readFile(path.join(emailsDir, kind, `${kind}.txt.hbs`), 'utf8');
  // parse() finds template syntax errors now rather than at the first send.
  handlebars.parse(htmlSource);
  handlebars.parse(textSource);
  return { html: handlebars.compile(htmlSource, htmlOptions), text: handlebars.compile(textSource, textOptions) };
}

const compiled = new Map<EmailKind, Promise<CompiledEmail>>();

export function templatesFor(kind: EmailKind): Promise<CompiledEmail> {
  let templates = compiled.get(kind);
  if (!templates) {
    templates = compileTemplates(kind);
    compiled.set(kind, templates);
    templates.catch(() => compiled.delete(kind));
  }
  return templates;
}

// Call at start so the first email does not pay for MJML, and a broken template fails the start.
export async function precompileAll(): Promise<void> {
  await Promise.all(emailKinds.map(templatesFor));
}

export function languageOf(kind: EmailKind, locale: string | null | undefined): Language {
  return definitionOf(kind).audience === 'support' ? 'en' : resolveLocale(locale).language;
}

// Everything a message says, as data for the templates. Synchronous: no template is needed for it.
export function composeEmail<K extends EmailKind>(input: RenderInput<K>): ComposedMessage {
  const definition = definitionOf(input.kind);
  const locale = resolveLocale(definition.audience === 'support' ? 'en' : input.locale);
  const t = createTranslator(locale, input.props.timeZone ?? 'UTC');
  const m = t.messages;
  const branding = resolveBranding(input.branding);
  const shop = branding.shopName;
  const composed = definition.compose(input.props, { t, m, branding });
  const subject = composed.subject.replace(/\s+/g, ' ').trim();
  const optOutUrl = definition.proactive ? optionalHttpUrl(input.unsubscribeUrl, 'unsubscribeUrl') : null;
  const data = {
    lang: locale.language,
    subject,
    preheader: composed.preheader,
    brand: { name: shop, logoUrl: branding.logoUrl, color: branding.color, textOnColor: branding.textOnColor },
    signoff: m.common.signoff,
    signature: t.text(m.common.signature, { shop }),
    footer: {
      contact: branding.replyTo ? m.common.contact : null,
      reason: t.text(definition.proactive ? m.common.reasonUpdates : m.common.reasonReply, { shop }),
      optOutUrl,
      optOutLabel: m.common.optOut,
    },
    ...composed.view,
  };
  return { subject, preheader: composed.preheader, language: locale.language, data };
}

function tidyText(text: string): string {
  return `${text.replace(/[ \t]+$/gm, '').replace(/\n{3,}/g, '\n\n').trim()}\n`;
}

export function fillTemplates(templates: CompiledEmail, message: ComposedMessage): RenderedEmail {
  return {
    subject: message.subject,
    preheader: message.preheader,
    html: templates.html(message.data),
    text: tidyText(templates.text(message.data)),
    language: message.language,
  };
}

export async function renderEmail<K extends EmailKind>(input: RenderInput<K>): Promise<RenderedEmail> {
  const message = composeEmail(input);
  return fillTemplates(await templatesFor(input.kind), message);
}
