import { Router, type ErrorRequestHandler } from 'express';
import type { AppServices } from '../services.ts';
import { httpStatusOf, toAppError } from '../errors.ts';
import { routeOf } from '../request-logger.ts';
import { analyticsRoutes } from '../analytics/analytics.routes.ts';
import { auditRoutes } from './audit.routes.ts';
import { blockRoutes } from './blocks.routes.ts';
import { consoleRoutes } from './console.routes.ts';
import { disputeRoutes } from './dispute.routes.ts';
import { helpdeskRoutes } from './helpdesk.routes.ts';
import { loginRoutes } from './login.routes.ts';
import { noteRoutes } from './notes.routes.ts';
import { outboxRoutes } from './outbox.routes.ts';
import { notificationPreviewRoutes } from './notification-preview.routes.ts';
import { sendSupportError, wantsHtml } from './pages.ts';
import { queueRoutes } from './queues.routes.ts';
import { supportContextOf } from './request-context.ts';
import { searchRoutes } from './search.routes.ts';
import { supportSessionMiddleware } from './session.middleware.ts';
import { shipmentActionRoutes } from './shipment-actions.routes.ts';
import { shipmentRoutes } from './shipment.routes.ts';
import { tokenRoutes } from './tokens.routes.ts';

// The support console (/support/…, session cookie) and the helpdesk API (/api/v1/support/…, bearer
// token). The session middleware runs first for everything under /support, including the console
// routers other features mount after this one.
export function supportRoutes(services: AppServices): Router {
  const router = Router();
  router.use('/support', supportSessionMiddleware(services));
  router.use(loginRoutes(services));
  router.use(consoleRoutes(services));
  router.use(auditRoutes(services));
  router.use(tokenRoutes(services));
  router.use(helpdeskRoutes(services));
  router.use(searchRoutes(services));
  router.use(queueRoutes(services));
  router.use(shipmentRoutes(services));
  router.use(shipmentActionRoutes(services));
  router.use(noteRoutes(services));
  router.use(notificationPreviewRoutes(services));
  router.use(outboxRoutes(services));
  router.use(blockRoutes(services));
  router.use(disputeRoutes(services));
  router.use(analyticsRoutes(services));
  router.use('/support', consolePageErrors(services));
  return router;
}

// A person using the console sees an error as a page; programs get the common JSON shape from the
// app's error handler.
function consolePageErrors({ logger }: AppServices): ErrorRequestHandler {
  return (error, req, res, next) => {
    const context = supportContextOf(req);
    if (!context || !wantsHtml(req) || res.headersSent) return next(error);
    const appError = toAppError(error);
    if (httpStatusOf(appError) >= 500) logger.error({ err: error, method: req.method, route: routeOf(req) }, 'support console request failed');
    sendSupportError(req, res, context, appError);
  };
}
