import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import type { Db } from '../../db/database.ts';
import { parseConfig } from '../../core/config.ts';
import { createSupportUser } from '../../domain/console/users.ts';
import { ConsoleClient } from '../server/support/console-client.ts';
import { freePort } from '../support/http.ts';
import { projectRoot, waitForReady } from '../support/process.ts';
import { removeAnalytics, seedAnalytics } from './support/analytics-seed.ts';
import { benchServiceEnv, cleanUpBenchShop, seedBenchShop } from './support/bench-database.ts';

// How long the console's analytics page takes to render for a year of a shop's parcels: a signed-in
// agent asks for the last 30 days (the default), the last 90 days, and 30 days filtered to one
// carrier, one request at a time, as a person would. The server runs in a child process, as in
// production. Runs on PostgreSQL when DATABASE_URL is set (a shop of its own, removed afterwards),
// else on a throwaway embedded database.
//
//   npm run bench:analytics [-- --shipments 1000000 --requests 15]

const { values: args } = parseArgs({ options: { shipments: { type: 'string', default: '1000000' }, requests: { type: 'string', default: '15' } } });
const shipments = Number(args.shipments);
const requests = Number(args.requests);
const here = path.dirname(fileURLToPath(import.meta.url));
const BENCH_SHOP = 'whereabouts-analytics-bench.myshopify.com';
const password = randomBytes(18).toString('base64url');

const dataDir = mkdtempSync(path.join(tmpdir(), 'whereabouts-analytics-bench-'));
const dbConfig = parseConfig({ DATABASE_URL: process.env.DATABASE_URL, DATA_DIR: dataDir });
const removeBenchShop = async (db: Db, shopId: string) => {
  await removeAnalytics(db, shopId);
  await db.deleteFrom('support_users').where('shop_id', '=', shopId).execute();
};
const { shop, kind: databaseKind, seedSeconds } = await seedBenchShop(dbConfig, { domain: BENCH_SHOP, name: 'Analytics bench' }, async (db, benchShop) => {
  await removeBenchShop(db, benchShop.id);
  await seedAnalytics(db, benchShop.id, shipments, new Date());
  await createSupportUser(db, benchShop.id, { email: 'bench@shop.example', role: 'agent', password }, { userId: null, name: 'bench' });
});

const port = await freePort();
const url = `http://127.0.0.1:${port}`;
const child = spawn(process.execPath, [path.join(here, 'support/service.process.ts')], {
  cwd: projectRoot,
  env: {
    ...benchServiceEnv(dbConfig, port, { domain: BENCH_SHOP, name: 'Analytics bench' }),
    SHOP_TIME_ZONE: 'America/New_York',
  },
  stdio: ['ignore', 'ignore', 'pipe'],
});
let serverOutput = '';
child.stderr!.on('data', (chunk) => (serverOutput += chunk));
const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))];
const timings: Record<string, number[]> = {};
try {
  await waitForReady(url, 60_000, { child, output: () => serverOutput, exited });
  const agent = await new ConsoleClient(url).login('bench@shop.example', password);
  const pages = { last30: '/support/analytics', last90: '/support/analytics?period=90', ups30: '/support/analytics?period=30&carrier=UPS' };
  for (const [name, page] of Object.entries(pages)) {
    const first = await agent.get(page);
    if (first.status !== 200) throw new Error(`${page} answered ${first.status}: ${(await first.text()).slice(0, 500)}`);
    await first.text();
    timings[name] = [];
    for (let i = 0; i < requests; i++) {
      const started = performance.now();
      const res = await agent.get(page);
      await res.text();
      if (res.status !== 200) throw new Error(`${page} answered ${res.status}`);
      timings[name].push(performance.now() - started);
    }
    timings[name].sort((a, b) => a - b);
  }
} catch (error) {
  if (serverOutput) console.error(serverOutput.slice(-4000));
  throw error;
} finally {
  if (child.exitCode === null) child.kill('SIGTERM');
  await exited;
  await cleanUpBenchShop(dbConfig, (db) => removeBenchShop(db, shop.id));
}

const ms = (n: number) => Math.round(n);
console.log(
  `shipments=${shipments} database=${databaseKind} seed_s=${seedSeconds.toFixed(1)} requests=${requests} ` +
    Object.entries(timings)
      .map(([name, t]) => `${name}_p50_ms=${ms(percentile(t, 0.5))} ${name}_p90_ms=${ms(percentile(t, 0.9))}`)
      .join(' '),
);
console.log(
  `bench:analytics shipments=${shipments} database=${databaseKind} p50_ms=${ms(percentile(timings.last30, 0.5))} p90_ms=${ms(percentile(timings.last30, 0.9))} ` +
    `period_90_p50_ms=${ms(percentile(timings.last90, 0.5))} carrier_p50_ms=${ms(percentile(timings.ups30, 0.5))}`,
);
