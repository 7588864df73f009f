import { existsSync, readdirSync } from 'node:fs';
import { dirname, join, posix } from 'node:path';

// Reads what a Markdown page says about the repository: the paths it names in code spans and in
// folder trees, its links, and its headings' anchors, so test/docs/paths.test.ts can check them.

// Folders beside the repository's own that hold no project files: generated, installed or local.
export const notProject = new Set(['.git', 'node_modules', 'data', 'test-output', '.env']);

const fileEnding = /\.(ts|md|json|ya?ml|hbs|mjml|graphql|gz|png)$/;

export interface Named {
  path: string;
  line: number;
}

export interface Link {
  target: string;
  line: number;
}

function lineAt(text: string, index: number): number {
  return text.slice(0, index).split('\n').length;
}

// The page with its fenced code blocks blanked (line numbers kept), and the blocks' own lines.
export function splitFences(text: string): { prose: string; fenced: Array<{ text: string; line: number }> } {
  const fenced: Array<{ text: string; line: number }> = [];
  let inFence = false;
  const prose = text
    .split('\n')
    .map((line, index) => {
      if (/^\s*(```|~~~)/.test(line)) {
        inFence = !inFence;
        return '';
      }
      if (inFence) {
        fenced.push({ text: line, line: index + 1 });
        return '';
      }
      return line;
    })
    .join('\n');
  return { prose, fenced };
}

// Whether a code span is meant as a repository path: it names a top-level folder or file, or ends like
// a source file or a folder. Commands, routes, URLs, settings and package names are not.
export function looksLikePath(span: string, topLevel: ReadonlySet<string>): boolean {
  if (/\s/.test(span) || span.includes('://') || /^[/$@\-~<]/.test(span) || /^\.\w+$/.test(span)) return false;
  const first = span.split('/')[0];
  if (notProject.has(first)) return false;
  if (topLevel.has(first) && (span === first || span.startsWith(`${first}/`))) return true;
  return fileEnding.test(span) || (span.endsWith('/') && span.length > 1);
}

// Paths in code spans (`domain/tracking/poll-schedule.ts`, `db/migrations/`, `*.job.ts`) outside
// fenced blocks.
export function pathsInSpans(text: string, topLevel: ReadonlySet<string>): Named[] {
  const { prose } = splitFences(text);
  const out: Named[] = [];
  for (const match of prose.matchAll(/`([^`]+)`/g)) {
    const span = match[1].trim();
    if (looksLikePath(span, topLevel)) out.push({ path: span, line: lineAt(prose, match.index) });
  }
  return out;
}

const treeLine = /^((?:│ {3}| {4})*)(?:├── |└── )([^\s]+)/;

// Paths in folder trees drawn in fenced blocks, one entry per line:
//
//   server/
//   ├── lookup/ - the shopper's lookup
//   │   └── openapi.yaml - …
//
// Each entry's path is its ancestors' names and its own.
export function pathsInTrees(text: string): Named[] {
  const out: Named[] = [];
  let stack: string[] = [];
  for (const { text: line, line: number } of splitFences(text).fenced) {
    const entry = treeLine.exec(line);
    if (entry) {
      if (stack.length === 0) continue;
      const depth = entry[1].length / 4 + 1;
      stack = [...stack.slice(0, depth), entry[2].replace(/\/$/, '')];
      out.push({ path: stack.join('/') + (entry[2].endsWith('/') ? '/' : ''), line: number });
      continue;
    }
    const rootName = /^([\w.@-]+\/?)(?:\s+-\s.*)?$/.exec(line.trimEnd());
    stack = rootName ? [rootName[1].replace(/\/$/, '')] : [];
  }
  return out;
}

// Links and images, outside code: `[text](target)`, `![alt](target "title")`.
export function linksIn(text: string): Link[] {
  const prose = splitFences(text).prose.replace(/`[^`]*`/g, (span) => ' '.repeat(span.length));
  return [...prose.matchAll(/!?\[[^\]]*\]\(([^)\s]+)(?:\s+"[^"]*")?\)/g)].map((m) => ({ target: m[1], line: lineAt(prose, m.index) }));
}

// The anchors GitHub gives a page's headings: lower case, punctuation dropped, spaces as hyphens, a
// repeated heading numbered.
export function anchorsOf(text: string): Set<string> {
  const anchors = new Set<string>();
  const counts = new Map<string, number>();
  for (const match of splitFences(text).prose.matchAll(/^#{1,6}\s+(.+?)\s*#*\s*$/gm)) {
    const words = match[1]
      .replace(/!?\[([^\]]*)\]\([^)]*\)/g, '$1')
      .replace(/`/g, '')
      .toLowerCase()
      .replace(/[^\p{L}\p{M}\p{N}\p{Pc}\- ]/gu, '')
      .replace(/ /g, '-');
    const seen = counts.get(words) ?? 0;
    counts.set(words, seen + 1);
    anchors.add(seen === 0 ? words : `${words}-${seen}`);
  }
  return anchors;
}

// Every file and folder of the project, as repository paths (folders end in '/').
export function projectEntries(root: string): string[] {
  const out: string[] = [];
  const walk = (dir: string, prefix: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      if (prefix === '' && notProject.has(entry.name)) continue;
      if (entry.name === 'node_modules') continue;
      const path = `${prefix}${entry.name}`;
      if (entry.isDirectory()) {
        out.push(`${path}/`);
        walk(join(dir, entry.name), `${path}/`);
      } else {
        out.push(path);
      }
    }
  };
  walk(root, '');
  return out;
}

function globPattern(glob: string): RegExp {
  const body = glob.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '[^/]*');
  return new RegExp(`^${body}/?$`);
}

// Whether a named path exists, from the repository's root or from the page's own folder. A glob
// (`db/*.repository.ts`) must match something; one without a folder (`*.job.ts`) matches file names.
export function pathExists(root: string, page: string, named: string, entries: readonly string[]): boolean {
  const pageDir = dirname(page) === '.' ? '' : `${dirname(page)}/`;
  const candidates = [named, posix.normalize(`${pageDir}${named}`)];
  if (named.includes('*')) {
    if (!named.includes('/')) {
      const pattern = globPattern(named);
      return entries.some((entry) => pattern.test(posix.basename(entry)));
    }
    return candidates.some((candidate) => entries.some((entry) => globPattern(candidate).test(entry)));
  }
  return candidates.some((candidate) => !candidate.startsWith('..') && existsSync(join(root, candidate)));
}
