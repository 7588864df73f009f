import express, { type Express } from 'express';
import helmet from 'helmet';
import { errorHandler, notFoundHandler } from './errors.ts';
import { healthRoutes } from './health/health.routes.ts';
import { refuseDeepBody, refuseNulInUrl, refuseRepeatedQuery } from './text-input.ts';
import { lookupRoutes } from './lookup/lookup.routes.ts';
import { lookupPageRoutes } from './lookup/page.routes.ts';
import { shopperDisputeRoutes } from './disputes/shopper.routes.ts';
import { optOutRoutes } from './notifications/opt-out.routes.ts';
import { devMailRoutes } from './dev/mail.routes.ts';
import { requestLogger } from './request-logger.ts';
import { httpMetrics, metricsRoutes } from './metrics/metrics.routes.ts';
import { easypostWebhookRoutes } from './webhooks/easypost.routes.ts';
import { shopifyWebhookRoutes } from './webhooks/shopify.routes.ts';
import { supportRoutes } from './support/support.routes.ts';
import type { AppServices } from './services.ts';
import { listenHost, trustProxyWarning } from '../core/config.ts';

// Builds the HTTP app without listening, so tests drive it on an ephemeral port.
export function createApp(services: AppServices): Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', services.config.TRUST_PROXY);
  const trustWarning = trustProxyWarning(services.config, listenHost(services.config, services.demo === true));
  if (trustWarning) services.logger.warn(trustWarning);
  app.use(helmet());
  // Once stopping, every answer closes its connection: a client that keeps a connection busy (a
  // webhook sender, a load balancer) would otherwise hold the closing server open until the shutdown
  // timeout.
  app.use((_req, res, next) => {
    if (services.lifecycle.shuttingDown) res.set('Connection', 'close');
    next();
  });
  app.use(requestLogger(services.logger));
  app.use(httpMetrics());

  app.use(refuseNulInUrl);
  app.use(refuseRepeatedQuery);
  app.use(healthRoutes(services));
  app.use(metricsRoutes(services));
  // Webhook receivers parse their own raw bodies (signatures are over the exact bytes): before JSON.
  app.use(easypostWebhookRoutes(services));
  app.use(shopifyWebhookRoutes(services));
  app.use(express.json({ limit: services.config.HTTP_BODY_LIMIT }), refuseDeepBody);
  app.use(supportRoutes(services));
  app.use(lookupRoutes(services));
  app.use(lookupPageRoutes(services));
  app.use(shopperDisputeRoutes(services));
  app.use(optOutRoutes(services));
  // The dev outbox holds shoppers' mail, addresses and signed links, and it answers anyone: only the
  // demo (whose mail is made up) or an explicit NODE_ENV=development mounts it. A real shop without
  // SMTP_URL reads its outbox in the console, as an admin.
  if (services.config.NODE_ENV === 'development' || services.demo) app.use(devMailRoutes(services));

  app.use(notFoundHandler);
  app.use(errorHandler(services.logger));
  return app;
}
