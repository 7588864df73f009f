import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { openDatabase } from '../../../db/database.ts';
import { migrateToLatest } from '../../../db/migrator.ts';
import { ensureShop } from '../../../db/shops.repository.ts';
import { parseConfig } from '../../../core/config.ts';
import { seedFromTemplate } from '../../../runtime/database-template.ts';
import { freePort } from '../../support/http.ts';
import { projectRoot } from '../../support/process.ts';
import { cpuSecondsOf, firstLine, messageFrom, peakRssMb, startBenchProcess, stopAll, type BenchProcess } from './bench-processes.ts';
import { FIRST_NUMBER, benchShopper } from './lookup-seed.ts';
import { request, runOpenLoop, type Outcome, type Stream } from './open-loop.ts';
import { effectsSeen, seedPeak, updateTargets } from './peak-seed.ts';
import { peakUpdate } from './peak-updates.ts';
import { allExpectedArrived, backlogOf, emailFigures, lostOf, type Email, type SentFulfillment, type SentUpdate } from './peak-report.ts';

// A peak hour, compressed, on one machine: an open-loop load (constant arrival rates, each latency
// counted from the request's scheduled moment, so a queue in the server shows) of Shopify
// fulfillments/create webhooks (sent by the sandbox shop in its own process), EasyPost tracker.updated
// webhooks for a shop with many shipments already tracked, shoppers' lookups (half the page, half the
// JSON API) and a /healthz probe twice a second. The service runs as in production: `npm start`'s one
// process on the embedded database, or with a database URL one web and two worker processes on
// PostgreSQL (in a database of its own that it creates and drops). Emails go to a local SMTP sink.
// A fault may be injected during the burst (bench:peak runs none; the database fault tests kill the
// server), and the run then waits for everything the accepted webhooks call for.

export interface PeakOptions {
  shipments: number;
  seconds: number;
  fulfillmentsPerSecond: number;
  updatesPerSecond: number;
  lookupsPerSecond: number;
  drainLimitS: number;
  // A PostgreSQL server's URL: the run creates a database of its own on it. Without: the embedded one.
  serverUrl?: string;
  profile?: boolean;
  // The service's LOG_LEVEL (default: the environment's, or warn).
  logLevel?: string;
  // Progress lines (seeding, the burst's end).
  log?: (line: string) => void;
  // Runs `atS` seconds into the burst, while the load goes on.
  fault?: { atS: number; run: (servers: BenchProcess[]) => Promise<void> };
}

export type LoopReport = { loop: { p50: number; p99: number; max: number } };

export interface PeakResult {
  databaseKind: string;
  servers: BenchProcess[];
  burstEnd: number;
  drained: boolean;
  drainS: number;
  fulfilled: SentFulfillment[];
  updates: SentUpdate[];
  lookups: Outcome[];
  healthz: Outcome[];
  emails: Email[];
  loops: LoopReport[];
  rssMb: number[];
  cpuPerS: number[];
  exitCodes: Array<number | null>;
  // What each service process logged (its JSON lines, the last 2,000).
  serverLogs: string[][];
  lost: ReturnType<typeof lostOf>;
  mail: ReturnType<typeof emailFigures>;
  profileDir: string;
  stamp: string;
}

export const load = () => `load ${loadavg().map((n) => n.toFixed(2)).join(' ')}`;

