import { readFileSync } from 'node:fs';
import Handlebars from 'handlebars';

// Server-rendered pages through Handlebars, which escapes every {{value}}: carrier messages, order
// names and anything else a shopper or carrier controls can never become markup. Templates are
// compiled once, on first use.

const engine = Handlebars.create();
const cache = new Map<string, Handlebars.TemplateDelegate>();

engine.registerHelper('eq', (a: unknown, b: unknown) => a === b);

function template(name: string): Handlebars.TemplateDelegate {
  let compiled = cache.get(name);
  if (!compiled) {
    compiled = engine.compile(readFileSync(new URL(`./${name}.hbs`, import.meta.url), 'utf8'), { strict: false });
    cache.set(name, compiled);
  }
  return compiled;
}

export function registerPartial(name: string): void {
  engine.registerPartial(name, readFileSync(new URL(`./${name}.hbs`, import.meta.url), 'utf8'));
}

registerPartial('layout-head');
registerPartial('layout-foot');

export function renderPage(name: string, data: Record<string, unknown>): string {
  return template(name)(data);
}
