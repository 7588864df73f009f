import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { projectRoot } from '../../support/process.ts';

// The processes a benchmark starts, each stopped (SIGTERM, then SIGKILL after a grace) by stopAll,
// whatever happened before.

const here = path.dirname(fileURLToPath(import.meta.url));

export interface BenchProcess {
  name: string;
  child: ChildProcess;
  output(): string;
  exited: Promise<number | null>;
  // Each JSON line the process prints on stdout, in order.
  lines: AsyncIterator<string>;
  // Messages received over IPC.
  messages: unknown[];
}

const started: BenchProcess[] = [];

// Starts test/bench/support/<script> with the arguments and environment given (nothing inherited but PATH).
export function startBenchProcess(name: string, script: string, args: string[], env: Record<string, string> = {}): BenchProcess {
  const child = spawn(process.execPath, [path.join(here, script), ...args], {
    cwd: projectRoot,
    env: { PATH: process.env.PATH ?? '', ...env },
    stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
  });
  let output = '';
  child.stderr!.on('data', (chunk) => (output = (output + chunk).slice(-20_000)));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const messages: unknown[] = [];
  child.on('message', (message) => messages.push(message));
  const proc = { name, child, output: () => output, exited, lines: createInterface({ input: child.stdout! })[Symbol.asyncIterator](), messages };
  started.push(proc);
  return proc;
}

// The first line a process prints, parsed: how the sandboxes tell where they listen.
export async function firstLine<T>(proc: BenchProcess): Promise<T> {
  const line = await proc.lines.next();
  if (line.done) throw new Error(`${proc.name} exited before it was ready:\n${proc.output()}`);
  return JSON.parse(line.value) as T;
}

// Waits for an IPC message that passes the test, failing when the process exits first.
export async function messageFrom<T>(proc: BenchProcess, test: (message: unknown) => boolean, timeoutMs = 600_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const index = proc.messages.findIndex(test);
    if (index >= 0) return proc.messages.splice(index, 1)[0] as T;
    if (proc.child.exitCode !== null) throw new Error(`${proc.name} exited:\n${proc.output()}`);
    if (Date.now() > deadline) throw new Error(`${proc.name} did not answer within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

// Peak resident set size so far (VmHWM, Linux), in MiB.
export function peakRssMb(pid: number): number {
  const kb = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
  return Number(kb ?? 0) / 1024;
}

// User + system CPU seconds a process has used so far (Linux /proc).
export function cpuSecondsOf(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

export async function stopAll(graceMs = 15_000): Promise<void> {
  await Promise.all(
    started.splice(0).map(async (proc) => {
      if (proc.child.exitCode !== null || proc.child.signalCode !== null) return;
      proc.child.kill('SIGTERM');
      const timer = setTimeout(() => proc.child.kill('SIGKILL'), graceMs);
      await proc.exited;
      clearTimeout(timer);
    }),
  );
}
