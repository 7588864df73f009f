import express, { Router } from 'express';
import { z } from 'zod';
import { followsTracker } from '../../db/shipments.repository.ts';
import { recordReceipt } from '../../db/webhook-receipts.repository.ts';
import { jobs } from '../../jobs/registry.ts';
import { validateEasyPostWebhook } from '../../domain/tracking/easypost.adapter.ts';
import type { AppServices } from '../services.ts';
import { AppError } from '../../core/errors.ts';
import { withoutNul } from '../../core/text.ts';

const eventSchema = z.object({
  id: z.string().min(1).max(200),
  description: z.string().max(200),
  result: z.object({ id: z.string(), object: z.string(), tracking_code: z.string().nullish() }).passthrough().nullish(),
});

// EasyPost's tracker.updated webhooks: verify the signature on the raw bytes, deduplicate by event id,
// keep the signed tracker and enqueue its application, answer at once. Nothing is stored for a request
// that fails verification or is not a well-formed event.
export function easypostWebhookRoutes({ config, db, queue, logger, shopId }: AppServices): Router {
  const router = Router();
  router.post('/webhooks/easypost', express.raw({ type: () => true, limit: config.HTTP_BODY_LIMIT }), async (req, res) => {
    const secret = config.EASYPOST_WEBHOOK_SECRET;
    if (!secret) throw new AppError('unauthorized', 'EasyPost webhooks are not configured here.');
    if (!req.get('x-hmac-signature')) throw new AppError('unauthorized', 'The X-Hmac-Signature header is missing.');
    const body = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
    try {
      JSON.parse(body.toString('utf8'));
    } catch {
      throw new AppError('bad_request', 'The webhook body is not valid JSON.');
    }
    let verified: unknown;
    try {
      verified = validateEasyPostWebhook(body, req.headers, secret);
    } catch {
      throw new AppError('unauthorized', 'The webhook signature does not match.');
    }
    const parsed = eventSchema.safeParse(verified);
    if (!parsed.success) throw new AppError('bad_request', 'The webhook is not an EasyPost event.');
    const event = parsed.data;

    const tracker = event.result;
    // A tracker without a tracking code cannot be one of ours; answering 2xx stops EasyPost retrying it.
    if (!event.description.startsWith('tracker.') || tracker?.object !== 'Tracker' || !tracker.tracking_code) {
      res.json({ status: 'ignored' });
      return;
    }
    if (!(await followsTracker(db, shopId, tracker.id, tracker.tracking_code))) {
      logger.info({ eventId: event.id, trackerId: tracker.id }, 'EasyPost webhook for an unknown tracker: ignored');
      res.json({ status: 'ignored' });
      return;
    }
    const receiptId = await db.transaction().execute(async (trx) => {
      const id = await recordReceipt(trx, { shopId, provider: 'easypost', eventId: event.id, topic: event.description, payload: withoutNul(verified) });
      if (id) await queue.enqueue(trx, jobs.applyTrackerWebhook, { receiptId: id });
      return id;
    });
    res.json({ status: receiptId ? 'accepted' : 'duplicate' });
  });
  return router;
}
