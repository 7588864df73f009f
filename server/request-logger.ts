import type { RequestHandler } from 'express';
import type { Logger } from './logger.ts';

// One log line per request, after the response, with its duration. Health probes log at debug.
export function requestLogger(logger: Logger): RequestHandler {
  return (req, res, next) => {
    const started = performance.now();
    res.on('finish', () => {
      const probe = req.path === '/healthz' || req.path === '/readyz';
      const level = res.statusCode >= 500 ? 'error' : probe ? 'debug' : 'info';
      logger[level](
        { method: req.method, path: req.path, status: res.statusCode, ms: Math.round(performance.now() - started) },
        'request',
      );
    });
    next();
  };
}
