import { Router } from 'express';
import { attentionQueue, failedNotificationsQueue, openDisputesQueue, openIssuesQueue, openLostCasesQueue } from '../../db/console.repository.ts';
import type { Db } from '../../db/database.ts';
import type { AppServices } from '../services.ts';
import { AppError } from '../../core/errors.ts';
import { issueKindsIn } from '../../core/notification-kinds.ts';
import { requireSupportUser } from './auth.ts';
import { renderConsolePage } from './pages.ts';
import { presentAttention, presentDisputes, presentFailedEmails, presentIssues, presentLostCases, type QueueTable } from './queues.presenter.ts';

// A page shows this many rows; the rest wait until the first ones are dealt with.
export const QUEUE_CAP = 200;

interface QueueDefinition {
  title: string;
  description: string;
  load(db: Db, shopId: string, limit: number, timeZone: string): Promise<QueueTable & { fetched: number }>;
}

const withCount =
  <R>(present: (rows: R[], timeZone: string) => QueueTable, timeZone: string) =>
  (rows: R[]) => ({ ...present(rows.slice(0, QUEUE_CAP), timeZone), fetched: rows.length });

export const queues: Record<string, QueueDefinition> = {
  disputes: {
    title: 'Not-received cases',
    description: 'Open cases, the longest waiting first.',
    load: (db, shopId, limit, timeZone) => openDisputesQueue(db, shopId, limit).then(withCount(presentDisputes, timeZone)),
  },
  lost: {
    title: 'Presumed lost parcels',
    description: 'No scan for too long, lost or damaged by the carrier’s own word, or tracking expired before delivery: send a replacement, refund, or record it found. The longest waiting first.',
    load: (db, shopId, limit, timeZone) => openLostCasesQueue(db, shopId, limit).then(withCount(presentLostCases, timeZone)),
  },
  'stalled-late': {
    title: 'Stalled or late parcels',
    description: 'Parcels with no new scan for too long, or past their estimated delivery, the longest open first.',
    load: (db, shopId, limit, timeZone) => openIssuesQueue(db, shopId, issueKindsIn('stalled-late'), limit).then(withCount(presentIssues, timeZone)),
  },
  'action-needed': {
    title: 'Shopper must act',
    description: 'A pickup, a failed delivery attempt or an address problem, the longest open first.',
    load: (db, shopId, limit, timeZone) => openIssuesQueue(db, shopId, issueKindsIn('action-needed'), limit).then(withCount(presentIssues, timeZone)),
  },
  'carrier-mismatch': {
    title: 'Carrier mismatch',
    description: 'The carrier that scans the parcel is not the one the shop declared. Oldest first.',
    load: (db, shopId, limit, timeZone) => attentionQueue(db, shopId, 'carrier_mismatch', limit).then(withCount(presentAttention, timeZone)),
  },
  'invalid-tracking': {
    title: 'Invalid tracking codes',
    description: 'Codes the carrier does not know: often a typo in the fulfilment. Oldest first.',
    load: (db, shopId, limit, timeZone) => attentionQueue(db, shopId, 'invalid_tracking_code', limit).then(withCount(presentAttention, timeZone)),
  },
  'failed-emails': {
    title: 'Failed emails',
    description: 'Emails that could not be sent after every retry, the latest first.',
    load: (db, shopId, limit, timeZone) => failedNotificationsQueue(db, shopId, limit).then(withCount(presentFailedEmails, timeZone)),
  },
};

export const queueLinks = Object.entries(queues).map(([key, q]) => ({ key, label: q.title, href: `/support/queues/${key}` }));

// GET /support/queues/:queue: one work queue, for any support user.
export function queueRoutes({ db, shopId, config }: AppServices): Router {
  const router = Router();
  router.get('/support/queues/:queue', requireSupportUser(), async (req, res) => {
    const key = String(req.params.queue);
    const queue = Object.hasOwn(queues, key) ? queues[key] : undefined;
    if (!queue) throw new AppError('not_found', 'There is no such queue.');
    const table = await queue.load(db, shopId, QUEUE_CAP + 1, config.SHOP_TIME_ZONE);
    renderConsolePage(req, res, {
      name: 'support-queue',
      title: queue.title,
      data: { queue: { key, title: queue.title, description: queue.description }, table, capped: table.fetched > QUEUE_CAP, cap: QUEUE_CAP, queueLinks },
    });
  });
  return router;
}
