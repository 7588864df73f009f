import type { listBlocks } from '../../db/blocklist.repository.ts';
import { consoleTime } from '../../core/time/console-time.ts';

// The blocklist as support sees it: what, how strong, why, by whom, and until when.

type BlockRow = Awaited<ReturnType<typeof listBlocks>>['active'][number];

const kindLabels = { email: 'Email', customer: 'Customer', ip: 'IP address' } as const;

export function presentBlocks(rows: BlockRow[], now: Date, timeZone: string) {
  const { stamp } = consoleTime(timeZone);
  return rows.map((row) => ({
    id: row.id,
    kind: kindLabels[row.subject_kind] ?? row.subject_kind,
    subject: row.subject,
    level: row.level,
    reason: row.reason,
    createdBy: row.created_by_email ?? 'the system',
    created: stamp(row.created_at),
    expires: stamp(row.expires_at),
    ended: row.lifted_at ? { how: 'lifted', ...stamp(row.lifted_at)! } : row.expires_at && row.expires_at <= now ? { how: 'expired', ...stamp(row.expires_at)! } : null,
    liftAction: `/support/blocks/${row.id}/lift`,
  }));
}
