import type { Express } from 'express';
import { type AppServices, type Lifecycle } from '../../server/services.ts';
import { createApp } from '../../server/app.ts';
import { createLookupCounter } from '../../domain/lookup/lookup-counter.ts';
import { createLookupLimits } from '../../server/lookup/rate-limits.ts';
import type { TestContext } from './context.ts';
import { listen, type TestServer } from './http.ts';

export const TEST_SECRET = 'test-secret-key-that-is-long-enough-0123456789';

// The app over a test context, with its services (override any), listening on an ephemeral port.
export async function startApp(ctx: TestContext, overrides: Partial<AppServices> = {}, port = 0): Promise<TestServer & { app: Express; services: AppServices }> {
  const lifecycle: Lifecycle = { shuttingDown: false };
  const services: AppServices = {
    config: ctx.config,
    db: ctx.db,
    queue: await ctx.queue(),
    logger: ctx.logger,
    shopId: ctx.shop.id,
    secretKey: TEST_SECRET,
    lookupLimits: createLookupLimits(ctx.handle, ctx.config),
    // Written when a test asks (services.lookupCounter.flush()), not on a timer of its own.
    lookupCounter: createLookupCounter(ctx.db, ctx.shop.id, ctx.logger, 3_600_000),
    lifecycle,
    ...overrides,
  };
  const app = createApp(services);
  return { ...(await listen(app, port)), app, services };
}
