import express, { Router } from 'express';
import { z } from 'zod';
import { validateEasyPostWebhook } from '../../domain/tracking/easypost.adapter.ts';
import { receiveTrackerEvent } from '../../domain/tracking/receive-tracker-event.ts';
import type { AppServices } from '../services.ts';
import { AppError } from '../../core/errors.ts';

const eventSchema = z.object({
  id: z.string().min(1).max(200),
  description: z.string().max(200),
  result: z.object({ id: z.string(), object: z.string(), tracking_code: z.string().nullish() }).passthrough().nullish(),
});

// EasyPost's tracker.updated webhooks: verify the signature on the raw bytes, deduplicate by event id,
// keep the signed tracker and enqueue its application, answer at once. Nothing is stored for a request
// that fails verification or is not a well-formed event.
export function easypostWebhookRoutes(services: AppServices): Router {
  const { config } = services;
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
    res.json({ status: await receiveTrackerEvent(services, parsed.data, verified) });
  });
  return router;
}
