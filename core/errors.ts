// The one error a use case throws, in every process: a stable code and a message a person can read.
// It says what went wrong, not how to answer it: the web server maps codes to HTTP statuses
// (server/errors.ts), and a job or the CLI reads the same code without knowing about HTTP.
export const errorCodeList = [
  'bad_request',
  'unauthorized',
  'forbidden',
  'not_found',
  'method_not_allowed',
  'conflict',
  'payload_too_large',
  'unsupported_media_type',
  'rate_limited',
  'internal',
  'unavailable',
] as const;

export type ErrorCode = (typeof errorCodeList)[number];

export class AppError extends Error {
  readonly code: ErrorCode;
  // Response headers the error asks for when it reaches a person over HTTP (Retry-After, Allow…).
  readonly headers: Record<string, string>;
  constructor(code: ErrorCode, message: string, options: { headers?: Record<string, string>; cause?: unknown } = {}) {
    super(message, { cause: options.cause });
    this.name = 'AppError';
    this.code = code;
    this.headers = options.headers ?? {};
  }
}
