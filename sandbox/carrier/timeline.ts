import { between, hashString, seededRandom, type Random } from './random.ts';
import type { DomesticRole, InternationalRole, Role } from './roles.ts';
import type { ScenarioName } from './scenarios.ts';

// When each scan of a tracker happens. A schedule is a pure function of the scenario, the
// tracking code (which seeds the draws, so trackers do not move in lockstep) and the
// tracker's creation time. Gaps are hours after the previous scan.

export interface ScheduledScan {
  role: Role;
  at: number;
}

export interface Schedule {
  scans: ScheduledScan[];
  // Midnight UTC of the day the carrier expects to deliver: EasyPost estimates are dates.
  estimate: number | null;
}

type Range = readonly [number, number];

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

const domesticGaps: readonly [DomesticRole, Range][] = [
  ['info', [0, 1]],
  ['label', [0.2, 1]],
  ['accepted', [7, 11]],
  ['origin_hub', [2, 4]],
  ['departed', [3, 6]],
  ['en_route', [6, 10]],
  ['hub', [6, 12]],
  ['hub_departed', [3, 5]],
  ['local', [8, 12]],
  ['sorted', [3, 5]],
  ['out_for_delivery', [0.1, 0.5]],
  ['delivered', [4, 8]],
];

const internationalGaps: readonly [DomesticRole | InternationalRole, Range][] = [
  ['info', [0, 1]],
  ['label', [0.2, 1]],
  ['accepted', [8, 12]],
  ['departed', [6, 10]],
  ['export_facility', [16, 26]],
  ['export_departed', [18, 30]],
  ['arrived_abroad', [48, 76]],
  ['customs_in', [6, 12]],
  ['customs_cleared', [36, 56]],
  ['abroad_local', [18, 28]],
  ['abroad_out_for_delivery', [8, 12]],
  ['abroad_delivered', [4, 8]],
];

export function scheduleFor(scenario: ScenarioName, code: string, createdAt: number): Schedule {
  const random = seededRandom(hashString(code));
  if (scenario === 'international') {
    const scans = walk(random, createdAt, internationalGaps);
    return { scans, estimate: dayOf(scans[scans.length - 1].at) };
  }
  const planned = walk(random, createdAt, domesticGaps);
  const estimate = dayOf(planned[planned.length - 1].at);
  const upTo = (role: Role) => planned.slice(0, planned.findIndex((scan) => scan.role === role) + 1);
  const then = (scans: ScheduledScan[], role: Role, gap: Range) => [...scans, { role, at: scans[scans.length - 1].at + hours(random, gap) }];
  switch (scenario) {
    case 'delivered':
    case 'mismatch':
      return { scans: planned, estimate };
    case 'late':
      return { scans: delayFrom(planned, 'hub', hours(random, [30, 60])), estimate };
    case 'stalled':
      return { scans: upTo('en_route'), estimate };
    case 'never_scanned':
      return { scans: upTo('label'), estimate: null };
    case 'pickup':
      return { scans: then(upTo('local'), 'pickup', [2, 6]), estimate };
    case 'exception': {
      const attempted = then(upTo('out_for_delivery'), 'attempt', [3, 6]);
      return { scans: then(then(attempted, 'out_for_delivery', [14, 18]), 'delivered', [2, 5]), estimate };
    }
    case 'return_to_sender':
      return { scans: then(upTo('local'), 'return', [6, 12]), estimate };
    case 'failure':
      return { scans: then(upTo('departed'), 'failure', [8, 16]), estimate };
    case 'refused':
      return { scans: then(upTo('out_for_delivery'), 'refused', [2, 5]), estimate };
    // The carrier stops and says why; once the shopper acts (or the carrier sorts it out), it goes on.
    case 'address_correction':
    case 'held':
      return { scans: interrupt(planned, 'local', scenario, hours(random, [1, 3]), hours(random, [24, 48])), estimate };
    case 'awaiting_information':
    case 'delayed':
    case 'weather_delay':
    case 'missorted':
    case 'transit_exception':
      return { scans: interrupt(planned, 'accepted', scenario, hours(random, [3, 8]), hours(random, [36, 60])), estimate };
    case 'lost':
      return { scans: then(upTo('en_route'), 'lost', [48, 96]), estimate };
    case 'damaged':
      return { scans: then(upTo('hub'), 'damaged', [4, 10]), estimate };
    case 'cancelled':
      return { scans: then(upTo('label'), 'cancelled', [6, 24]), estimate: null };
    case 'expired':
      return { scans: then(upTo('label'), 'expired', [48, 72]), estimate: null };
    // EasyPost answers the create itself with the error.
    case 'error':
      return { scans: [{ role: 'error', at: createdAt }], estimate: null };
  }
}

// A trouble scan `gap` after `role`, and every later scan slipped by `delay`.
function interrupt(scans: ScheduledScan[], role: Role, trouble: Role, gap: number, delay: number): ScheduledScan[] {
  const at = scans.findIndex((scan) => scan.role === role);
  const scan = { role: trouble, at: scans[at].at + gap };
  return [...scans.slice(0, at + 1), scan, ...scans.slice(at + 1).map((later) => ({ role: later.role, at: later.at + gap + delay }))];
}

function walk(random: Random, createdAt: number, gaps: readonly [Role, Range][]): ScheduledScan[] {
  let at = createdAt;
  return gaps.map(([role, gap]) => {
    at += hours(random, gap);
    return { role, at };
  });
}

// A long hold mid-route: every scan from `role` on slips by `delay`.
function delayFrom(scans: ScheduledScan[], role: Role, delay: number): ScheduledScan[] {
  const from = scans.findIndex((scan) => scan.role === role);
  return scans.map((scan, index) => (index >= from ? { role: scan.role, at: scan.at + delay } : scan));
}

// Whole seconds, as EasyPost reports them.
function hours(random: Random, range: Range): number {
  return Math.round((between(random, range) * HOUR) / 1000) * 1000;
}

function dayOf(ms: number): number {
  return Math.floor(ms / DAY) * DAY;
}
