import { parseArgs } from 'node:util';
import { manualClock } from '../../../sandbox/carrier/clock.ts';
import { startSandboxCarrier } from '../../../sandbox/carrier/server.ts';

// The sandbox carrier in a process of its own, so a benchmark's worker does not share its CPU.
// Prints one JSON line with the base URL once listening; stops on SIGTERM.
const { values } = parseArgs({ options: { latency: { type: 'string', default: '50' }, key: { type: 'string', default: 'EZTK_bench' } } });
const carrier = await startSandboxCarrier({
  apiKey: values.key,
  latencyMs: Number(values.latency),
  clock: manualClock(new Date()),
  listRateLimit: false,
});
process.stdout.write(`${JSON.stringify({ baseUrl: carrier.baseUrl })}\n`);
process.on('SIGTERM', () => void carrier.close().then(() => process.exit(0)));
