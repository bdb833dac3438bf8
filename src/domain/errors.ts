// One closed list of error codes. The HTTP layer maps each code to a status in one place.
export const ERROR_CODES = [
  'VALIDATION_FAILED',
  'MALFORMED_JSON',
  'UNAUTHORIZED',
  'NOT_FOUND',
  'IDEMPOTENCY_CONFLICT',
  'INSUFFICIENT_POINTS',
  'OUT_OF_STOCK',
  'LIMIT_REACHED',
  'REWARD_UNAVAILABLE',
  'MEMBER_EXISTS',
  'MEMBER_BLOCKED',
  'INVALID_STATE',
  'NOT_DUE',
  'VTEX_NOT_CONNECTED',
  'VTEX_UNAVAILABLE',
  'SSO_OFF',
  'ORIGIN_NOT_ALLOWED',
  'PRODUCT_IMPORT_OFF',
  'PAYLOAD_TOO_LARGE',
  'RATE_LIMITED',
  'USER_EXISTS',
  'INVALID_CREDENTIALS',
  'TOO_MANY_ATTEMPTS',
  'TENANT_CHOICE',
  'CSRF_FAILED',
  'INTERNAL',
] as const;

export type ErrorCode = (typeof ERROR_CODES)[number];

/** One invalid input field and why, so a form can mark every field at once. */
export interface FieldError {
  field: string;
  message: string;
}

export class DomainError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    /** The input field at fault, for VALIDATION_FAILED (the first one when there are several). */
    readonly field?: string,
    /** Every invalid field, for VALIDATION_FAILED. */
    readonly errors?: FieldError[],
    /** What else the caller needs to act on the error (the stores to choose from, seconds to wait). */
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
    this.name = 'DomainError';
  }
}

export const invalid = (field: string, reason: string) =>
  new DomainError('VALIDATION_FAILED', `${field}: ${reason}`, field, [{ field, message: reason }]);

/** A VALIDATION_FAILED naming every invalid field; `errors` must not be empty. */
export const invalidFields = (errors: FieldError[]) =>
  new DomainError('VALIDATION_FAILED', errors.map((e) => `${e.field}: ${e.message}`).join('; '), errors[0]?.field, errors);

export const notFound = (what: string) => new DomainError('NOT_FOUND', `${what} not found`);
