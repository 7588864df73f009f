import type { RequestHandler } from 'express';
import { AppError } from '../core/errors.ts';
import { withoutNul } from '../core/text.ts';

// Text from a form or URL, in the requests that take it; the rule for NUL itself is in core/text.ts.

// After express.urlencoded: the parsed form without NUL characters.
export const formWithoutNul: RequestHandler = (req, _res, next) => {
  if (req.body && typeof req.body === 'object') req.body = withoutNul(req.body);
  next();
};

export const refuseNulInUrl: RequestHandler = (req, _res, next) => {
  if (/%00/.test(req.originalUrl) || req.originalUrl.includes('\u0000')) return next(new AppError('bad_request', 'The address contains a NUL character.'));
  next();
};
