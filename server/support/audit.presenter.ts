import type { latestAuditEntries } from '../../db/audit.repository.ts';
import { consoleTime } from '../../core/time/console-time.ts';

// The audit log as the console shows it: when (in the shop's zone), who, what, to what, and the details
// as text.

type AuditRow = Awaited<ReturnType<typeof latestAuditEntries>>[number];

function detailsText(details: unknown): string {
  if (!details || typeof details !== 'object') return '';
  return Object.entries(details as Record<string, unknown>)
    .map(([key, value]) => `${key}: ${typeof value === 'string' ? value : JSON.stringify(value)}`)
    .join(', ');
}

export function presentAuditEntries(rows: AuditRow[], timeZone: string) {
  const { stamp } = consoleTime(timeZone);
  return rows.map((row) => ({
    when: stamp(row.created_at),
    actor: row.actor,
    action: row.action,
    subject: row.subject_kind ? `${row.subject_kind}${row.subject_id ? ` ${row.subject_id}` : ''}` : '',
    details: detailsText(row.details),
  }));
}
