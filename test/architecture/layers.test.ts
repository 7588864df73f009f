import { expect } from 'chai';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { circles, projectEdges, root, specifiersOf, upwardImports } from './imports.ts';

// The floor plan (docs/architecture.md): core < db < emails < domain < jobs < server < runtime, each
// layer importing only itself and those below it; production code never imports test/, and only the
// demo imports sandbox/.
// Type-only imports count too: a type pulled from above still ties the lower layer to the upper one.

describe('architecture: layers', () => {
  const edges = projectEdges();

  it('reads imports of every kind', () => {
    const fromHere = edges.filter(({ from }) => from === 'test/architecture/layers.test.ts');
    expect(fromHere.map(({ to }) => to)).to.include('test/architecture/imports.ts');
    expect(edges.length).to.be.greaterThan(1000);
  });

  it('has no imports up the layers', () => {
    const upward = upwardImports(edges).map(({ from, to }) => `${from} -> ${to}`);
    expect(upward, upward.join('\n')).to.deep.equal([]);
  });

  it('has no import circles', () => {
    const groups = circles(edges).map((group) => group.join(' '));
    expect(groups, groups.join('\n\n')).to.deep.equal([]);
  });
});

const filesUnder = (folder: string): string[] =>
  readdirSync(join(root, folder), { recursive: true, encoding: 'utf8' })
    .filter((file) => file.endsWith('.ts'))
    .map((file) => `${folder}/${file.split('\\').join('/')}`);

describe('architecture: doors', () => {
  const edges = projectEdges();

  it('keeps express and pg-boss out of domain/: a use case takes plain values', () => {
    const leaks = filesUnder('domain').filter((file) => specifiersOf(readFileSync(join(root, file), 'utf8')).some((s) => s === 'express' || s.startsWith('pg-boss')));
    expect(leaks).to.deep.equal([]);
  });

  it('keeps jobs/ to the queue, the worker lifecycle and the job definitions', () => {
    const others = filesUnder('jobs').filter((file) => !file.endsWith('.job.ts') && !['jobs/job.ts', 'jobs/queue.ts', 'jobs/registry.ts', 'jobs/worker.ts'].includes(file));
    expect(others).to.deep.equal([]);
  });

  it('keeps transactions and audit writes out of routes: each is a use case in domain/', () => {
    const offenders = filesUnder('server')
      .filter((file) => file.endsWith('.routes.ts'))
      .flatMap((file) => {
        const text = readFileSync(join(root, file), 'utf8');
        return ['.transaction(', 'recordAudit('].filter((call) => text.includes(call)).map((call) => `${file} calls ${call}`);
      });
    expect(offenders, `routes doing a use case's work:\n${offenders.join('\n')}`).to.deep.equal([]);
  });

  it('lets only the demo import the sandbox', () => {
    const importers = edges.filter(({ from, to }) => to.startsWith('sandbox/') && !from.startsWith('sandbox/') && !from.startsWith('test/')).map(({ from }) => from);
    expect([...new Set(importers)].every((from) => from.startsWith('runtime/demo/'))).to.equal(true);
  });
});

describe('architecture: import reader', () => {
  it('reads static, type-only, re-exported, side-effect and dynamic imports but not comments', () => {
    const source = [
      "import { a, type B } from './a.ts';",
      "import type {\n  C,\n} from '../c.ts';",
      "export { d } from './d.ts';",
      "export * from './e.ts';",
      "import './f.ts';",
      "const g = await import('./g.ts');",
      "// import { h } from './h.ts';",
      "import express from 'express';",
    ].join('\n');
    expect(specifiersOf(source)).to.have.members(['./a.ts', '../c.ts', './d.ts', './e.ts', './f.ts', './g.ts', 'express']);
  });

  it('flags imports up the layers, into test/, and into sandbox/ from outside the demo', () => {
    const edges = [
      { from: 'jobs/a.ts', to: 'server/config.ts' },
      { from: 'db/b.ts', to: 'core/config.ts' },
      { from: 'runtime/demo/c.ts', to: 'sandbox/shop/server.ts' },
      { from: 'server/d.ts', to: 'sandbox/shop/server.ts' },
      { from: 'emails/e.ts', to: 'test/support/x.ts' },
    ];
    expect(upwardImports(edges).map(({ from }) => from)).to.deep.equal(['jobs/a.ts', 'server/d.ts', 'emails/e.ts']);
  });

  it('reports a circle once, with every file in it', () => {
    const edges = [
      { from: 'a.ts', to: 'b.ts' },
      { from: 'b.ts', to: 'c.ts' },
      { from: 'c.ts', to: 'a.ts' },
      { from: 'c.ts', to: 'd.ts' },
    ];
    expect(circles(edges)).to.deep.equal([['a.ts', 'b.ts', 'c.ts']]);
  });
});
