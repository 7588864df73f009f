import { expect } from 'chai';
import { Agent, request } from 'node:http';
import { Writable } from 'node:stream';
import { pino } from 'pino';
import { addressToken, lookupToken, notReceivedPath, optOutToken } from '../../core/links.ts';
import { startApp, TEST_SECRET } from '../support/app.ts';
import { createTestContext, type TestContext } from '../support/context.ts';
import { buildDispute, buildOrder, buildShipment } from '../support/factories.ts';
import type { TestServer } from '../support/http.ts';
import { buildSupportUser, ConsoleClient } from './support/console-client.ts';

// Thousands of hostile requests against every public route and a few of the console's: none may get
// a 5xx, show a stack trace, or log an error. The generator is seeded; a failure prints its seed, and
// FUZZ_SEED=<seed> (and FUZZ_REQUESTS=<n>) replays it.

const SEED = Number(process.env.FUZZ_SEED ?? Math.floor(Math.random() * 2 ** 31));
const REQUESTS = Number(process.env.FUZZ_REQUESTS ?? 2500);
const PARALLEL = 8;

function randomFrom(seed: number) {
  let state = seed >>> 0;
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 2 ** 32;
  };
  const int = (n: number) => Math.floor(next() * n);
  const pick = <T>(items: readonly T[]): T => items[int(items.length)];
  return { int, pick, chance: (p: number) => next() < p };
}
type Random = ReturnType<typeof randomFrom>;

interface Target {
  method: string;
  path: string;
  fields: string[];
  console?: boolean;
}

interface Attempt {
  method: string;
  path: string;
  headers: Record<string, string>;
  body?: Buffer;
}

const nested = (depth: number, open: string, close: string, inner = '1') => open.repeat(depth) + inner + close.repeat(depth);

const hostileValues = (r: Random): string[] => [
  '',
  'x'.repeat(r.pick([300, 5_000, 60_000])),
  '%00',
  'a%00b',
  '%C3%28',
  '%FF%FE',
  '%E0%80%AF',
  '%',
  '%zz',
  '0000-01-01',
  '0000-12-31',
  '9999-12-31',
  '2026-02-30',
  '-000001-01-01',
  'a@b.c',
  '\u202e\ufeff',
  '%F0%9F%98%80',
  '<script>alert(1)</script>',
  "' OR 1=1 --",
  '../../etc/passwd',
  '-1',
  '1e400',
  'NaN',
  'dates',
  '[]',
  '{}',
];

function hostileQuery(r: Random, fields: string[]): string {
  const names = [...fields, 'lang', 'a', 'a[]', 'a[b]', 'a[b][c]', '__proto__', 'constructor[prototype]', '%00', '%FF', ''];
  const parts: string[] = [];
  const count = r.chance(0.05) ? 1500 : 1 + r.int(6);
  for (let i = 0; i < count; i++) {
    const name = r.pick(names);
    const value = r.pick(hostileValues(r));
    parts.push(`${name}=${value}`);
    if (r.chance(0.3)) parts.push(`${name}=${r.pick(hostileValues(r))}`);
    if (r.chance(0.1)) parts.push(`${name}[]=${value}`);
  }
  if (r.chance(0.1)) parts.push('&&&=&=');
  if (r.chance(0.1)) parts.push(r.pick(['from=0000-01-01&to=0000-01-03', 'period=dates&from=0001-01-01&to=0001-01-02', 'to=0000-02-29', 'expires=0000-01-01']));
  return parts.join('&');
}

