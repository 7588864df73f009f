import type { Analytics } from '../../domain/analytics/analytics.ts';
import { labelOf } from '../../core/notification-kinds.ts';
import { barChart, columnChart } from './svg-chart.ts';

// The analytics as tables of text (shown under each chart and downloadable as CSV) and SVG charts.

export interface Table {
  key: string;
  title: string;
  columns: string[];
  rows: string[][];
  chart?: string;
}

const BLUE = '#0b5cad';
const ORANGE = '#b35900';

const whole = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0, useGrouping: false });
const oneDecimal = new Intl.NumberFormat('en-US', { minimumFractionDigits: 1, maximumFractionDigits: 1, useGrouping: false });
const count = (n: number) => whole.format(n);
const daysText = (n: number | null) => (n === null ? '—' : oneDecimal.format(n));
const percent = (part: number, total: number) => (total > 0 ? `${oneDecimal.format((part / total) * 100)}%` : '—');
const share = (part: number, total: number) => (total > 0 ? `${percent(part, total)} (${count(part)} of ${count(total)})` : '—');

const outcomeLabels: Record<string, string> = { open: 'Still open', found: 'Found', reshipped: 'Reshipped', refunded: 'Refunded', rejected: 'Rejected' };

export function overviewTable(a: Analytics): Table {
  const { summary: s, lookups: l } = a;
  const stalled = a.issues.find((i) => i.kind === 'stalled');
  const cases = a.cases.reduce((sum, c) => sum + c.cases, 0);
  return {
    key: 'overview',
    title: 'Key figures',
    columns: ['Figure', 'Value'],
    rows: [
      ['Parcels shipped', count(s.shipped)],
      ['Parcels delivered', share(s.delivered, s.shipped)],
      ["On time against the carrier's first estimate", share(s.onTimeCarrier, s.withCarrierEstimate)],
      ['On time against the learned estimate', share(s.onTimeLearned, s.withLearnedEstimate)],
      [`Never scanned within ${a.neverScannedDays} days of the label`, share(s.neverScanned, s.oldEnoughToScan)],
      ['Stalled at least once', share(stalled?.parcels ?? 0, s.shipped)],
      ['Median stall length (hours)', stalled?.medianHours == null ? '—' : oneDecimal.format(stalled.medianHours)],
      ['Not-received cases per 1,000 delivered', s.delivered > 0 ? oneDecimal.format((cases / s.delivered) * 1000) : '—'],
      ['Orders looked up by shoppers', share(l.lookedUp, l.orders)],
      ['Lookups per order', l.orders > 0 ? oneDecimal.format(l.lookups / l.orders) : '—'],
    ],
  };
}

export function dailyTable(a: Analytics): Table {
  return {
    key: 'daily',
    title: 'Parcels shipped and delivered, by day',
    columns: ['Day', 'Shipped', 'Delivered'],
    rows: a.days.map((d) => [d.day, count(d.shipped), count(d.delivered)]),
    chart: columnChart({
      id: 'chart-daily',
      title: 'Parcels shipped and delivered, by day',
      summary: `${count(a.summary.shipped)} parcels shipped and ${count(a.summary.delivered)} of them delivered between ${a.days[0]?.day ?? ''} and ${a.days.at(-1)?.day ?? ''}.`,
      series: [
        { name: 'Shipped', color: BLUE },
        { name: 'Delivered', color: ORANGE },
      ],
      rows: a.days.map((d) => ({ label: d.day, values: [d.shipped, d.delivered] })),
    }),
  };
}

export function servicesTable(a: Analytics): Table {
  const label = (r: { carrier: string; service: string }) => `${r.carrier || 'Unknown carrier'} ${r.service || '(no service)'}`;
  return {
    key: 'services',
    title: 'Days to deliver, by carrier and service',
    columns: ['Carrier', 'Service', 'Shipped', 'Delivered', 'On time (carrier estimate)', 'From label p50', 'From label p90', 'From first scan p50', 'From first scan p90'],
    rows: a.services.map((r) => [
      r.carrier || 'Unknown',
      r.service || '(none)',
      count(r.shipped),
      count(r.delivered),
      percent(r.onTime, r.withEstimate),
      daysText(r.fromLabelP50),
      daysText(r.fromLabelP90),
      daysText(r.fromScanP50),
      daysText(r.fromScanP90),
    ]),
    chart: barChart({
      id: 'chart-services',
      title: 'Days from label to delivery, by carrier and service',
      summary: a.services.length ? `Median and 90th percentile days from label to delivery for ${a.services.length} carrier services.` : 'No parcels in this period.',
      series: [
        { name: 'Median (p50)', color: BLUE },
        { name: '90th percentile', color: ORANGE },
      ],
      rows: a.services.map((r) => ({ label: label(r), values: [r.fromLabelP50, r.fromLabelP90] })),
      format: (v) => `${daysText(v)} d`,
    }),
  };
}

