import type { Outcome } from './open-loop.ts';
import type { Effects } from './peak-seed.ts';
import { percentile } from './open-loop.ts';

// The figures of a bench:peak run, from what was sent, what the SMTP sink accepted and what the
// database holds afterwards.

export interface Email {
  to: string[];
  at: number;
  messageId: string;
  subject: string;
}

export interface SentUpdate extends Outcome {
  emailTo?: string;
  scan: string;
  eventId: string;
}

export interface SentFulfillment extends Outcome {
  trackingCode: string;
}

const ok = (o: Outcome) => o.status === 200 && !o.error;
const accepted = (o: Outcome) => ok(o) && o.answer === 'accepted';

export function failuresOf(outcomes: Outcome[]): { failed: number; detail: string } {
  const failed = outcomes.filter((o) => !ok(o));
  const kinds = new Map<string, number>();
  for (const o of failed) kinds.set(o.error ?? String(o.status), (kinds.get(o.error ?? String(o.status)) ?? 0) + 1);
  return { failed: failed.length, detail: [...kinds].map(([kind, n]) => `${n}× ${kind}`).join('; ') };
}

export function latency(outcomes: Outcome[]): { p50: number; p99: number; max: number } {
  const values = outcomes.map((o) => o.latencyMs);
  return { p50: percentile(values, 50), p99: percentile(values, 99), max: percentile(values, 100) };
}

// The emails the accepted updates should cause (one each, to the order's shopper), when each arrived,
// and what came twice: a second email to the same shopper, or the same message again. An update whose
// answer did not come in time may still have been applied: its email is neither expected nor unexpected.
export function emailFigures(updates: SentUpdate[], emails: Email[]) {
  const intended = new Map<string, number>();
  for (const u of updates) if (u.emailTo) intended.set(u.emailTo, u.scheduledAt);
  const expected = new Map([...intended].filter(([to]) => updates.some((u) => u.emailTo === to && accepted(u))));
  const byRecipient = new Map<string, Email[]>();
  for (const email of emails) for (const to of email.to) byRecipient.set(to, [...(byRecipient.get(to) ?? []), email]);
  const lagsS: number[] = [];
  let missing = 0;
  let lastArrivalAt = 0;
  for (const [to, scheduledAt] of intended) {
    const first = byRecipient.get(to)?.[0];
    if (first) lagsS.push((first.at - scheduledAt) / 1000);
    else if (expected.has(to)) missing++;
    if (first && expected.has(to)) lastArrivalAt = Math.max(lastArrivalAt, first.at);
  }
  const duplicates = [...byRecipient.values()].reduce((n, list) => n + list.length - 1, 0);
  const unexpected = emails.filter((email) => !email.to.some((to) => intended.has(to)));
  return {
    expected: expected.size,
    arrived: expected.size - missing,
    missing,
    duplicates,
    unexpected: unexpected.length,
    unexpectedSubjects: [...new Set(unexpected.map((email) => email.subject))].slice(0, 3).join(' | '),
    lagP50S: percentile(lagsS, 50),
    lagP95S: percentile(lagsS, 95),
    lastArrivalAt,
  };
}

export function allExpectedArrived(updates: SentUpdate[], emails: Email[]): boolean {
  return emailFigures(updates, emails).missing === 0;
}

// Accepted webhooks whose effect is not in the database and whose job is not still queued: a
// fulfillment without its shipment, a tracker update without its scan. (Fulfillments' jobs are counted,
// not matched: after a run that did not drain, that part is a lower bound.)
export function lostOf(fulfillments: SentFulfillment[], updates: SentUpdate[], seen: Effects) {
  const fulfillmentsMissing = fulfillments.filter((f) => accepted(f) && !seen.shipments.has(f.trackingCode)).length;
  const updatesMissing = updates.filter((u) => accepted(u) && !seen.scans.has(u.scan));
  return {
    fulfillmentsLost: Math.max(0, fulfillmentsMissing - seen.queuedSyncs),
    updatesLost: updatesMissing.filter((u) => !seen.queuedUpdates.has(u.eventId)).length,
    stillQueued: Math.min(fulfillmentsMissing, seen.queuedSyncs) + updatesMissing.filter((u) => seen.queuedUpdates.has(u.eventId)).length,
    fulfillmentsAccepted: fulfillments.filter(accepted).length,
    updatesAccepted: updates.filter(accepted).length,
  };
}

// The job backlog (queued + active, every queue) as /metrics gives it.
export function backlogOf(metrics: string): number {
  let total = 0;
  for (const match of metrics.matchAll(/^whereabouts_job_backlog\{[^}]*\} (\d+)$/gm)) total += Number(match[1]);
  return total;
}

export const round = (n: number, digits = 1) => (Number.isFinite(n) ? Number(n.toFixed(digits)) : 'n/a');
