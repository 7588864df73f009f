import { writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { parseConfig } from '../../../core/config.ts';
import { createLogger } from '../../../core/logger.ts';
import { startService, type ProcessRole } from '../../../runtime/runtime.ts';

// A production service (what `npm start`, `npm run web` or `npm run worker` start, by --role; web is
// allowed here on the embedded database too) in a process of its own, so the load generator does not
// share its event loop or its CPU. Configured by the environment alone; stops on SIGTERM.
// With an IPC channel the parent brackets what to measure:
// - with --cpu-profile FILE: 'profile:start' and 'profile:stop', answered by 'profile:written' once
//   FILE holds a .cpuprofile;
// - 'loop:reset' starts the event-loop delay histogram afresh, 'loop:report' answers with
//   {loop: {p50, p99, max}}: how late a timer due every 10 ms ran, in milliseconds, since then.

const { values } = parseArgs({ options: { 'cpu-profile': { type: 'string' }, role: { type: 'string', default: 'web' } } });
const profileFile = values['cpu-profile'];
const config = parseConfig(process.env);
const logger = createLogger(config);
const service = await startService(config, logger, values.role as ProcessRole);
process.send?.('ready');

const RESOLUTION_MS = 10;
const loop = monitorEventLoopDelay({ resolution: RESOLUTION_MS });
loop.enable();
const ms = (ns: number) => Number(Math.max(0, ns / 1e6 - RESOLUTION_MS).toFixed(1));

const session = profileFile ? new Session() : undefined;
session?.connect();
process.on('message', async (message) => {
  if (message === 'loop:reset') {
    loop.reset();
  } else if (message === 'loop:report') {
    process.send?.({
      loop: { p50: ms(loop.percentile(50)), p99: ms(loop.percentile(99)), max: ms(loop.max) },
    });
  } else if (message === 'profile:start' && session) {
    await session.post('Profiler.enable');
    await session.post('Profiler.setSamplingInterval', { interval: 200 });
    await session.post('Profiler.start');
  } else if (message === 'profile:stop' && session && profileFile) {
    const { profile } = await session.post('Profiler.stop');
    writeFileSync(profileFile, JSON.stringify(profile));
    process.send?.('profile:written');
  }
});

process.on('SIGTERM', () => {
  process.disconnect?.();
  void service.stop().then(() => process.exit(0));
});
