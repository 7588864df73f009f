import { ConfigError, loadConfig, type Config } from '../core/config.ts';
import { isOpenRefusal } from '../db/database.ts';
import { createLogger } from '../core/logger.ts';
import { missingCredentials } from './demo/demo.ts';
import { startService, type ProcessRole, type RunningService } from './runtime.ts';

// Process entry: `node runtime/main.ts all|web|worker`. `all` (npm start) runs web and worker in one
// process and is the only role the embedded database allows.
const role = (process.argv[2] ?? 'all') as ProcessRole;
if (!['all', 'web', 'worker'].includes(role)) {
  console.error(`Unknown role "${role}": expected all, web or worker.`);
  process.exit(2);
}

let config: Config;
try {
  config = loadConfig();
} catch (error) {
  if (!(error instanceof ConfigError)) throw error;
  console.error(error.message);
  process.exit(1);
}
const missing = role === 'all' ? missingCredentials(config) : [];
if (missing.length > 0) {
  console.error(
    `Partial configuration: ${missing.join(', ')} ${missing.length === 1 ? 'is' : 'are'} missing. A real shop needs ` +
      'EASYPOST_API_KEY, SHOPIFY_SHOP and the app: SHOPIFY_CLIENT_ID and SHOPIFY_CLIENT_SECRET (a Dev Dashboard app), ' +
      'or the legacy SHOPIFY_ADMIN_ACCESS_TOKEN and SHOPIFY_API_SECRET. Set none of them for the demo.',
  );
  process.exit(1);
}
if (role !== 'all' && config.databaseKind === 'embedded') {
  console.error(
    `"${role}" runs as a separate process, which needs DATABASE_URL (PostgreSQL). ` +
      'The embedded database belongs to the one process that runs it: use npm start.',
  );
  process.exit(1);
}

const logger = createLogger(config);
// Signals are taken from the start: /readyz answers before the start has finished (the demo's welcome,
// the email templates), and a stop asked for meanwhile is carried out as soon as there is a service.
let service: RunningService | undefined;
let stopAsked: string | undefined;
let stopping = false;
process.on('SIGTERM', () => void shutdown('SIGTERM'));
process.on('SIGINT', () => void shutdown('SIGINT'));

async function shutdown(signal: string): Promise<void> {
  if (!service) {
    // A second signal while still starting means now.
    if (stopAsked) process.exit(1);
    stopAsked = signal;
    return;
  }
  if (stopping) return;
  stopping = true;
  logger.info({ signal }, 'shutting down');
  const force = setTimeout(() => {
    logger.error('shutdown took too long; exiting');
    process.exit(1);
  }, config.SHUTDOWN_TIMEOUT_MS + 5000);
  force.unref();
  try {
    await service.stop();
    process.exitCode = 0;
  } catch (error) {
    logger.error({ err: error }, 'error during shutdown');
    process.exitCode = 1;
  }
}

try {
  service = await startService(config, logger, role);
} catch (error) {
  if (isOpenRefusal(error)) {
    console.error(error.message);
  } else {
    logger.fatal({ err: error }, 'could not start');
  }
  logger.flush();
  process.exit(1);
}
if (stopAsked) void shutdown(stopAsked);
// The background thread ended on its own, or the embedded database server did and could not be
// started again (already logged): stop, and say so in the exit code, so a supervisor starts the
// service again.
void service.died?.then(async (error) => {
  await shutdown(error.message);
  process.exitCode = 1;
});
