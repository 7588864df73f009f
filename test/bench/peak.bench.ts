import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { openDatabase } from '../../db/database.ts';
import { migrateToLatest } from '../../db/migrator.ts';
import { ensureShop } from '../../db/shops.repository.ts';
import { parseConfig } from '../../core/config.ts';
import { seedFromTemplate } from '../../runtime/database-template.ts';
import { freePort } from '../support/http.ts';
import { projectRoot } from '../support/process.ts';
import { cpuSecondsOf, firstLine, messageFrom, peakRssMb, startBenchProcess, stopAll, type BenchProcess } from './support/bench-processes.ts';
import { FIRST_NUMBER, benchShopper } from './support/lookup-seed.ts';
import { request, runOpenLoop, type Stream } from './support/open-loop.ts';
import { effectsSeen, seedPeak, updateTargets } from './support/peak-seed.ts';
import { peakUpdate } from './support/peak-updates.ts';
import { allExpectedArrived, backlogOf, emailFigures, failuresOf, latency, lostOf, round, type Email, type SentFulfillment, type SentUpdate } from './support/peak-report.ts';

// A peak hour, compressed, on one machine: an open-loop load (constant arrival rates, each latency
// counted from the request's scheduled moment, so a queue in the server shows) of Shopify
// fulfillments/create webhooks (sent by the sandbox shop in its own process), EasyPost tracker.updated
// webhooks for a shop with many shipments already tracked, shoppers' lookups (half the page, half the
// JSON API) and a /healthz probe twice a second. The service runs as in production: `npm start`'s one
// process on the embedded database, or with DATABASE_URL one web and two worker processes on
// PostgreSQL (in a database of its own that it creates and drops). Emails go to a local SMTP sink.
//
//   npm run bench:peak [-- --shipments 50000 --seconds 120 --fulfillments 10 --updates 20 --lookups 20 --profile]
//
// --profile writes CPU profiles of the server processes (burst and drain) to test-output/profiles/.

const { values: args } = parseArgs({
  options: {
    shipments: { type: 'string', default: '50000' },
    seconds: { type: 'string', default: '120' },
    fulfillments: { type: 'string', default: '10' },
    updates: { type: 'string', default: '20' },
    lookups: { type: 'string', default: '20' },
    'drain-limit': { type: 'string', default: '600' },
    profile: { type: 'boolean', default: false },
  },
});
const [shipments, seconds, fulfillmentRate, updateRate, lookupRate, drainLimitS] = [args.shipments, args.seconds, args.fulfillments, args.updates, args.lookups, args['drain-limit']].map(Number);
const runId = randomBytes(4).toString('hex');
const SHOP = 'whereabouts-peak-bench.myshopify.com';
const secrets = { shopify: `shpss_${runId}`, token: `shpat_${runId}`, easypost: `whsec_${runId}`, key: randomBytes(32).toString('base64url'), metrics: randomBytes(24).toString('base64url') };
const load = () => `load ${loadavg().map((n) => n.toFixed(2)).join(' ')}`;

// The database: a throwaway data dir, or a database of its own on the given PostgreSQL.
const dataDir = mkdtempSync(path.join(tmpdir(), 'whereabouts-peak-bench-'));
const serverUrl = process.env.DATABASE_URL;
const databaseUrl = serverUrl ? Object.assign(new URL(serverUrl), { pathname: `/whereabouts_peak_${runId}` }).toString() : undefined;
const adminQuery = async (text: string) => {
  const client = new pg.Client({ connectionString: serverUrl });
  await client.connect();
  await client.query(text).finally(() => client.end());
};
if (serverUrl) await adminQuery(`create database whereabouts_peak_${runId}`);
const dbConfig = parseConfig({ DATABASE_URL: databaseUrl, DATA_DIR: dataDir });
const servers: BenchProcess[] = [];
const profileDir = path.join(projectRoot, 'test-output/profiles');
type LoopReport = { loop: { p50: number; p99: number; max: number } };

