import { Router } from 'express';
import type { AppServices } from '../services.ts';
import { addressCheckRoutes } from './address-check.routes.ts';
import { notReceivedRoutes } from './not-received.routes.ts';

// The shopper's side of a not-received case: reporting a delivered parcel as missing, and confirming
// or correcting the address it went to. Public pages, reached by signed links only.
export function shopperDisputeRoutes(services: AppServices): Router {
  const router = Router();
  router.use(notReceivedRoutes(services));
  router.use(addressCheckRoutes(services));
  return router;
}
