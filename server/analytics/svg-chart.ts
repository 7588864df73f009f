import Handlebars from 'handlebars';

// Charts drawn on the server as SVG: no script, readable by a screen reader (a title and a summary;
// the data table beside every chart holds the figures), text escaped like every other value on a page.

export interface Series {
  name: string;
  color: string;
}

export interface ChartInput {
  id: string;
  title: string;
  summary: string;
  series: Series[];
  rows: Array<{ label: string; values: Array<number | null> }>;
  format?: (value: number) => string;
}

const escape = (text: string) => Handlebars.Utils.escapeExpression(text);
const WIDTH = 640;
const LABEL_WIDTH = 190;
const BAR = 14;
const GAP = 10;

function frame(input: ChartInput, height: number, body: string): string {
  const legend = input.series
    .map((s, i) => `<g transform="translate(${LABEL_WIDTH + i * 150},${height - 14})"><rect width="12" height="12" fill="${s.color}"/><text x="18" y="11">${escape(s.name)}</text></g>`)
    .join('');
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${WIDTH} ${height}" width="100%" role="img" ` +
    `aria-labelledby="${input.id}-title ${input.id}-desc" font-size="12" font-family="system-ui, sans-serif" fill="#1b1f24">` +
    `<title id="${input.id}-title">${escape(input.title)}</title><desc id="${input.id}-desc">${escape(input.summary)}</desc>${body}${legend}</svg>`
  );
}

function scale(input: ChartInput): number {
  const max = Math.max(0, ...input.rows.flatMap((r) => r.values.map((v) => v ?? 0)));
  return max > 0 ? max : 1;
}

// One group of horizontal bars per row (a carrier, a kind), one bar per series, the value at its end.
export function barChart(input: ChartInput): string {
  const format = input.format ?? String;
  const max = scale(input);
  const span = WIDTH - LABEL_WIDTH - 60;
  const group = input.series.length * BAR + GAP;
  const bars = input.rows
    .map((row, r) => {
      const top = r * group;
      const label = `<text x="${LABEL_WIDTH - 8}" y="${top + (input.series.length * BAR) / 2 + 4}" text-anchor="end">${escape(truncate(row.label, 30))}</text>`;
      const parts = row.values.map((value, s) => {
        const y = top + s * BAR;
        const width = value === null ? 0 : Math.max(value > 0 ? 1 : 0, (value / max) * span);
        const text = value === null ? '—' : format(value);
        return `<rect x="${LABEL_WIDTH}" y="${y}" width="${width.toFixed(1)}" height="${BAR - 2}" fill="${input.series[s].color}"/><text x="${(LABEL_WIDTH + width + 4).toFixed(1)}" y="${y + BAR - 4}">${escape(text)}</text>`;
      });
      return label + parts.join('');
    })
    .join('');
  return frame(input, Math.max(1, input.rows.length) * group + 28, bars);
}

// Columns over consecutive days (or any ordered labels), one column per series side by side; the
// first and last labels are written under the axis.
export function columnChart(input: ChartInput): string {
  const max = scale(input);
  const height = 160;
  const left = 40;
  const slot = (WIDTH - left - 10) / Math.max(1, input.rows.length);
  const width = Math.max(1, (slot * 0.8) / input.series.length);
  const columns = input.rows
    .map((row, r) =>
      row.values
        .map((value, s) => {
          const h = value ? (value / max) * height : 0;
          return `<rect x="${(left + r * slot + s * width).toFixed(1)}" y="${(height - h + 10).toFixed(1)}" width="${width.toFixed(1)}" height="${h.toFixed(1)}" fill="${input.series[s].color}"/>`;
        })
        .join(''),
    )
    .join('');
  const first = input.rows[0]?.label ?? '';
  const last = input.rows.at(-1)?.label ?? '';
  const axis =
    `<line x1="${left}" y1="${height + 10}" x2="${WIDTH - 10}" y2="${height + 10}" stroke="#8a94a3"/>` +
    `<text x="${left - 6}" y="16" text-anchor="end">${escape(String(max))}</text><text x="${left - 6}" y="${height + 10}" text-anchor="end">0</text>` +
    `<text x="${left}" y="${height + 26}">${escape(first)}</text><text x="${WIDTH - 10}" y="${height + 26}" text-anchor="end">${escape(last)}</text>`;
  return frame(input, height + 56, columns + axis);
}

function truncate(text: string, length: number): string {
  return text.length > length ? `${text.slice(0, length - 1)}…` : text;
}
