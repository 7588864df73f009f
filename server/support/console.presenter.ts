import { issueKinds, labelOf, queueOf } from '../../core/notification-kinds.ts';
import type { ShipmentAttention } from '../../db/schema.ts';
import type { supportConsoleCounts } from '../../db/support-overview.repository.ts';

// The console's front page: what needs a person now, as counts with words a support agent uses.

const issueLabels = Object.fromEntries(issueKinds.map((kind) => [kind, labelOf(kind)]));

export const attentionLabels: Record<ShipmentAttention, string> = {
  invalid_tracking_code: 'Tracking code the carrier does not know',
  carrier_mismatch: 'Carrier differs from the one declared',
  tracking_expired: 'Tracking expired without delivery',
  carrier_unauthorized: 'Carrier account not authorised',
  carrier_failing: 'Carrier checks failing repeatedly',
  customer_data_refused: 'Shopify withholds the shopper’s email or address (protected customer data not granted to the app)',
};

// Where a count's rows are worked through, when a queue lists them.
const attentionQueues: Record<string, string> = { carrier_mismatch: 'carrier-mismatch', invalid_tracking_code: 'invalid-tracking' };
const queueHref = (queue: string | null | undefined) => (queue ? `/support/queues/${queue}` : null);

type Counts = Awaited<ReturnType<typeof supportConsoleCounts>>;

function countsFor<K extends string>(labels: Record<K, string>, rows: Array<{ key: string | null; count: number }>, queue: (key: string) => string | null | undefined) {
  const byKey = new Map(rows.map((r) => [r.key, Number(r.count)]));
  const known = (Object.keys(labels) as K[]).map((key) => ({ key, label: labels[key], count: byKey.get(key) ?? 0 }));
  // A kind the code has no words for yet still counts: shown by its stored name.
  const unknown = rows.filter((r) => r.key && !(r.key in labels)).map((r) => ({ key: r.key!, label: r.key!, count: Number(r.count) }));
  const items = [...known, ...unknown].map((item) => ({ ...item, href: queueHref(queue(item.key)) }));
  return { items, total: items.reduce((sum, item) => sum + item.count, 0) };
}

export function presentConsoleCounts(counts: Counts) {
  return {
    openIssues: countsFor(issueLabels, counts.openIssues.map((r) => ({ key: r.kind, count: r.count })), queueOf),
    attention: countsFor(attentionLabels, counts.attention.map((r) => ({ key: r.attention, count: r.count })), (key) => attentionQueues[key]),
    failedNotifications: counts.failedNotifications,
    failedNotificationsHref: '/support/queues/failed-emails',
    disputesHref: '/support/queues/disputes',
    openCases: counts.openCases,
  };
}