export async function runPeak(options: PeakOptions): Promise<PeakResult> {
  const { shipments, seconds, serverUrl, log = () => {} } = options;
  const runId = randomBytes(4).toString('hex');
  const SHOP = 'whereabouts-peak-bench.myshopify.com';
  const secrets = { shopify: `shpss_${runId}`, token: `shpat_${runId}`, easypost: `whsec_${runId}`, key: randomBytes(32).toString('base64url'), metrics: randomBytes(24).toString('base64url') };

  // The database: a throwaway data dir, or a database of its own on the given PostgreSQL.
  const dataDir = mkdtempSync(path.join(tmpdir(), 'whereabouts-peak-bench-'));
  const databaseUrl = serverUrl ? Object.assign(new URL(serverUrl), { pathname: `/whereabouts_peak_${runId}` }).toString() : undefined;
  const adminQuery = async (text: string) => {
    const client = new pg.Client({ connectionString: serverUrl });
    client.on('error', () => {});
    await client.connect();
    await client.query(text).finally(() => client.end());
  };
  if (serverUrl) await adminQuery(`create database whereabouts_peak_${runId}`);
  const dbConfig = parseConfig({ DATABASE_URL: databaseUrl, DATA_DIR: dataDir });
  const servers: BenchProcess[] = [];
  const profileDir = path.join(projectRoot, 'test-output/profiles');

  try {
    const seedStarted = performance.now();
    const database = await openDatabase(dbConfig, seedFromTemplate);
    try {
      await migrateToLatest(database.db);
      await seedPeak(database.db, (await ensureShop(database.db, SHOP, 'Peak bench')).id, shipments, new Date());
    } finally {
      await database.close();
    }
    log(`seeded ${shipments} shipments in ${((performance.now() - seedStarted) / 1000).toFixed(1)} s (${database.kind}); ${load()}`);

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
      LOG_LEVEL: options.logLevel ?? process.env.LOG_LEVEL ?? 'warn',
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
    if (options.profile) mkdirSync(profileDir, { recursive: true });
    const stamp = new Date().toISOString().replace(/[:.]/g, '-');
    for (const [i, role] of (databaseUrl ? ['web', 'worker', 'worker'] : ['all']).entries()) {
      const profile = options.profile ? ['--cpu-profile', path.join(profileDir, `peak-${database.kind}-${role}${i}-${stamp}.cpuprofile`)] : [];
      servers.push(startBenchProcess(`${role}${i}`, 'service.process.ts', ['--role', role, ...profile], env));
    }
    const serverLogs = servers.map((server) => {
      const lines: string[] = [];
      void (async () => {
        for (let line = await server.lines.next(); !line.done; line = await server.lines.next()) if (lines.push(line.value) > 2000) lines.shift();
      })();
      return lines;
    });
    await Promise.all(servers.map((server) => messageFrom(server, (m) => m === 'ready', 180_000)));
    await new Promise((resolve) => setTimeout(resolve, 2000));

    // The burst.
    const count = Math.round(options.updatesPerSecond * seconds);
    const targets = updateTargets(shipments, count);
    const sentUpdates: Pick<SentUpdate, 'emailTo' | 'scan' | 'eventId'>[] = [];
    const streams: Stream[] = [
      {
        name: 'updates',
        perSecond: options.updatesPerSecond,
        send: (i, scheduledAt) => {
          const update = peakUpdate(i, targets[i], new Date(scheduledAt), secrets.easypost, runId);
          sentUpdates[i] = { emailTo: update.emailTo, scan: update.scan, eventId: update.eventId };
          return request(`${url}/webhooks/easypost`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-hmac-signature': update.signature }, body: update.body, timeoutMs: 30_000 });
        },
      },
      {
        name: 'lookups',
        perSecond: options.lookupsPerSecond,
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
      if (options.profile) server.child.send('profile:start');
    }
    const cpuAtStart = servers.map((s) => cpuSecondsOf(s.child.pid!));
    const startAt = Date.now() + 500;
    const burstEnd = startAt + seconds * 1000;
    shopProcess.child.send({ fulfil: { startAt, perSecond: options.fulfillmentsPerSecond, seconds } });
    const fault = options.fault ? new Promise((resolve) => setTimeout(resolve, startAt + options.fault!.atS * 1000 - Date.now())).then(() => options.fault!.run(servers)) : undefined;
    const results = await runOpenLoop(streams, startAt, seconds);
    await fault;
    const fulfilled = (await messageFrom<{ fulfilled: SentFulfillment[] }>(shopProcess, (m) => typeof m === 'object' && m !== null && 'fulfilled' in m)).fulfilled;
    const updates: SentUpdate[] = results.get('updates')!.map((o, i) => ({ ...o, ...sentUpdates[i] }));
    log(`burst over; ${load()}`);

    // The drain: until no job is queued or active and every email the updates called for has arrived.
    let drainedAt: number | undefined;
    while (Date.now() - burstEnd < options.drainLimitS * 1000) {
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
      if (options.profile) {
        server.child.send('profile:stop');
        await messageFrom(server, (m) => m === 'profile:written');
      }
    }
    const rssMb = servers.map((s) => peakRssMb(s.child.pid!));
    const cpuPerS = servers.map((s, i) => (cpuSecondsOf(s.child.pid!) - cpuAtStart[i]) / ((Date.now() - startAt) / 1000));
    // Still running: no process died on the way (a fault included).
    const exitCodes = servers.map((s) => s.child.exitCode);
    for (const server of servers) server.child.kill('SIGTERM');
    await Promise.all(servers.map((s) => s.exited));

    const after = await openDatabase(dbConfig);
    const seen = await effectsSeen(after.db, (await ensureShop(after.db, SHOP, 'Peak bench')).id, fulfilled.map((f) => f.trackingCode)).finally(() => after.close());
    return {
      databaseKind: database.kind,
      servers,
      burstEnd,
      drained: drainedAt !== undefined,
      drainS,
      fulfilled,
      updates,
      lookups: results.get('lookups')!,
      healthz: results.get('healthz')!,
      emails,
      loops,
      rssMb,
      cpuPerS,
      exitCodes,
      serverLogs,
      lost: lostOf(fulfilled, updates, seen),
      mail: emailFigures(updates, emails),
      profileDir,
      stamp,
    };
  } finally {
    await stopAll();
    rmSync(dataDir, { recursive: true, force: true });
    if (serverUrl) await adminQuery(`drop database if exists whereabouts_peak_${runId} with (force)`);
  }
}
