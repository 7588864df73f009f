import { pino, type Logger } from 'pino';
import type { Config } from './config.ts';

export type { Logger };

// JSON lines in production (and whenever output is not a terminal); readable lines in a terminal.
export function createLogger(config: Pick<Config, 'LOG_LEVEL' | 'NODE_ENV'>): Logger {
  const pretty = config.NODE_ENV !== 'production' && process.stdout.isTTY;
  return pino({
    level: config.LOG_LEVEL,
    base: { service: 'whereabouts' },
    redact: { paths: ['req.headers.authorization', 'req.headers.cookie', '*.password'], remove: true },
    ...(pretty ? { transport: { target: 'pino-pretty', options: { translateTime: 'SYS:HH:MM:ss.l', ignore: 'pid,hostname,service' } } } : {}),
  });
}
