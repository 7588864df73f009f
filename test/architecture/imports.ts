import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';

// Reads every import of the project's TypeScript files, including type-only imports, re-exports and
// dynamic import('…'), so the layer rule sees what the type checker sees, not only what runs.

export const root = resolve(import.meta.dirname, '..', '..');

/** Lower layers first: a file may import its own layer or any layer before it. */
export const layers = ['core', 'db', 'emails', 'domain', 'jobs', 'server', 'runtime'] as const;

const sourceFolders = [...layers, 'sandbox', 'test'];

export interface Edge {
  from: string;
  to: string;
}

function tsFiles(dir: string): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === 'node_modules') continue;
    const path = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...tsFiles(path));
    else if (entry.name.endsWith('.ts')) out.push(path);
  }
  return out;
}

const specifierPatterns = [
  /\b(?:import|export)\s+(?:type\s+)?[\w*{}\s,$]*?\s*from\s*['"]([^'"]+)['"]/g,
  /\bimport\s*['"]([^'"]+)['"]/g,
  /\bimport\s*\(\s*['"]([^'"]+)['"]\s*\)/g,
];

/** Comments are dropped first so an example in a comment is not read as an import. */
function withoutComments(text: string): string {
  return text.replace(/\/\*[\s\S]*?\*\//g, '').replace(/(^|[^:'"`\\])\/\/.*$/gm, '$1');
}

/** Every module specifier a file names: static, type-only, side-effect, re-export and dynamic. */
export function specifiersOf(source: string): string[] {
  const text = withoutComments(source);
  return specifierPatterns.flatMap((pattern) => [...text.matchAll(pattern)].map((match) => match[1]));
}

export function projectEdges(): Edge[] {
  const edges: Edge[] = [];
  for (const folder of sourceFolders) {
    if (!existsSync(join(root, folder))) continue;
    for (const file of tsFiles(join(root, folder))) {
      for (const specifier of specifiersOf(readFileSync(file, 'utf8'))) {
        if (!specifier.startsWith('.')) continue;
        edges.push({ from: toRepoPath(file), to: toRepoPath(resolve(dirname(file), specifier)) });
      }
    }
  }
  return edges;
}

function toRepoPath(path: string): string {
  return relative(root, path).split(sep).join('/');
}

export function folderOf(path: string): string {
  return path.split('/')[0];
}

/** An import breaks the rule when it points to a higher layer, into test/, or into sandbox/ from outside the demo. */
export function upwardImports(edges: Edge[]): Edge[] {
  return edges.filter(({ from, to }) => {
    const source = folderOf(from);
    const target = folderOf(to);
    if (source === 'test') return false;
    if (target === 'test') return true;
    if (source === 'sandbox') return false;
    if (target === 'sandbox') return !from.startsWith('runtime/demo/');
    const sourceRank = layers.indexOf(source as (typeof layers)[number]);
    const targetRank = layers.indexOf(target as (typeof layers)[number]);
    return targetRank > sourceRank;
  });
}

/** Strongly connected groups of two or more files (Tarjan), each one import circle. */
export function circles(edges: Edge[]): string[][] {
  const next = new Map<string, string[]>();
  for (const { from, to } of edges) {
    if (!next.has(from)) next.set(from, []);
    next.get(from)!.push(to);
  }
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const groups: string[][] = [];
  let counter = 0;
  const visit = (node: string): void => {
    index.set(node, counter);
    low.set(node, counter);
    counter += 1;
    stack.push(node);
    onStack.add(node);
    for (const target of next.get(node) ?? []) {
      if (!index.has(target)) {
        visit(target);
        low.set(node, Math.min(low.get(node)!, low.get(target)!));
      } else if (onStack.has(target)) {
        low.set(node, Math.min(low.get(node)!, index.get(target)!));
      }
    }
    if (low.get(node) === index.get(node)) {
      const group: string[] = [];
      let member: string;
      do {
        member = stack.pop()!;
        onStack.delete(member);
        group.push(member);
      } while (member !== node);
      if (group.length > 1) groups.push(group.sort());
    }
  };
  for (const node of next.keys()) if (!index.has(node)) visit(node);
  return groups;
}
