import type { Request, RequestHandler } from 'express';
import type { Logger } from '../core/logger.ts';

// What a request is called in logs and metrics: its route pattern ("/track/:token"), never the path,
// which carries the signed tokens of lookup, address and opt-out links. A request no route answered
// is "unmatched": its path may hold a token too.
export function routeOf(req: Request): string {
  return req.route?.path ? `${req.baseUrl}${String(req.route.path)}` : 'unmatched';
}

// One log line per request, after the response, with its duration. Health probes log at debug.
export function requestLogger(logger: Logger): RequestHandler {
  return (req, res, next) => {
    const started = performance.now();
    res.on('finish', () => {
      const probe = req.path === '/healthz' || req.path === '/readyz';
      const level = res.statusCode >= 500 ? 'error' : probe ? 'debug' : 'info';
      logger[level](
        { method: req.method, route: routeOf(req), status: res.statusCode, ms: Math.round(performance.now() - started) },
        'request',
      );
    });
    next();
  };
}
