import { Router, type Request, type Response } from 'express';
import { z } from 'zod';
import type { DisputeResolution } from '../../db/schema.ts';
import { NOTE_LIMIT, RESOLUTIONS, type Actor } from '../../domain/cases/cases.ts';
import { addCaseNote, confirmAddressOnCase, requestAddressCheckOnCase, resolveCaseAs, submitCaseEvidence } from '../../domain/cases/case-actions.ts';
import { trackingNow } from '../../core/clock.ts';
import type { AppServices } from '../services.ts';
import { AppError } from '../../core/errors.ts';
import { csrfField, currentSupportUser, requireSupportUser } from './auth.ts';
import { readCase } from '../../domain/cases/dispute-case.ts';
import { presentDispute } from './dispute.presenter.ts';
import { renderConsolePage } from './pages.ts';

// A not-received case in the console: GET shows the evidence pack (as it stands now while the case is
// open; reading stores nothing) and the case's emails; each POST is one action on the case (which
// stores the evidence it was taken on), audited, answered with a redirect back.
//   POST /support/disputes/:id/address-request    email the shopper the address confirmation link
//   POST /support/disputes/:id/address-confirmed  record "address confirmed with the customer"
//   POST /support/disputes/:id/resolve            found | reshipped | refunded | rejected, with a note;
//                                                 a lost case: found | reshipped (with the replacement's
//                                                 tracking number and carrier) | refunded
//   POST /support/disputes/:id/submit-evidence    a payment case: send the tracking evidence to Shopify
//   POST /support/disputes/:id/notes              a note on the case's order, for the whole team

const notices: Record<string, string> = {
  'address-requested': 'The address confirmation email is on its way to the shopper.',
  'address-confirmed': 'Recorded: the address was confirmed with the customer.',
  resolved: 'The case is resolved.',
  'evidence-requested': 'The tracking evidence will be submitted to Shopify in a moment. Reload to see the result.',
  'note-added': 'Note added.',
};

// A lost case's form adds the replacement's tracking number and carrier; which outcomes fit which
// case is the case's own rule (resolveCaseAs).
const resolveSchema = z.object({
  resolution: z.enum(RESOLUTIONS as [DisputeResolution, ...DisputeResolution[]], { message: 'Choose how the case ended.' }),
  note: z.string().trim().min(1, 'Write a note: what was decided, and why.').max(NOTE_LIMIT, `Keep the note under ${NOTE_LIMIT} characters.`),
  email_shopper: z.string().optional(),
  tracking_code: z.string().max(200, 'That is not a tracking number.').optional(),
  carrier: z.string().trim().max(100, 'Keep the carrier’s name under 100 characters.').optional(),
});

const noteForm = z.object({
  body: z.string().trim().min(1, 'Write something in the note first.').max(4000, 'Keep a note to 4000 characters; add a second one for the rest.'),
});

const optionalNote = z.object({ note: z.string().max(NOTE_LIMIT, `Keep the note under ${NOTE_LIMIT} characters.`).optional() });

export function disputeRoutes(services: AppServices): Router {
  const router = Router();

  const actorOf = (req: Request): Actor => {
    const user = currentSupportUser(req);
    return { userId: user.userId, email: user.email };
  };

  // Runs one action on the case, then back to the case page with what happened.
  function action(notice: keyof typeof notices, run: (id: string, actor: Actor, req: Request) => Promise<unknown>) {
    return async (req: Request, res: Response) => {
      const id = String(req.params.id);
      await run(id, actorOf(req), req);
      res.redirect(303, `/support/disputes/${id}?done=${notice}`);
    };
  }

  router.get('/support/disputes/:id', requireSupportUser(), async (req, res) => {
    const view = presentDispute(await readCase(services, String(req.params.id), trackingNow()), services.config.SHOP_TIME_ZONE);
    const done = typeof req.query.done === 'string' && Object.hasOwn(notices, req.query.done) ? notices[req.query.done] : undefined;
    renderConsolePage(req, res, { name: 'support-dispute', title: view.heading, data: { dispute: view, done, csrf: csrfField(req), noteLimit: NOTE_LIMIT } });
  });

  router.post(
    '/support/disputes/:id/address-request',
    requireSupportUser(),
    action('address-requested', (id, actor) => requestAddressCheckOnCase(services, id, actor, trackingNow())),
  );

  router.post(
    '/support/disputes/:id/address-confirmed',
    requireSupportUser(),
    action('address-confirmed', (id, actor, req) => {
      const form = optionalNote.safeParse(req.body);
      if (!form.success) throw new AppError('bad_request', form.error.issues[0].message);
      return confirmAddressOnCase(services, id, actor, trackingNow(), form.data.note ?? null);
    }),
  );

  router.post(
    '/support/disputes/:id/resolve',
    requireSupportUser(),
    action('resolved', (id, actor, req) => {
      const form = resolveSchema.safeParse(req.body);
      if (!form.success) throw new AppError('bad_request', form.error.issues[0].message);
      const { resolution, note, tracking_code: trackingCode, carrier } = form.data;
      const replacement = resolution === 'reshipped' ? { trackingCode: trackingCode ?? '', carrier: carrier ?? null } : undefined;
      return resolveCaseAs(services, id, actor, trackingNow(), { resolution, note, emailShopper: req.body?.email_shopper === 'on', replacement });
    }),
  );

  router.post(
    '/support/disputes/:id/notes',
    requireSupportUser(),
    action('note-added', (id, actor, req) => {
      const form = noteForm.safeParse(req.body ?? {});
      if (!form.success) throw new AppError('bad_request', form.error.issues[0].message);
      return addCaseNote(services, id, actor, trackingNow(), form.data.body);
    }),
  );

  router.post(
    '/support/disputes/:id/submit-evidence',
    requireSupportUser(),
    action('evidence-requested', (id, actor) => submitCaseEvidence(services, id, actor, trackingNow())),
  );

  return router;
}
