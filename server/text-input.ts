import type { RequestHandler } from 'express';
import { AppError } from '../core/errors.ts';
import { nestsDeeperThan, withoutNul } from '../core/text.ts';

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

// Every query parameter is read as one string. express's parser turns a repeated one (?email=a&email=b)
// into an array, which no route expects: refused here, once for every route, rather than guessed at.
export const refuseRepeatedQuery: RequestHandler = (req, _res, next) => {
  for (const [name, value] of Object.entries(req.query)) {
    if (typeof value !== 'string') return next(new AppError('bad_request', `The query parameter "${name.slice(0, 40)}" is given more than once.`));
  }
  next();
};

// No body this service reads nests more than a few levels; one nested thousands deep is an attack on
// whatever walks it next (a recursive copy, a validator, JSON.stringify), refused before any of them.
export const MAX_BODY_DEPTH = 32;

export const refuseDeepBody: RequestHandler = (req, _res, next) => {
  if (req.body && typeof req.body === 'object' && nestsDeeperThan(req.body, MAX_BODY_DEPTH)) {
    return next(new AppError('bad_request', `The request body nests deeper than ${MAX_BODY_DEPTH} levels.`));
  }
  next();
};
