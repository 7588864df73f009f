import type { ErrorRequestHandler, RequestHandler } from 'express';
import { AppError, type ErrorCode } from '../core/errors.ts';
import type { Logger } from '../core/logger.ts';
import { routeOf } from './request-logger.ts';

// One error shape for every response: { error: { code, message } }, with stable codes; the HTTP
// status of each code lives here, so code below the server never speaks HTTP.
export const errorCodes: Record<ErrorCode, number> = {
  bad_request: 400,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  method_not_allowed: 405,
  conflict: 409,
  payload_too_large: 413,
  unsupported_media_type: 415,
  rate_limited: 429,
  internal: 500,
  unavailable: 503,
};

export function httpStatusOf(error: AppError): number {
  return errorCodes[error.code];
}

export function errorBody(code: ErrorCode, message: string) {
  return { error: { code, message } };
}

// Errors raised by express's body parsers carry a `type`; map them to our codes.
function fromBodyParser(error: { type?: string; status?: number; message?: string }): AppError | undefined {
  switch (error.type) {
    case 'entity.too.large':
      return new AppError('payload_too_large', 'The request body is too large.');
    case 'parameters.too.many':
      return new AppError('payload_too_large', 'The form has too many fields.');
    case 'entity.parse.failed':
      return new AppError('bad_request', 'The request body is not valid JSON.');
    case 'encoding.unsupported':
    case 'charset.unsupported':
      return new AppError('unsupported_media_type', 'The request body uses an unsupported encoding.');
    case 'request.aborted':
      return new AppError('bad_request', 'The request was aborted by the client.');
    default:
      return undefined;
  }
}

export function toAppError(error: unknown): AppError {
  if (error instanceof AppError) return error;
  if (error && typeof error === 'object') {
    const parsed = fromBodyParser(error as { type?: string });
    if (parsed) return parsed;
    const status = (error as { status?: unknown }).status;
    if (status === 400) return new AppError('bad_request', 'The request is malformed.');
  }
  return new AppError('internal', 'Something went wrong on our side. Please try again.', { cause: error });
}

export const notFoundHandler: RequestHandler = (req, _res, next) => {
  next(new AppError('not_found', `No route for ${req.method} ${req.path}.`));
};

export function errorHandler(logger: Logger): ErrorRequestHandler {
  return (error, req, res, _next) => {
    const appError = toAppError(error);
    if (httpStatusOf(appError) >= 500) logger.error({ err: error, method: req.method, route: routeOf(req) }, 'request failed');
    // An unmatched request's message repeats its path, which may carry a token: not logged.
    else logger.debug({ code: appError.code, method: req.method, route: routeOf(req) }, routeOf(req) === 'unmatched' ? 'no such route' : appError.message);
    if (res.headersSent) {
      res.destroy();
      return;
    }
    res.status(httpStatusOf(appError)).set(appError.headers).json(errorBody(appError.code, appError.message));
  };
}