try {
  const seedStarted = performance.now();
  const database = await openDatabase(dbConfig, seedFromTemplate);
  try {
    await migrateToLatest(database.db);
    await seedPeak(database.db, (await ensureShop(database.db, SHOP, 'Peak bench')).id, shipments, new Date());
  } finally {
    await database.close();
  }
  console.log(`seeded ${shipments} shipments in ${round((performance.now() - seedStarted) / 1000)} s (${database.kind}); ${load()}`);

  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const carrier = startBenchProcess('carrier', 'sandbox-carrier.process.ts', ['--latency', '50', '--key', 'EZTK_peak']);
  const shopProcess = startBenchProcess('shop', 'sandbox-shop.process.ts', ['--domain', SHOP, '--token', secrets.token, '--secret', secrets.shopify, '--webhook-url', `${url}/webhooks/shopify`]);
  const sink = startBenchProcess('smtp', 'smtp-sink.process.ts', []);
  const [{ baseUrl }, { origin }, { url: smtpUrl }] = await Promise.all([firstLine<{ baseUrl: string }>(carrier), firstLine<{ origin: string }>(shopProcess), firstLine<{ url: string }>(sink)]);
  const emails: Email[] = [];
  void (async () => {
    for (let line = await sink.lines.next(); !line.done; line = await sink.lines.next()) emails.push(JSON.parse(line.value) as Email);
  })();

  const env = {
    NODE_ENV: 'production',
    LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn',
    HOST: '127.0.0.1',
    PORT: String(port),
    PUBLIC_URL: url,
    DATA_DIR: dataDir,
    ...(databaseUrl ? { DATABASE_URL: databaseUrl } : {}),
    SHOPIFY_SHOP: SHOP,
    SHOP_NAME: 'Peak bench',
    SHOPIFY_ADMIN_ACCESS_TOKEN: secrets.token,
    SHOPIFY_API_SECRET: secrets.shopify,
    SHOPIFY_ADMIN_API_URL: origin,
    // Subscriptions are made once when a worker starts, not during a peak.
    SUBSCRIBE_WEBHOOKS: 'false',
    EASYPOST_API_KEY: 'EZTK_peak',
    EASYPOST_BASE_URL: baseUrl,
    EASYPOST_WEBHOOK_SECRET: secrets.easypost,
    SMTP_URL: smtpUrl,
    SECRET_KEY: secrets.key,
    LOOKUP_RATE_EXEMPT_IPS: '127.0.0.1',
    // Production serves /metrics to a bearer of METRICS_TOKEN only.
    METRICS_TOKEN: secrets.metrics,
    METRICS_GAUGE_SECONDS: '1',
  };
  if (args.profile) mkdirSync(profileDir, { recursive: true });
  const stamp = new Date().toISOString().replace(/[:.]/g, '-');
  for (const [i, role] of (databaseUrl ? ['web', 'worker', 'worker'] : ['all']).entries()) {
    const profile = args.profile ? ['--cpu-profile', path.join(profileDir, `peak-${database.kind}-${role}${i}-${stamp}.cpuprofile`)] : [];
    servers.push(startBenchProcess(`${role}${i}`, 'service.process.ts', ['--role', role, ...profile], env));
  }
  await Promise.all(servers.map((server) => messageFrom(server, (m) => m === 'ready', 180_000)));
  await new Promise((resolve) => setTimeout(resolve, 2000));

  // The burst.
  const count = Math.round(updateRate * seconds);
  const targets = updateTargets(shipments, count);
  const sentUpdates: Pick<SentUpdate, 'emailTo' | 'scan' | 'eventId'>[] = [];
  const streams: Stream[] = [
    {
      name: 'updates',
      perSecond: updateRate,
      send: (i, scheduledAt) => {
        const update = peakUpdate(i, targets[i], new Date(scheduledAt), secrets.easypost, runId);
        sentUpdates[i] = { emailTo: update.emailTo, scan: update.scan, eventId: update.eventId };
        return request(`${url}/webhooks/easypost`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-hmac-signature': update.signature }, body: update.body, timeoutMs: 30_000 });
      },
    },
    {
      name: 'lookups',
      perSecond: lookupRate,
      send: (i) => {
        const { order, email } = benchShopper(FIRST_NUMBER + Math.floor(Math.random() * shipments));
        const query = `order=${order}&email=${encodeURIComponent(email)}`;
        return request(i % 2 === 0 ? `${url}/track?${query}` : `${url}/api/v1/lookup?${query}`, { timeoutMs: 30_000 });
      },
    },
    { name: 'healthz', perSecond: 2, send: () => request(`${url}/healthz`, { timeoutMs: 30_000 }) },
  ];
  for (const server of servers) {
    server.child.send('loop:reset');
    if (args.profile) server.child.send('profile:start');
  }
  const cpuAtStart = servers.map((s) => cpuSecondsOf(s.child.pid!));
  const startAt = Date.now() + 500;
  const burstEnd = startAt + seconds * 1000;
  shopProcess.child.send({ fulfil: { startAt, perSecond: fulfillmentRate, seconds } });
  const results = await runOpenLoop(streams, startAt, seconds);
  const fulfilled = (await messageFrom<{ fulfilled: SentFulfillment[] }>(shopProcess, (m) => typeof m === 'object' && m !== null && 'fulfilled' in m)).fulfilled;
  const updates: SentUpdate[] = results.get('updates')!.map((o, i) => ({ ...o, ...sentUpdates[i] }));
  console.log(`burst over; ${load()}`);

  // The drain: until no job is queued or active and every email the updates called for has arrived.
  let drainedAt: number | undefined;
  while (Date.now() - burstEnd < drainLimitS * 1000) {
    // A server too busy to answer a scrape has not drained.
    const backlog = await fetch(`${url}/metrics`, { headers: { authorization: `Bearer ${secrets.metrics}` }, signal: AbortSignal.timeout(30_000) }).then((res) => res.text()).then(backlogOf, () => Number.NaN);
    if (backlog === 0 && allExpectedArrived(updates, emails)) {
      drainedAt = Date.now();
      break;
    }
    await new Promise((resolve) => setTimeout(resolve, 1000));
  }
  const drainS = ((drainedAt ?? Date.now()) - burstEnd) / 1000;
  const loops: LoopReport[] = [];
  for (const server of servers) {
    server.child.send('loop:report');
    loops.push(await messageFrom<LoopReport>(server, (m) => typeof m === 'object' && m !== null && 'loop' in m));
    if (args.profile) {
      server.child.send('profile:stop');
      await messageFrom(server, (m) => m === 'profile:written');
    }
  }
  const rss = servers.map((s) => peakRssMb(s.child.pid!));
  const cpu = servers.map((s, i) => (cpuSecondsOf(s.child.pid!) - cpuAtStart[i]) / ((Date.now() - startAt) / 1000));
  for (const server of servers) server.child.kill('SIGTERM');
  await Promise.all(servers.map((s) => s.exited));

  const after = await openDatabase(dbConfig);
  const seen = await effectsSeen(after.db, (await ensureShop(after.db, SHOP, 'Peak bench')).id, fulfilled.map((f) => f.trackingCode)).finally(() => after.close());

  const webhooks = [...fulfilled, ...updates];
  const ack = latency(webhooks);
  const lookups = results.get('lookups')!;
  const look = latency(lookups);
  const health = latency(results.get('healthz')!);
  const mail = emailFigures(updates, emails);
  const lost = lostOf(fulfilled, updates, seen);
  const maxSendLag = Math.max(...[...results.values()].flat().map((o) => o.sendLagMs));
  // The sandbox shop sends the fulfillment webhooks from its own process, which also answers the
  // service's Admin API calls: how late it sent one is its own lag, and part of the Shopify ack figures.
  const shopMaxSendLag = Math.max(0, ...fulfilled.map((o) => o.sendLagMs));
  for (const [name, outcomes] of [['webhooks', webhooks], ['lookups', lookups], ['healthz', results.get('healthz')!]] as const) {
    const { failed, detail } = failuresOf(outcomes);
    if (failed > 0) console.log(`${name}: ${failed} of ${outcomes.length} failed (${detail})`);
  }
  console.log(
    `database=${database.kind} processes=${servers.map((s) => s.name).join(',')} shipments=${shipments} seconds=${seconds} ` +
      `fulfillments_per_s=${fulfillmentRate} updates_per_s=${updateRate} lookups_per_s=${lookupRate} ${load()} generator_max_lag_ms=${maxSendLag} shop_max_lag_ms=${shopMaxSendLag}`,
  );
  console.log(
    `webhook_ack_p50_ms=${ack.p50} webhook_ack_max_ms=${ack.max} shopify_ack_p99_ms=${latency(fulfilled).p99} easypost_ack_p99_ms=${latency(updates).p99} ` +
      `lookup_p50_ms=${look.p50} page_p99_ms=${latency(lookups.filter((_, i) => i % 2 === 0)).p99} api_p99_ms=${latency(lookups.filter((_, i) => i % 2 === 1)).p99} healthz_p50_ms=${health.p50}`,
  );
  console.log(
    `accepted: fulfillments=${lost.fulfillmentsAccepted}/${fulfilled.length} updates=${lost.updatesAccepted}/${updates.length}; lost: fulfillments=${lost.fulfillmentsLost} updates=${lost.updatesLost}; not applied yet (job still queued): ${lost.stillQueued}; ` +
      `emails: expected=${mail.expected} arrived=${mail.arrived} unexpected=${mail.unexpected}${mail.unexpected ? ` (${mail.unexpectedSubjects})` : ''} notify_lag_p50_s=${round(mail.lagP50S)} last_email_after_burst_s=${round((mail.lastArrivalAt - burstEnd) / 1000)}; drained=${drainedAt !== undefined}`,
  );
  console.log(
    servers.map((s, i) => `${s.name}: event_loop_delay_p50_ms=${loops[i].loop.p50} p99_ms=${loops[i].loop.p99} max_ms=${loops[i].loop.max} cpu_per_s=${round(cpu[i], 2)} rss_peak_mb=${Math.round(rss[i])}`).join('; '),
  );
  if (args.profile) console.log(`cpu profiles: ${path.relative(projectRoot, profileDir)}/peak-${database.kind}-*-${stamp}.cpuprofile`);
  console.log(
    `bench:peak database=${database.kind} webhook_ack_p99_ms=${ack.p99} lookup_p99_ms=${look.p99} healthz_p99_ms=${health.p99} ` +
      `notify_lag_p95_s=${round(mail.lagP95S)} drain_s=${round(drainS)} lost=${lost.fulfillmentsLost + lost.updatesLost} duplicates=${mail.duplicates} rss_mb=${Math.round(rss.reduce((a, b) => a + b, 0))}`,
  );
} finally {
  await stopAll();
  rmSync(dataDir, { recursive: true, force: true });
  if (serverUrl) await adminQuery(`drop database if exists whereabouts_peak_${runId} with (force)`);
}
