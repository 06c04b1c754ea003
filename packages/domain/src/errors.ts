/**
 * One error type for the whole domain, with stable UPPER_SNAKE codes.
 * Transports map codes to HTTP status / socket acks in exactly one place each (see ERROR_HTTP_STATUS).
 */
export const ERROR_CODES = [
  'VALIDATION_FAILED',
  'NOT_FOUND',
  'UNAUTHENTICATED',
  'FORBIDDEN',
  'CONFLICT',
  'NOT_ELIGIBLE',
  'SLOT_FULL',
  'CONTACT_BLOCKED',
  'INVALID_PHONE',
  'INVALID_NATIONAL_ID',
  'SESSION_TAKEN',
  'NOT_LOGGED_IN',
  'NO_ACTIVE_CALL',
  'PBX_UNAVAILABLE',
  'PBX_REJECTED',
  'PBX_TIMEOUT',
  'WRAP_UP_REQUIRED',
  'RATE_LIMITED',
  'INTERNAL',
] as const;

export type ErrorCode = (typeof ERROR_CODES)[number];

export const ERROR_HTTP_STATUS: Readonly<Record<ErrorCode, number>> = {
  VALIDATION_FAILED: 400,
  INVALID_PHONE: 400,
  INVALID_NATIONAL_ID: 400,
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  CONFLICT: 409,
  SESSION_TAKEN: 409,
  NOT_ELIGIBLE: 409,
  SLOT_FULL: 409,
  CONTACT_BLOCKED: 409,
  NOT_LOGGED_IN: 409,
  NO_ACTIVE_CALL: 409,
  WRAP_UP_REQUIRED: 409,
  RATE_LIMITED: 429,
  PBX_REJECTED: 502,
  PBX_UNAVAILABLE: 503,
  PBX_TIMEOUT: 504,
  INTERNAL: 500,
};

export class DomainError extends Error {
  override readonly name = 'DomainError';
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details?: Readonly<Record<string, unknown>>,
  ) {
    super(message);
  }
}

export function isDomainError(e: unknown): e is DomainError {
  return e instanceof DomainError;
}

/** The wire shape of an error, used by HTTP error bodies and socket acks alike. */
export interface ErrorBody {
  code: ErrorCode;
  message: string;
  details?: Readonly<Record<string, unknown>>;
}

export function toErrorBody(e: unknown): ErrorBody {
  if (isDomainError(e)) return e.details ? { code: e.code, message: e.message, details: e.details } : { code: e.code, message: e.message };
  return { code: 'INTERNAL', message: 'Internal error' };
}