function hostileBody(r: Random, fields: string[], csrf: string): { type?: string; body?: string } {
  const depth = r.pick([100, 5_000, 100_000]);
  const form = (extra: string[]) => [`_csrf=${csrf}`, ...extra].join('&');
  const bodies: Array<() => { type?: string; body?: string }> = [
    () => ({ type: 'application/json', body: nested(depth, '[', ']') }),
    () => ({ type: 'application/json', body: nested(depth, '{"a":', '}') }),
    () => ({ type: 'application/json', body: JSON.stringify({ [r.pick(fields) ?? 'a']: nested(depth, '[', ']', '"x"') }).replace(/"(\[+)/, '$1') }),
    () => ({ type: 'application/json', body: `[${'1,'.repeat(100_000)}1]` }),
    () => ({ type: 'application/json', body: '{"a":' }),
    () => ({ type: 'application/json', body: '"\\u0000"' }),
    () => ({ type: 'application/json', body: JSON.stringify(Object.fromEntries(fields.map((f) => [f, r.pick([['a', 'b'], { x: 1 }, null, 1, '0000-01-01', 'x\u0000y'])]))) }),
    () => ({ type: 'application/json', body: '' }),
    () => ({ type: 'application/x-www-form-urlencoded', body: form(Array.from({ length: 2_000 }, (_, i) => `f${i}=1`)) }),
    () => ({ type: 'application/x-www-form-urlencoded', body: form(fields.flatMap((f) => [`${f}=${r.pick(hostileValues(r))}`, `${f}=again`])) }),
    () => ({ type: 'application/x-www-form-urlencoded', body: form([`${r.pick(fields) ?? 'a'}[]=1`, 'a[b]=2', '%FF=%FF']) }),
    () => ({ type: 'application/x-www-form-urlencoded; charset=koi8-r', body: 'a=1' }),
    () => ({ type: 'application/json; charset=utf-7', body: '{}' }),
    () => ({ type: 'text/plain', body: 'hello' }),
    () => ({ type: 'multipart/form-data; boundary=x', body: '--x\r\nContent-Disposition: form-data; name="a"\r\n\r\n1\r\n--x--' }),
    () => ({ type: r.pick(['application/xml', '*/*', 'application/json; charset=', ';;;', 'application/x-www-form-urlencoded']), body: '\u0000\uffff' }),
    () => ({ body: 'no content type' }),
    () => ({}),
  ];
  return r.pick(bodies)();
}

function hostileRequest(r: Random, target: Target, csrf: string): Attempt {
  const method = r.chance(0.85) ? target.method : r.pick(['GET', 'POST', 'PUT', 'DELETE', 'PATCH', 'OPTIONS', 'HEAD', 'TRACE', 'PROPFIND']);
  const query = r.chance(0.7) ? `?${hostileQuery(r, target.fields)}` : '';
  const headers: Record<string, string> = {};
  if (r.chance(0.3)) headers.accept = r.pick(['text/html', 'application/json', '*/*', 'image/png', ';;;']);
  if (r.chance(0.2)) headers['accept-language'] = r.pick(['da', 'fil;q=x', 'x'.repeat(4000), '*;q=0', ',,,']);
  if (r.chance(0.1)) headers['x-forwarded-for'] = r.pick(['1.2.3.4', 'not an ip', '::1, 999.1.1.1', '']);
  if (r.chance(0.1)) headers.cookie = r.pick(['wa_session=%FF', 'a=b; =; ;', 'wa_session=' + 'x'.repeat(3000)]);
  if (r.chance(0.2)) headers['x-hmac-signature'] = r.pick(['hmac-sha256-hex=00', 'x', '']);
  if (r.chance(0.2)) Object.assign(headers, { 'x-shopify-hmac-sha256': r.pick(['AAAA', '%%%']), 'x-shopify-topic': r.pick(['orders/updated', '../x']), 'x-shopify-shop-domain': 'fuzz-shop.myshopify.com', 'x-shopify-webhook-id': 'w1' });
  if (r.chance(0.1)) headers.authorization = r.pick(['Bearer ', 'Bearer %00', 'Basic !!!', 'Bearer ' + 'x'.repeat(500)]);
  let body: Buffer | undefined;
  if (method !== 'GET' && method !== 'HEAD' && r.chance(0.9)) {
    const made = hostileBody(r, target.fields, csrf);
    if (made.type) headers['content-type'] = made.type;
    if (made.body !== undefined) body = Buffer.from(made.body);
  }
  if (r.chance(0.05)) body = Buffer.from([0xff, 0xfe, 0x00, 0xc3, 0x28]);
  return { method, path: `${target.path}${query}`, headers, body };
}

// Node's HTTP parser answers some requests itself (431 for a huge head) and closes the connection
// while the body is still being written: a reset is a refusal, never a 5xx.
function send(url: string, agent: Agent, attempt: Attempt, cookie: string | undefined): Promise<{ status: number; body: string }> {
  return new Promise((resolve) => {
    const reject = (error: NodeJS.ErrnoException) => resolve({ status: 0, body: String(error.code) });
    const headers = { ...attempt.headers, ...(cookie && !attempt.headers.cookie ? { cookie } : {}) };
    const req = request(`${url}${attempt.path}`, { method: attempt.method, headers, agent }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString() }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(attempt.body);
  });
}

describe('fuzzed requests', function () {
  this.timeout(120_000);
  let ctx: TestContext;
  let server: TestServer;
  let targets: Target[];
  let consoleCookie: string;
  let csrf: string;
  const loggedErrors: string[] = [];

  before(async () => {
    // Webhook secrets set, so that unsigned and badly signed bodies reach the verification itself.
    ctx = await createTestContext({
      LOOKUP_RATE_PER_IP: '1000000',
      LOOKUP_RATE_PER_ORDER: '1000000',
      EASYPOST_WEBHOOK_SECRET: 'fuzz-easypost-webhook-secret',
      SHOPIFY_SHOP: 'fuzz-shop.myshopify.com',
      SHOPIFY_CLIENT_ID: 'fuzz-client-id',
      SHOPIFY_CLIENT_SECRET: 'fuzz-client-secret',
    });
    const sink = new Writable({
      write(chunk: Buffer, _encoding, done) {
        for (const line of chunk.toString().split('\n').filter(Boolean)) {
          const entry = JSON.parse(line) as { level: number };
          if (entry.level >= 50 || line.includes('"stack"')) loggedErrors.push(line);
        }
        done();
      },
    });
    server = await startApp(ctx, { logger: pino({ level: 'warn' }, sink) });
    const order = await buildOrder(ctx.db, ctx.shop.id);
    const shipment = await buildShipment(ctx.db, order);
    const dispute = await buildDispute(ctx.db, order);
    const track = lookupToken(TEST_SECRET, ctx.config, order.id);
    const admin = await buildSupportUser(ctx, { role: 'admin' });
    const client = await new ConsoleClient(server.url).login(admin.email, admin.password);
    csrf = await client.csrfFor('/support/blocks');
    consoleCookie = [...client.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
    targets = [
      { method: 'GET', path: '/track', fields: ['order', 'email'] },
      { method: 'GET', path: `/track/${track}`, fields: [] },
      { method: 'GET', path: '/track/%FF%00', fields: [] },
      { method: 'GET', path: '/api/v1/lookup', fields: ['order', 'email', 'postal_code'] },
      { method: 'GET', path: notReceivedPath(track, shipment.id), fields: [] },
      { method: 'POST', path: notReceivedPath(track, shipment.id), fields: ['form_token', 'reason', 'details', 'email'] },
      { method: 'GET', path: `/address/${addressToken(TEST_SECRET, ctx.config, dispute.id)}`, fields: ['answer'] },
      { method: 'POST', path: `/address/${addressToken(TEST_SECRET, ctx.config, dispute.id)}`, fields: ['answer', 'line1', 'city', 'zip'] },
      { method: 'GET', path: `/email/opt-out/${optOutToken(TEST_SECRET, order.email ?? 'a@b.c')}`, fields: [] },
      { method: 'POST', path: `/email/opt-out/${optOutToken(TEST_SECRET, order.email ?? 'a@b.c')}`, fields: ['List-Unsubscribe'] },
      { method: 'POST', path: '/webhooks/shopify', fields: ['id'] },
      { method: 'POST', path: '/webhooks/easypost', fields: ['id', 'result'] },
      { method: 'GET', path: '/support/login', fields: ['next'] },
      { method: 'POST', path: '/support/login', fields: ['email', 'password', '_csrf'] },
      { method: 'GET', path: '/healthz', fields: [] },
      { method: 'GET', path: '/readyz', fields: [] },
      { method: 'GET', path: '/metrics', fields: [] },
      { method: 'GET', path: '/nowhere/%E0%A4%A', fields: [] },
      { method: 'GET', path: '/support/analytics', fields: ['period', 'from', 'to', 'carrier', 'service', 'scope', 'country'], console: true },
      { method: 'GET', path: '/support/analytics.csv', fields: ['period', 'from', 'to', 'table'], console: true },
      { method: 'GET', path: '/support/search', fields: ['q', 'status', 'page'], console: true },
      { method: 'GET', path: `/support/shipments/${shipment.id}`, fields: ['done'], console: true },
      { method: 'POST', path: '/support/blocks', fields: ['kind', 'value', 'level', 'reason', 'expires'], console: true },
      { method: 'GET', path: '/api/v1/support/lookup', fields: ['order', 'email'] },
    ];
  });
  after(async () => {
    await server?.close();
    await ctx?.close();
  });

  it('answers the requests that once got a 500 with a 400 or 413 in the common error shape', async () => {
    const post = (path: string, type: string, body: string) => fetch(`${server.url}${path}`, { method: 'POST', headers: { 'content-type': type, cookie: consoleCookie }, body });
    const cases: Array<[Promise<Response>, number, string]> = [
      [fetch(`${server.url}/track?order=1&email=a@b.c&email=d@e.f`), 400, 'given more than once'],
      [fetch(`${server.url}/api/v1/lookup?order=1&order=2&email=a@b.c`), 400, 'given more than once'],
      [post('/support/login', 'application/json', nested(100_000, '{"a":', '}')), 400, 'nests deeper'],
      [post('/support/blocks', 'application/x-www-form-urlencoded', Array.from({ length: 2_000 }, (_, i) => `f${i}=1`).join('&')), 413, 'too many fields'],
      [fetch(`${server.url}/support/analytics?from=0000-01-01&to=0000-01-03`, { headers: { cookie: consoleCookie, accept: 'application/json' } }), 400, 'calendar date'],
    ];
    for (const [answer, status, message] of cases) {
      const res = await answer;
      expect(res.status, res.url).to.equal(status);
      const text = await res.text();
      if (res.headers.get('content-type')?.includes('json')) expect((JSON.parse(text) as { error: { message: string } }).error.message).to.include(message);
      else expect(text).to.include(message);
    }
  });

  it(`answers every one with a 4xx or better, and no stack trace (seed ${SEED})`, async () => {
    const r = randomFrom(SEED);
    const attempts = Array.from({ length: REQUESTS }, () => {
      const target = r.pick(targets);
      return { target, attempt: hostileRequest(r, target, csrf) };
    });
    const failures: string[] = [];
    const agent = new Agent({ keepAlive: true, maxSockets: PARALLEL });
    let index = 0;
    const worker = async () => {
      while (index < attempts.length) {
        const { target, attempt } = attempts[index++];
        const res = await send(server.url, agent, attempt, target.console ? consoleCookie : undefined);
        const stack = /\n\s+at |\/[\w.-]+\/[\w.-]+\.[jt]s\b|node_modules/.exec(res.body);
        if (res.status >= 500 || stack) failures.push(`${res.status} ${attempt.method} ${attempt.path.slice(0, 160)} ${attempt.headers['content-type'] ?? ''} ${(attempt.body?.toString() ?? '').slice(0, 60)} -> ${res.body.slice(0, 120).replace(/\s+/g, " ")}`);
      }
    };
    await Promise.all(Array.from({ length: PARALLEL }, worker));
    agent.destroy();
    if (failures.length > 0) console.log(`fuzz seed ${SEED}: ${failures.length} of ${REQUESTS} failed\n${failures.slice(0, 100).join('\n')}`);
    expect(failures, `seed ${SEED}`).to.have.length(0);
    expect(loggedErrors.map((line) => line.slice(0, 300)), `seed ${SEED}`).to.have.length(0);
  });
});
