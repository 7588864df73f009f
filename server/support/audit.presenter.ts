import type { latestAuditEntries } from '../../db/audit.repository.ts';

// The audit log as the console shows it: when (UTC), who, what, to what, and the details as text.

type AuditRow = Awaited<ReturnType<typeof latestAuditEntries>>[number];

const when = new Intl.DateTimeFormat('en-GB', { dateStyle: 'medium', timeStyle: 'medium', timeZone: 'UTC' });

function detailsText(details: unknown): string {
  if (!details || typeof details !== 'object') return '';
  return Object.entries(details as Record<string, unknown>)
    .map(([key, value]) => `${key}: ${typeof value === 'string' ? value : JSON.stringify(value)}`)
    .join(', ');
}

export function presentAuditEntries(rows: AuditRow[]) {
  return rows.map((row) => ({
    at: row.created_at.toISOString(),
    when: `${when.format(row.created_at)} UTC`,
    actor: row.actor,
    action: row.action,
    subject: row.subject_kind ? `${row.subject_kind}${row.subject_id ? ` ${row.subject_id}` : ''}` : '',
    details: detailsText(row.details),
  }));
}
