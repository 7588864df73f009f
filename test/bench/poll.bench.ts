import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { sql } from 'kysely';
import { openDatabase } from '../../db/database.ts';
import { migrateToLatest } from '../../db/migrator.ts';
import { ensureShop } from '../../db/shops.repository.ts';
import { openJobQueue } from '../../jobs/worker.ts';
import { jobs } from '../../jobs/registry.ts';
import { EasyPostTracking } from '../../domain/tracking/easypost.adapter.ts';
import { sandboxTrackingCode } from '../../sandbox/carrier/scenarios.ts';
import { parseConfig } from '../../core/config.ts';
import { createLogger } from '../../core/logger.ts';

// How many shipment checks one worker process completes per second against a carrier with a set
// latency, compared with the ceiling that latency allows at the configured concurrency
// (concurrency ÷ latency). Runs on PostgreSQL when DATABASE_URL is set (it uses a shop of its own and
// removes its rows afterwards), else on a throwaway embedded database.
//
//   npm run bench:poll [-- --shipments 5000 --latency 50 --concurrency 32 --active 0]

const { values: args } = parseArgs({
  options: {
    shipments: { type: 'string', default: '5000' },
    latency: { type: 'string', default: '50' },
    concurrency: { type: 'string', default: '32' },
    active: { type: 'string', default: '0' },
  },
});
const shipments = Number(args.shipments);
const latencyMs = Number(args.latency);
const concurrency = Number(args.concurrency);
const active = Number(args.active);
const here = path.dirname(fileURLToPath(import.meta.url));

// User + system CPU seconds a process has used so far (Linux /proc).
function cpuSecondsOf(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

const sandbox = spawn(process.execPath, [path.join(here, 'support/sandbox-carrier.process.ts'), '--latency', String(latencyMs)], { stdio: ['ignore', 'pipe', 'inherit'] });
const { baseUrl } = JSON.parse((await createInterface({ input: sandbox.stdout! })[Symbol.asyncIterator]().next()).value) as { baseUrl: string };

const dataDir = mkdtempSync(path.join(tmpdir(), 'whereabouts-bench-'));
const config = parseConfig({
  ...process.env,
  DATA_DIR: dataDir,
  LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn',
  EASYPOST_API_KEY: 'EZTK_bench',
  EASYPOST_BASE_URL: baseUrl,
  EASYPOST_MAX_RPS: '10000',
  POLL_CONCURRENCY: String(concurrency),
  JOB_POLL_INTERVAL_SECONDS: '0.5',
});
const logger = createLogger(config);
const database = await openDatabase(config);
await migrateToLatest(database.db);
const shop = await ensureShop(database.db, 'whereabouts-bench.myshopify.com', 'Bench');
const clean = () => database.db.deleteFrom('orders').where('shop_id', '=', shop.id).execute();
await clean();

// Shipments due now, and (for the memory figure) many more active ones that are not due. Seeded by
// the database itself, so the worker's memory reflects the work, not the seeding.
const now = new Date();
await sql`
  insert into orders (shop_id, shopify_id, name)
  select ${shop.id}, g::text, '#' || g from generate_series(1, ${shipments + active}) g`.execute(database.db);
await sql`
  insert into shipments (shop_id, order_id, tracking_code, next_check_at)
  select shop_id, id, ${sandboxTrackingCode('delivered', 0).slice(0, 5)} || lpad(shopify_id, 10, '0'),
         case when shopify_id::int <= ${shipments} then ${now}::timestamptz else ${now}::timestamptz + interval '1 day' end
  from orders where shop_id = ${shop.id}`.execute(database.db);

const queue = openJobQueue(database, config, logger, { worker: true });
await queue.start();
let peakRss = process.memoryUsage().rss;
const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 100);
const cpuAtStart = process.cpuUsage();
const carrierCpuAtStart = cpuSecondsOf(sandbox.pid!);
const started = performance.now();
await queue.startWorkers({ db: database.db, config, logger, shopId: shop.id, carrier: new EasyPostTracking(config), shopify: undefined, mailer: undefined });
await queue.enqueue(database.db, jobs.dispatchDueChecks, {});
const nudger = setInterval(() => void queue.enqueue(database.db, jobs.dispatchDueChecks, {}).catch(() => {}), 1000);

const countChecked = async () =>
  Number(
    (
      await database.db
        .selectFrom('shipments')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('shop_id', '=', shop.id)
        .where('checks', '>', 0)
        .executeTakeFirstOrThrow()
    ).n,
  );
while ((await countChecked()) < shipments) await new Promise((resolve) => setTimeout(resolve, 100));
const seconds = (performance.now() - started) / 1000;
const workerCpu = process.cpuUsage(cpuAtStart);
const carrierCpuSeconds = cpuSecondsOf(sandbox.pid!) - carrierCpuAtStart;

clearInterval(nudger);
clearInterval(sampler);
await queue.stop(5000);
await clean();
await database.close();
sandbox.kill('SIGTERM');
rmSync(dataDir, { recursive: true, force: true });

const checksPerS = shipments / seconds;
const limitPerS = concurrency / (latencyMs / 1000);
console.log(
  `shipments=${shipments} active=${shipments + active} latency_ms=${latencyMs} concurrency=${concurrency} database=${database.kind} seconds=${seconds.toFixed(1)} ` +
    `worker_cpu_s=${((workerCpu.user + workerCpu.system) / 1e6).toFixed(1)} carrier_cpu_s=${carrierCpuSeconds.toFixed(1)}`);
console.log(
  `bench:poll checks_per_s=${checksPerS.toFixed(1)} limit_per_s=${limitPerS.toFixed(1)} ratio=${(checksPerS / limitPerS).toFixed(3)} rss_mb=${Math.round(peakRss / 1048576)}`,
);
