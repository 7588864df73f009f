import type { IssueKind, ShipmentAttention } from '../../db/schema.ts';
import type { supportConsoleCounts } from '../../db/support-overview.repository.ts';

// The console's front page: what needs a person now, as counts with words a support agent uses.

export const issueLabels: Record<IssueKind, string> = {
  stalled: 'Stalled in transit',
  late: 'Past the estimated delivery',
  never_scanned: 'Label made, never scanned',
  action_needed: 'Shopper must act',
  returning: 'Returning to the shop',
  carrier_delay: 'Delay declared by the carrier',
  exception: 'Carrier exception',
  lost_or_damaged: 'Lost or damaged',
  tracking_error: 'Carrier cannot track the code',
  lost: 'Presumed lost',
};

export const attentionLabels: Record<ShipmentAttention, string> = {
  invalid_tracking_code: 'Tracking code the carrier does not know',
  carrier_mismatch: 'Carrier differs from the one declared',
  tracking_expired: 'Tracking expired without delivery',
  carrier_unauthorized: 'Carrier account not authorised',
  carrier_failing: 'Carrier checks failing repeatedly',
  customer_data_refused: 'Shopify withholds the shopper’s email or address (protected customer data not granted to the app)',
};

// Where a count's rows are worked through, when a queue lists them.
const queueOf: Record<string, string> = {
  stalled: '/support/queues/stalled-late',
  late: '/support/queues/stalled-late',
  action_needed: '/support/queues/action-needed',
  carrier_mismatch: '/support/queues/carrier-mismatch',
  invalid_tracking_code: '/support/queues/invalid-tracking',
  lost: '/support/queues/lost',
};

type Counts = Awaited<ReturnType<typeof supportConsoleCounts>>;

function countsFor<K extends string>(labels: Record<K, string>, rows: Array<{ key: string | null; count: number }>) {
  const byKey = new Map(rows.map((r) => [r.key, Number(r.count)]));
  const known = (Object.keys(labels) as K[]).map((key) => ({ key, label: labels[key], count: byKey.get(key) ?? 0 }));
  // A kind the code has no words for yet still counts: shown by its stored name.
  const unknown = rows.filter((r) => r.key && !(r.key in labels)).map((r) => ({ key: r.key!, label: r.key!, count: Number(r.count) }));
  const items = [...known, ...unknown].map((item) => ({ ...item, href: queueOf[item.key] ?? null }));
  return { items, total: items.reduce((sum, item) => sum + item.count, 0) };
}

export function presentConsoleCounts(counts: Counts) {
  return {
    openIssues: countsFor(issueLabels, counts.openIssues.map((r) => ({ key: r.kind, count: r.count }))),
    attention: countsFor(attentionLabels, counts.attention.map((r) => ({ key: r.attention, count: r.count }))),
    failedNotifications: counts.failedNotifications,
    failedNotificationsHref: '/support/queues/failed-emails',
    disputesHref: '/support/queues/disputes',
    openCases: counts.openCases,
  };
}
