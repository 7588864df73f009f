import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, renameSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { freePort } from '../support/http.ts';
import { projectRoot } from '../support/process.ts';
import { databaseTemplateDir } from '../../runtime/database-template.ts';

// The first start a newcomer meets: `npm start` (node runtime/main.ts all) on an empty DATA_DIR, with
// no credentials (the demo), until /readyz answers 200 and until the demo's welcome is printed. Each
// run is a fresh process on a fresh data dir; the result is the median of the runs, with the time to
// /healthz (the process listening). References measured in the same run: the same process started
// again on the data dir the first one left, and a first start without the database template that
// npm install builds (initdb, the migrations and pg-boss's schema at start, as before the
// template existed; the template directory is set aside for that start and put back).
//
//   npm run bench:start [-- --runs 3]

const { values: args } = parseArgs({ options: { runs: { type: 'string', default: '3' } } });
const runs = Number(args.runs);

interface Timing {
  healthSeconds: number;
  readySeconds: number;
  welcomeSeconds: number;
}

async function timeStart(dataDir: string): Promise<Timing> {
  const port = await freePort();
  const started = performance.now();
  const child = spawn(process.execPath, ['runtime/main.ts', 'all'], {
    cwd: projectRoot,
    env: { PATH: process.env.PATH ?? '', DATA_DIR: dataDir, PORT: String(port), LOG_LEVEL: 'warn' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  let welcomeSeconds = Number.NaN;
  child.stdout.on('data', (chunk) => {
    output += chunk;
    if (Number.isNaN(welcomeSeconds) && output.includes('Where is my order?')) welcomeSeconds = (performance.now() - started) / 1000;
  });
  child.stderr.on('data', (chunk) => (output += chunk));
  const exited = new Promise<void>((resolve) => child.on('exit', () => resolve()));
  const elapsed = () => (performance.now() - started) / 1000;
  try {
    const healthSeconds = await pollUntil200(`http://127.0.0.1:${port}/healthz`, child, () => output);
    const readySeconds = await pollUntil200(`http://127.0.0.1:${port}/readyz`, child, () => output);
    while (Number.isNaN(welcomeSeconds)) {
      if (child.exitCode !== null || elapsed() > 120) throw new Error(`no welcome within 120 s:\n${output}`);
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    return { healthSeconds: healthSeconds / 1000, readySeconds: readySeconds / 1000, welcomeSeconds };
  } finally {
    child.kill('SIGTERM');
    await exited;
  }

  async function pollUntil200(url: string, proc: typeof child, log: () => string): Promise<number> {
    while (elapsed() < 120) {
      if (proc.exitCode !== null) throw new Error(`the process exited early:\n${log()}`);
      try {
        if ((await fetch(url)).status === 200) return performance.now() - started;
      } catch {
        // not listening yet
      }
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    throw new Error(`${url} not 200 within 120 s:\n${log()}`);
  }
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const round = (value: number) => value.toFixed(2);

async function withoutTemplate<T>(work: () => Promise<T>): Promise<T> {
  const file = databaseTemplateDir();
  const aside = `${file}.bench-aside`;
  const present = existsSync(file);
  if (present) renameSync(file, aside);
  try {
    return await work();
  } finally {
    if (present) renameSync(aside, file);
  }
}

async function inFreshDir<T>(work: (dataDir: string) => Promise<T>): Promise<T> {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'whereabouts-start-bench-'));
  try {
    return await work(dataDir);
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
}

if (!existsSync(databaseTemplateDir())) console.log('no database template: run npm install (or npm run postinstall) first');
const fresh: Timing[] = [];
const again: Timing[] = [];
const untemplated: Timing[] = [];
for (let run = 0; run < runs; run++) {
  await inFreshDir(async (dataDir) => {
    fresh.push(await timeStart(dataDir));
    again.push(await timeStart(dataDir));
  });
  untemplated.push(await withoutTemplate(() => inFreshDir(timeStart)));
  const last = fresh.at(-1)!;
  console.log(
    `run ${run + 1}: healthz ${round(last.healthSeconds)} s, readyz ${round(last.readySeconds)} s, welcome ${round(last.welcomeSeconds)} s; ` +
      `restart readyz ${round(again.at(-1)!.readySeconds)} s; without the template readyz ${round(untemplated.at(-1)!.readySeconds)} s`,
  );
}
const pick = (timings: Timing[], key: keyof Timing) => round(median(timings.map((t) => t[key])));
console.log(
  `bench:start runs=${runs} ready_s=${pick(fresh, 'readySeconds')} welcome_s=${pick(fresh, 'welcomeSeconds')} ` +
    `healthz_s=${pick(fresh, 'healthSeconds')} restart_ready_s=${pick(again, 'readySeconds')} no_template_ready_s=${pick(untemplated, 'readySeconds')} ` +
    `fresh_over_restart=${(median(fresh.map((t) => t.readySeconds)) / median(again.map((t) => t.readySeconds))).toFixed(2)} ` +
    `fresh_over_no_template=${(median(fresh.map((t) => t.readySeconds)) / median(untemplated.map((t) => t.readySeconds))).toFixed(2)}`,
);
