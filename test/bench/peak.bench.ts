import path from 'node:path';
import { parseArgs } from 'node:util';
import { projectRoot } from '../support/process.ts';
import { load, runPeak } from './support/peak-run.ts';
import { failuresOf, latency, round } from './support/peak-report.ts';

// A peak hour, compressed, on one machine (test/bench/support/peak-run.ts says what runs): the service
// as in production, on the embedded database, or with DATABASE_URL one web and two worker processes on
// PostgreSQL (in a database of its own that it creates and drops).
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

const run = await runPeak({
  shipments,
  seconds,
  fulfillmentsPerSecond: fulfillmentRate,
  updatesPerSecond: updateRate,
  lookupsPerSecond: lookupRate,
  drainLimitS,
  serverUrl: process.env.DATABASE_URL,
  profile: args.profile,
  log: (line) => console.log(line),
});

const { fulfilled, updates, lookups, healthz, mail, lost, servers, loops } = run;
const webhooks = [...fulfilled, ...updates];
const ack = latency(webhooks);
const look = latency(lookups);
const health = latency(healthz);
const maxSendLag = Math.max(...[...updates, ...lookups, ...healthz].map((o) => o.sendLagMs));
// The sandbox shop sends the fulfillment webhooks from its own process, which also answers the
// service's Admin API calls: how late it sent one is its own lag, and part of the Shopify ack figures.
const shopMaxSendLag = Math.max(0, ...fulfilled.map((o) => o.sendLagMs));
for (const [name, outcomes] of [['webhooks', webhooks], ['lookups', lookups], ['healthz', healthz]] as const) {
  const { failed, detail } = failuresOf(outcomes);
  if (failed > 0) console.log(`${name}: ${failed} of ${outcomes.length} failed (${detail})`);
}
console.log(
  `database=${run.databaseKind} processes=${servers.map((s) => s.name).join(',')} shipments=${shipments} seconds=${seconds} ` +
    `fulfillments_per_s=${fulfillmentRate} updates_per_s=${updateRate} lookups_per_s=${lookupRate} ${load()} generator_max_lag_ms=${maxSendLag} shop_max_lag_ms=${shopMaxSendLag}`,
);
console.log(
  `webhook_ack_p50_ms=${ack.p50} webhook_ack_max_ms=${ack.max} shopify_ack_p99_ms=${latency(fulfilled).p99} easypost_ack_p99_ms=${latency(updates).p99} ` +
    `lookup_p50_ms=${look.p50} page_p99_ms=${latency(lookups.filter((_, i) => i % 2 === 0)).p99} api_p99_ms=${latency(lookups.filter((_, i) => i % 2 === 1)).p99} healthz_p50_ms=${health.p50}`,
);
console.log(
  `accepted: fulfillments=${lost.fulfillmentsAccepted}/${fulfilled.length} updates=${lost.updatesAccepted}/${updates.length}; lost: fulfillments=${lost.fulfillmentsLost} updates=${lost.updatesLost}; not applied yet (job still queued): ${lost.stillQueued}; ` +
    `emails: expected=${mail.expected} arrived=${mail.arrived} unexpected=${mail.unexpected}${mail.unexpected ? ` (${mail.unexpectedSubjects})` : ''} notify_lag_p50_s=${round(mail.lagP50S)} last_email_after_burst_s=${round((mail.lastArrivalAt - run.burstEnd) / 1000)}; drained=${run.drained}`,
);
console.log(
  servers.map((s, i) => `${s.name}: event_loop_delay_p50_ms=${loops[i].loop.p50} p99_ms=${loops[i].loop.p99} max_ms=${loops[i].loop.max} cpu_per_s=${round(run.cpuPerS[i], 2)} rss_peak_mb=${Math.round(run.rssMb[i])}`).join('; '),
);
if (args.profile) console.log(`cpu profiles: ${path.relative(projectRoot, run.profileDir)}/peak-${run.databaseKind}-*-${run.stamp}.cpuprofile`);
console.log(
  `bench:peak database=${run.databaseKind} webhook_ack_p99_ms=${ack.p99} lookup_p99_ms=${look.p99} healthz_p99_ms=${health.p99} ` +
    `notify_lag_p95_s=${round(mail.lagP95S)} drain_s=${round(run.drainS)} lost=${lost.fulfillmentsLost + lost.updatesLost} duplicates=${mail.duplicates} rss_mb=${Math.round(run.rssMb.reduce((a, b) => a + b, 0))}`,
);
