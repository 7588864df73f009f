import { parseArgs } from 'node:util';
import { nextCheckAt, pollPolicyFrom } from '../../domain/tracking/poll-schedule.ts';
import type { TrackingStatus } from '../../domain/tracking/tracker-snapshot.ts';
import { parseConfig } from '../../core/config.ts';
import { seededRandom } from '../../sandbox/carrier/random.ts';
import { roleStatus } from '../../sandbox/carrier/roles.ts';
import { scenarioForCode } from '../../sandbox/carrier/scenarios.ts';
import { scheduleFor } from '../../sandbox/carrier/timeline.ts';

// Replays a simulated fleet through the poll scheduler on a virtual clock: every shipment follows a
// sandbox lifecycle (the same scripts the sandbox carrier plays, shaped from the recorded trackers),
// and is checked whenever nextCheckAt says. Compared with polling every hour until the parcel is
// delivered or failed, it reports the calls spent and how late deliveries and stalls were noticed.
//
//   npm run bench:schedule [-- --shipments 10000 --days 10]

const HOUR = 3_600_000;
const { values: args } = parseArgs({ options: { shipments: { type: 'string', default: '10000' }, days: { type: 'string', default: '10' } } });
const shipments = Number(args.shipments);
const days = Number(args.days);

const config = parseConfig(process.env);
const policy = { ...pollPolicyFrom(config), webhooks: false };
const random = seededRandom(20261122);
const start = Date.UTC(2026, 10, 2, 0, 0, 0);
const end = start + days * 24 * HOUR;
const terminal = new Set(['delivered', 'failure', 'cancelled']);

let calls = 0;
let hourlyCalls = 0;
let deliveries = 0;
let maxDeliveryDelay = 0;
let stalls = 0;
let maxStallDelay = 0;

for (let n = 0; n < shipments; n++) {
  const code = `SIM${String(n).padStart(9, '0')}`;
  const scenario = scenarioForCode(code) ?? 'delivered';
  // Fulfilments arrive over the first third of the window, so the fleet is a mix of ages.
  const createdAt = start + Math.floor(random() * (days / 3) * 24 * HOUR);
  const plan = scheduleFor(scenario, code, createdAt);
  const events = plan.scans.map((s) => ({ at: s.at, ...roleStatus[s.role] }));

  const checks: number[] = [];
  let seen = 0;
  let lastChangeAt: number | null = null;
  for (let t = createdAt; t <= end; ) {
    checks.push(t);
    let visible = 0;
    while (visible < events.length && events[visible].at <= t) visible++;
    const status = (visible ? events[visible - 1].status : 'unknown') as TrackingStatus;
    const scans = events.slice(0, visible).filter((e) => e.status !== 'pre_transit');
    if (visible !== seen) {
      seen = visible;
      lastChangeAt = t;
    }
    const state = {
      status,
      trackingStartedAt: new Date(createdAt),
      lastScanAt: scans.length ? new Date(scans[scans.length - 1].at) : null,
      lastChangeAt: lastChangeAt === null ? null : new Date(lastChangeAt),
      estDeliveryAt: plan.estimate === null ? null : new Date(plan.estimate),
      failures: 0,
    };
    const next = nextCheckAt(state, new Date(t), policy, random);
    if (!next) break;
    t = next.getTime();
  }
  calls += checks.length;
  const firstCheckFrom = (at: number) => checks.find((c) => c >= at);

  // Reference: a check every hour until the carrier's terminal scan has been seen.
  const final = events.find((e) => terminal.has(e.status));
  const hourlyUntil = Math.min(end, final ? final.at : end);
  hourlyCalls += Math.floor((hourlyUntil - createdAt) / HOUR) + 1 + (final && final.at <= end ? 1 : 0);

  const delivered = events.find((e) => e.status === 'delivered');
  if (delivered && delivered.at <= end - 3 * HOUR) {
    const seenAt = firstCheckFrom(delivered.at);
    deliveries++;
    maxDeliveryDelay = Math.max(maxDeliveryDelay, ((seenAt ?? end) - delivered.at) / HOUR);
  }
  // A stall: in transit, and the next scan (if any) comes after the threshold.
  for (let i = 0; i < events.length; i++) {
    if (events[i].status !== 'in_transit') continue;
    const crossing = events[i].at + policy.stallAfterHours * HOUR;
    const nextScan = events[i + 1]?.at ?? Infinity;
    if (crossing >= nextScan || crossing > end - 2 * HOUR) continue;
    stalls++;
    maxStallDelay = Math.max(maxStallDelay, ((firstCheckFrom(crossing) ?? end) - crossing) / HOUR);
  }
}

const round = (x: number, digits = 3) => Number(x.toFixed(digits));
console.log(`shipments=${shipments} days=${days} deliveries=${deliveries} stalls=${stalls}`);
console.log(
  `bench:schedule calls_per_shipment=${round(calls / shipments)} hourly_calls_per_shipment=${round(hourlyCalls / shipments)} ` +
    `ratio=${round(calls / hourlyCalls)} max_detection_delay_h=${round(maxDeliveryDelay)} max_stall_delay_h=${round(maxStallDelay)}`,
);
