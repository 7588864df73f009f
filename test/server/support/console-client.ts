import type { SupportRole } from '../../../db/support-users.repository.ts';
import { createSupportUser } from '../../../domain/console/users.ts';
import type { TestContext } from '../../support/context.ts';

// A browser stand-in for the support console: keeps cookies, reads the CSRF token from pages, posts
// forms, and never follows redirects (tests look at them).

let sequence = 0;

export async function buildSupportUser(ctx: TestContext, overrides: { email?: string; role?: SupportRole; password?: string } = {}) {
  const email = overrides.email ?? `agent${++sequence}@shop.example`;
  const password = overrides.password ?? 'correct horse battery staple';
  const result = await createSupportUser(ctx.db, ctx.shop.id, { email, role: overrides.role ?? 'agent', password }, { userId: null, name: 'test' });
  if (!result.created) throw new Error(`support user ${email} exists`);
  return { ...result.user, password };
}

export function csrfTokenIn(html: string): string | undefined {
  return /name="_csrf" value="([^"]*)"/.exec(html)?.[1];
}

export class ConsoleClient {
  readonly baseUrl: string;
  readonly cookies = new Map<string, string>();
  readonly setCookieHeaders: string[] = [];

  constructor(baseUrl: string) {
    this.baseUrl = baseUrl;
  }

  private remember(res: Response): Response {
    for (const header of res.headers.getSetCookie()) {
      this.setCookieHeaders.push(header);
      const [pair, ...attributes] = header.split(';');
      const [name, ...value] = pair.split('=');
      const expired = attributes.some((a) => /^\s*expires=Thu, 01 Jan 1970/i.test(a));
      if (expired) this.cookies.delete(name.trim());
      else this.cookies.set(name.trim(), value.join('='));
    }
    return res;
  }

  private cookieHeader(): Record<string, string> {
    return this.cookies.size ? { cookie: [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ') } : {};
  }

  async get(path: string, headers: Record<string, string> = { accept: 'text/html' }): Promise<Response> {
    return this.remember(await fetch(`${this.baseUrl}${path}`, { headers: { ...headers, ...this.cookieHeader() }, redirect: 'manual' }));
  }

  async post(path: string, form: Record<string, string>, headers: Record<string, string> = { accept: 'text/html' }): Promise<Response> {
    return this.remember(
      await fetch(`${this.baseUrl}${path}`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers, ...this.cookieHeader() },
        body: new URLSearchParams(form),
        redirect: 'manual',
      }),
    );
  }

  // Opens a page and returns its CSRF token, as a browser would before submitting a form on it.
  async csrfFor(path: string): Promise<string> {
    const token = csrfTokenIn(await (await this.get(path)).text());
    if (!token) throw new Error(`no CSRF token on ${path}`);
    return token;
  }

  async submitLogin(email: string, password: string): Promise<Response> {
    const csrf = await this.csrfFor('/support/login');
    return this.post('/support/login', { _csrf: csrf, email, password });
  }

  async login(email: string, password: string): Promise<this> {
    const res = await this.submitLogin(email, password);
    if (res.status !== 303) throw new Error(`login failed: ${res.status} ${await res.text()}`);
    return this;
  }
}