export function exceptionsTable(a: Analytics): Table {
  const rows: Array<[string, number, number | null]> = [
    ...a.issues.map((i): [string, number, number | null] => [labelOf(i.kind), i.parcels, i.medianHours]),
    ['Returned to sender', a.summary.returned, null],
    ['Tracking expired', a.summary.expired, null],
  ];
  return {
    key: 'exceptions',
    title: 'Exceptions, by kind',
    columns: ['Kind', 'Parcels', 'Share of shipped', 'Median length (hours)'],
    rows: rows.map(([kind, parcels, hours]) => [kind, count(parcels), percent(parcels, a.summary.shipped), hours === null ? '—' : oneDecimal.format(hours)]),
    chart: barChart({
      id: 'chart-exceptions',
      title: 'Parcels with each kind of exception',
      summary: `Out of ${count(a.summary.shipped)} parcels shipped.`,
      series: [{ name: 'Parcels', color: BLUE }],
      rows: rows.map(([kind, parcels]) => ({ label: kind, values: [parcels] })),
      format: count,
    }),
  };
}

export function casesTable(a: Analytics): Table {
  const total = a.cases.reduce((sum, c) => sum + c.cases, 0);
  return {
    key: 'cases',
    title: 'Not-received cases, by outcome',
    columns: ['Outcome', 'Cases', 'Share'],
    rows: a.cases.map((c) => [outcomeLabels[c.outcome] ?? c.outcome, count(c.cases), percent(c.cases, total)]),
  };
}

export function emailsTable(a: Analytics): Table {
  const kinds = [...new Set(a.emails.map((e) => e.kind))];
  const rows = kinds.map((kind) => {
    const of = a.emails.filter((e) => e.kind === kind);
    const sum = (state: string) => of.filter((e) => e.state === state).reduce((n, e) => n + e.emails, 0);
    const reasons = of
      .filter((e) => e.state === 'suppressed')
      .map((e) => `${e.reason ?? 'unknown'}: ${count(e.emails)}`)
      .join(', ');
    return { kind, sent: sum('sent'), suppressed: sum('suppressed'), failed: sum('failed'), pending: sum('pending'), reasons };
  });
  return {
    key: 'emails',
    title: 'Emails to shoppers, by kind',
    columns: ['Kind', 'Sent', 'Suppressed', 'Suppressed by reason', 'Failed', 'Waiting'],
    rows: rows.map((r) => [r.kind, count(r.sent), count(r.suppressed), r.reasons || '—', count(r.failed), count(r.pending)]),
    chart: barChart({
      id: 'chart-emails',
      title: 'Emails sent and suppressed, by kind',
      summary: `${count(rows.reduce((n, r) => n + r.sent, 0))} emails sent about these parcels.`,
      series: [
        { name: 'Sent', color: BLUE },
        { name: 'Suppressed', color: ORANGE },
      ],
      rows: rows.map((r) => ({ label: r.kind, values: [r.sent, r.suppressed] })),
      format: count,
    }),
  };
}

export function analyticsTables(a: Analytics): Table[] {
  return [overviewTable(a), dailyTable(a), servicesTable(a), exceptionsTable(a), casesTable(a), emailsTable(a)];
}

// RFC 4180 CSV; a cell a spreadsheet would run as a formula (=, +, -, @ first) is written as text.
export function toCsv(table: Table): string {
  const cell = (value: string) => {
    const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
    return /[",\r\n]/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
  };
  return [table.columns, ...table.rows].map((row) => row.map(cell).join(',')).join('\r\n') + '\r\n';
}
