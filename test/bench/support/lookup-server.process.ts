import { writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import { parseArgs } from 'node:util';
import { parseConfig } from '../../../core/config.ts';
import { createLogger } from '../../../core/logger.ts';
import { startService } from '../../../server/runtime.ts';

// The production web service (what `npm run web` starts, allowed here on the embedded database too) in a
// process of its own, so the load generator does not share its event loop or its CPU. Configured by
// the environment alone; ready when /readyz answers; stops on SIGTERM.
// With --cpu-profile FILE and an IPC channel, the parent brackets what to profile: it sends
// 'profile:start' and 'profile:stop', and gets 'profile:written' once FILE holds a .cpuprofile.

const { values } = parseArgs({ options: { 'cpu-profile': { type: 'string' } } });
const config = parseConfig(process.env);
const logger = createLogger(config);
const service = await startService(config, logger, 'web');

const profileFile = values['cpu-profile'];
if (profileFile && process.send) {
  const session = new Session();
  session.connect();
  process.on('message', async (message) => {
    if (message === 'profile:start') {
      await session.post('Profiler.enable');
      await session.post('Profiler.setSamplingInterval', { interval: 200 });
      await session.post('Profiler.start');
    } else if (message === 'profile:stop') {
      const { profile } = await session.post('Profiler.stop');
      writeFileSync(profileFile, JSON.stringify(profile));
      process.send?.('profile:written');
    }
  });
}

process.on('SIGTERM', () => {
  process.disconnect?.();
  void service.stop().then(() => process.exit(0));
});
