// A failed call while setting EasyPost up (checking the key, registering the webhook), turned into an
// error an operator can act on: what was being done, the HTTP status and EasyPost's code and message.
// Unlike tracker calls, nothing here is retried: the caller (the connect command, worker start-up)
// shows the error and decides.

export class EasyPostSetupError extends Error {
  // The HTTP status EasyPost answered; undefined when it did not answer at all.
  readonly statusCode: number | undefined;
  // EasyPost's error code (APIKEY.INACTIVE, NOT_FOUND, …), or the network error's (ECONNREFUSED).
  readonly code: string | undefined;

  constructor(message: string, details: { statusCode?: number; code?: string; cause?: unknown }) {
    super(message, { cause: details.cause });
    this.name = 'EasyPostSetupError';
    this.statusCode = details.statusCode;
    this.code = details.code;
  }
}

interface ClientFailure {
  statusCode?: number;
  code?: unknown;
  message?: string;
  timeout?: number;
}

// step says what was being done ("listing webhooks"); seenStatus is the status the response listener
// saw, for answers the client cannot read (an HTML 502, an empty 503) and throws a bare TypeError for.
export function easyPostSetupError(step: string, error: unknown, seenStatus: number | undefined): EasyPostSetupError {
  const e = (typeof error === 'object' && error !== null ? error : {}) as ClientFailure;
  const message = e.message ?? String(error);
  const code = typeof e.code === 'string' ? e.code : undefined;
  const details = { statusCode: e.statusCode ?? seenStatus, code, cause: error };
  if (e.timeout !== undefined || code === 'ECONNABORTED') {
    return new EasyPostSetupError(`EasyPost did not answer in time while ${step}: ${message}`, { ...details, statusCode: undefined });
  }
  if (details.statusCode === 401 || details.statusCode === 403) {
    return new EasyPostSetupError(`EasyPost refused the API key while ${step} (${answered(details.statusCode, code)}): ${message}`, details);
  }
  if (e.statusCode !== undefined) {
    return new EasyPostSetupError(`EasyPost answered ${answered(e.statusCode, code)} while ${step}: ${message}`, details);
  }
  if (seenStatus !== undefined) {
    return new EasyPostSetupError(`EasyPost answered ${seenStatus} with a body that is not EasyPost's JSON while ${step}`, details);
  }
  return new EasyPostSetupError(`Could not reach EasyPost while ${step}: ${message}`, details);
}

function answered(status: number, code: string | undefined): string {
  return code ? `${status} ${code}` : String(status);
}
