import type { RequestHandler } from 'express';
import { AppError } from './errors.ts';

// PostgreSQL text cannot hold U+0000, and no person means one. In a form's free text it is dropped
// (nothing else of what was typed is lost); in an address or query string it is refused with a 400.

export function withoutNul<T>(value: T): T {
  if (typeof value === 'string') return value.replaceAll('\u0000', '') as T;
  if (Array.isArray(value)) return value.map(withoutNul) as T;
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, withoutNul(v)])) as T;
  return value;
}

// After express.urlencoded: the parsed form without NUL characters.
export const formWithoutNul: RequestHandler = (req, _res, next) => {
  if (req.body && typeof req.body === 'object') req.body = withoutNul(req.body);
  next();
};

export const refuseNulInUrl: RequestHandler = (req, _res, next) => {
  if (/%00/.test(req.originalUrl) || req.originalUrl.includes('\u0000')) return next(new AppError('bad_request', 'The address contains a NUL character.'));
  next();
};
