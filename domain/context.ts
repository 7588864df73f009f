import type { Config } from '../core/config.ts';
import type { Logger } from '../core/logger.ts';
import type { Db } from '../db/database.ts';
import type { NotificationMailer } from './notifications/deliver.ts';
import type { ShopifyAdmin } from './shopify/admin-api.ts';
import type { TrackingApi } from './tracking/easypost.adapter.ts';
import type { WorkQueue } from './work.ts';

// What the product's use cases may reach, whichever door calls them. Each use case takes the narrow
// part it needs (a Pick of this), never a request, a response or a queue library's type.
export interface DomainContext {
  db: Db;
  config: Config;
  logger: Logger;
  queue: WorkQueue;
  // The deployment's shop.
  shopId: string;
  // The carrier API; absent when no EasyPost key is configured (tracking then waits).
  carrier: TrackingApi | undefined;
  // The Shopify Admin API; absent when no shop is configured.
  shopify: ShopifyAdmin | undefined;
  // Renders and sends emails (SMTP, or the dev outbox).
  mailer: NotificationMailer | undefined;
}
