import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
import { parseConfig } from '../../core/config.ts';
import { freePort } from '../support/http.ts';
import { projectRoot, waitForReady } from '../support/process.ts';
import { benchServiceEnv, cleanUpBenchShop, seedBenchShop } from './support/bench-database.ts';
import { cpuSecondsOf } from './support/bench-processes.ts';
import { benchShopper, FIRST_NUMBER, removeLookups, seedLookups } from './support/lookup-seed.ts';

// Throughput and latency of the shopper's lookup (GET /api/v1/lookup) over many seeded orders, next to
// the cheapest route the same server has (GET /healthz). The server runs in a child process, as in
// production (rate limits exempt the benchmark's address through LOOKUP_RATE_EXEMPT_IPS only); the
// load comes from autocannon in this process. Runs on PostgreSQL when DATABASE_URL is set (a shop of
// its own, whose rows it removes afterwards), else on a throwaway embedded database.
//
//   npm run bench:lookup [-- --orders 100000 --seconds 10 --connections 50 --warmup 2 --profile]
//
// --profile writes a CPU profile of the server during the measured lookup run to
// test-output/profiles/ (open it in Chrome DevTools or VS Code). LOG_LEVEL (default info, as in
// production) sets the server's logging; its log lines are discarded.

const { values: args } = parseArgs({
  options: {
    orders: { type: 'string', default: '100000' },
    seconds: { type: 'string', default: '10' },
    connections: { type: 'string', default: '50' },
    warmup: { type: 'string', default: '2' },
    profile: { type: 'boolean', default: false },
  },
});
const orders = Number(args.orders);
const seconds = Number(args.seconds);
const connections = Number(args.connections);
const warmupSeconds = Number(args.warmup);
const here = path.dirname(fileURLToPath(import.meta.url));
const BENCH_SHOP = 'whereabouts-lookup-bench.myshopify.com';

const dataDir = mkdtempSync(path.join(tmpdir(), 'whereabouts-lookup-bench-'));
const dbConfig = parseConfig({ DATABASE_URL: process.env.DATABASE_URL, DATA_DIR: dataDir });
const { shop, kind: databaseKind, seedSeconds } = await seedBenchShop(dbConfig, { domain: BENCH_SHOP, name: 'Lookup bench' }, async (db, benchShop) => {
  await removeLookups(db, benchShop.id);
  await seedLookups(db, benchShop.id, orders);
});

const port = await freePort();
const url = `http://127.0.0.1:${port}`;
const profileDir = path.join(projectRoot, 'test-output/profiles');
const profileFile = path.join(profileDir, `lookup-${databaseKind}-${new Date().toISOString().replace(/[:.]/g, '-')}.cpuprofile`);
if (args.profile) mkdirSync(profileDir, { recursive: true });
const child = spawn(process.execPath, [path.join(here, 'support/service.process.ts'), ...(args.profile ? ['--cpu-profile', profileFile] : [])], {
  cwd: projectRoot,
  env: {
    ...benchServiceEnv(dbConfig, port, { domain: BENCH_SHOP, name: 'Lookup bench' }),
    LOOKUP_RATE_EXEMPT_IPS: '127.0.0.1',
  },
  stdio: ['ignore', 'ignore', 'pipe', ...(args.profile ? (['ipc'] as const) : [])],
});
let serverOutput = '';
child.stderr!.on('data', (chunk) => (serverOutput += chunk));
const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
const messages: string[] = [];
child.on('message', (message) => messages.push(String(message)));

async function stopServer(): Promise<void> {
  if (child.exitCode === null) child.kill('SIGTERM');
  await exited;
}

// Any seeded order, found by its number with or without "#", and its email in lower case.
function randomLookup(request: autocannon.Request): autocannon.Request {
  const number = FIRST_NUMBER + Math.floor(Math.random() * orders);
  const { order, email } = benchShopper(number);
  const reference = number % 2 === 0 ? `%23${order}` : order;
  return { ...request, path: `/api/v1/lookup?order=${reference}&email=${encodeURIComponent(email)}` };
}

const load = (path: string, duration: number) =>
  autocannon({ url, connections, duration, ...(path === 'lookup' ? { requests: [{ method: 'GET', setupRequest: randomLookup }] } : { url: `${url}${path}` }) });

let lookup: autocannon.Result;
let healthz: autocannon.Result;
let serverCpuSeconds: number;
try {
  await waitForReady(url, 60_000, { child, output: () => serverOutput, exited });
  if (warmupSeconds > 0) await load('lookup', warmupSeconds);
  if (args.profile) child.send('profile:start');
  const cpuAtStart = cpuSecondsOf(child.pid!);
  lookup = await load('lookup', seconds);
  serverCpuSeconds = cpuSecondsOf(child.pid!) - cpuAtStart;
  if (args.profile) {
    child.send('profile:stop');
    while (!messages.includes('profile:written')) await new Promise((resolve) => setTimeout(resolve, 50));
  }
  healthz = await load('/healthz', seconds);
} finally {
  await stopServer();
  await cleanUpBenchShop(dbConfig, (db) => removeLookups(db, shop.id));
}

const failures = lookup.non2xx + lookup.errors + lookup.timeouts;
if (failures > 0) {
  console.error(`lookup failures: non2xx=${lookup.non2xx} errors=${lookup.errors} timeouts=${lookup.timeouts} status_codes=${JSON.stringify(lookup.statusCodeStats ?? {})}`);
  if (serverOutput) console.error(serverOutput.slice(-4000));
  process.exitCode = 1;
}
if (args.profile) console.log(`cpu profile of the lookup run: ${path.relative(projectRoot, profileFile)}`);
const round = (n: number, digits = 1) => Number(n.toFixed(digits));
console.log(
  `orders=${orders} connections=${connections} seconds=${seconds} database=${databaseKind} seed_s=${round(seedSeconds)} log_level=${process.env.LOG_LEVEL ?? 'info'} ` +
    `requests=${lookup.requests.total} non2xx=${lookup.non2xx} errors=${lookup.errors} timeouts=${lookup.timeouts} ` +
    `p50_ms=${lookup.latency.p50} server_cpu_per_s=${round(serverCpuSeconds / seconds, 2)} healthz_p99_ms=${healthz.latency.p99} healthz_non2xx=${healthz.non2xx}`,
);
console.log(
  `bench:lookup req_per_s=${round(lookup.requests.average)} healthz_req_per_s=${round(healthz.requests.average)} ` +
    `ratio=${round(lookup.requests.average / healthz.requests.average, 3)} p99_ms=${lookup.latency.p99}`,
);
