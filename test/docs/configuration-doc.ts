import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { configDefaults, configVariables, parseConfig } from '../../core/config.ts';

// docs/configuration.md is written from the two places that already hold every setting: core/config.ts
// (the names and the defaults, as the schema declares them) and .env.example (the groups and what each
// setting means, in its comments). Nothing is copied by hand a third time: `npm run docs:config` writes
// the page, and test/docs/configuration.test.ts fails when the page, the example or the schema disagree.

export const root = resolve(import.meta.dirname, '..', '..');
export const configurationPage = 'docs/configuration.md';

export interface ExampleSetting {
  name: string;
  section: string;
  // The comment lines above the assignment, joined.
  description: string;
  // What .env.example assigns ('' for a bare `NAME=`).
  value: string;
  line: number;
}

// Reads .env.example: `# --- Group ---` lines open a group, comment lines describe the assignment
// that follows them, a blank line ends a description.
export function readEnvExample(text: string): ExampleSetting[] {
  const settings: ExampleSetting[] = [];
  let section = '';
  let comments: string[] = [];
  text.split('\n').forEach((raw, index) => {
    const line = raw.trim();
    const heading = /^#\s*---\s*(.+?)\s*---\s*$/.exec(line);
    if (heading) {
      section = heading[1];
      comments = [];
    } else if (line.startsWith('#')) {
      comments.push(line.replace(/^#\s?/, ''));
    } else if (line === '') {
      comments = [];
    } else {
      const assignment = /^([A-Z][A-Z0-9_]*)=(.*)$/.exec(line);
      if (assignment) settings.push({ name: assignment[1], section, description: comments.join(' '), value: assignment[2].trim(), line: index + 1 });
      comments = [];
    }
  });
  return settings;
}

const defaults = configDefaults as Record<string, unknown>;

export function formatDefault(value: unknown): string {
  return value === undefined ? '' : String(value);
}

// A setting's value as the service reads it, or a problem.
function parsedValue(name: string, value: string): { value?: unknown; problem?: string } {
  try {
    return { value: (parseConfig({ [name]: value }) as unknown as Record<string, unknown>)[name] };
  } catch (error) {
    return { problem: (error as Error).message.replace(/\s+/g, ' ') };
  }
}

// Where .env.example and core/config.ts disagree: a setting missing from either, one described twice
// or not at all, an example value that is not the default, a comment that states another default.
export function configurationProblems(settings: ExampleSetting[], variables: readonly string[] = configVariables): string[] {
  const problems: string[] = [];
  const known = new Set(variables);
  const seen = new Map<string, number>();
  for (const setting of settings) {
    const at = `.env.example:${setting.line} ${setting.name}`;
    if (!known.has(setting.name)) problems.push(`${at}: not a setting of core/config.ts`);
    if (seen.has(setting.name)) problems.push(`${at}: already assigned on line ${seen.get(setting.name)}`);
    seen.set(setting.name, setting.line);
    if (!setting.section) problems.push(`${at}: not under a "# --- Group ---" line`);
    if (!setting.description) problems.push(`${at}: no comment says what it is`);
    if (!known.has(setting.name)) continue;
    const declared = defaults[setting.name];
    if (setting.value !== '') {
      const parsed = parsedValue(setting.name, setting.value);
      if (parsed.problem) problems.push(`${at}: the example value is invalid (${parsed.problem})`);
      else if (!isDeepStrictEqual(parsed.value, declared)) {
        problems.push(`${at}: the example value ${setting.value} is not the default (${declared === undefined ? 'none' : formatDefault(declared)}); leave it empty or write the default`);
      }
    }
    const stated = /(?:\(|, )default ([^\s),;:]+)/.exec(setting.description)?.[1]?.replace(/\.$/, '');
    if (declared !== undefined && stated !== undefined && stated !== formatDefault(declared)) {
      problems.push(`${at}: the comment says the default is ${stated}, core/config.ts says ${formatDefault(declared)}`);
    }
  }
  for (const name of variables) {
    if (!seen.has(name)) problems.push(`${name}: a setting of core/config.ts that .env.example does not list`);
  }
  return problems;
}

const intro = `# Configuration

<!-- Written by \`npm run docs:config\` from \`core/config.ts\` and \`.env.example\`: change those, then run it. -->

Every setting is an environment variable, read and validated once when a process starts
(\`core/config.ts\`, the one module that reads the environment). A \`.env\` file is read when present,
and the environment wins over it. An invalid value stops the process before it opens a port or a
database, with every problem listed; each names the variable and the rule it breaks, never the value.
An empty value counts as unset, so a copy of \`.env.example\` runs as it is. Every setting is optional:
with none set, \`npm start\` runs the demo on the embedded database in \`./data\`.

The table gives each setting's default as \`core/config.ts\` declares it; "—" means the setting has no
default of its own, and its description says what unset means. The groups and the descriptions are
those of \`.env.example\`.

A few variables are not settings of the service: \`WHEREABOUTS_PASSWORD\` (read by
\`npm run cli -- user:create\` only), \`TEST_DATABASE_URL\` and \`CHROMIUM_PATH\` (the tests; see
[architecture.md](architecture.md#tests-and-ci)).
`;

function cell(text: string): string {
  return text.replace(/\|/g, '\\|');
}

export function renderConfiguration(settings: ExampleSetting[]): string {
  const out = [intro.trimEnd()];
  let section: string | undefined;
  for (const setting of settings) {
    if (setting.section !== section) {
      section = setting.section;
      out.push(`## ${section}\n\n| setting | default | what it is |\n|---|---|---|`);
    }
    const declared = defaults[setting.name];
    const shown = declared === undefined ? '—' : `\`${formatDefault(declared)}\``;
    // The default has a column of its own: a comment's "(default X)" that only repeats it is left out.
    const description = setting.description.replace(/\s*\(default ([^()]*)\)/, (whole, value: string) => (value === formatDefault(declared) ? '' : whole));
    out[out.length - 1] += `\n| \`${setting.name}\` | ${shown} | ${cell(description)} |`;
  }
  return `${out.join('\n\n')}\n`;
}

// The page as `npm run docs:config` writes it, and what stops it from being written.
export function configurationDoc(): { text: string; problems: string[] } {
  const settings = readEnvExample(readFileSync(join(root, '.env.example'), 'utf8'));
  return { text: renderConfiguration(settings), problems: configurationProblems(settings) };
}
