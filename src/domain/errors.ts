// One closed list of error codes. The HTTP layer maps each code to a status in one place.
export const ERROR_CODES = [
  'VALIDATION_FAILED',
  'MALFORMED_JSON',
  'UNAUTHORIZED',
  'NOT_FOUND',
  'IDEMPOTENCY_CONFLICT',
  'INSUFFICIENT_POINTS',
  'MEMBER_EXISTS',
  'MEMBER_BLOCKED',
  'INVALID_STATE',
  'NOT_DUE',
  'PAYLOAD_TOO_LARGE',
  'RATE_LIMITED',
  'INTERNAL',
] as const;

export type ErrorCode = (typeof ERROR_CODES)[number];

export class DomainError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    /** The input field at fault, for VALIDATION_FAILED. */
    readonly field?: string,
  ) {
    super(message);
    this.name = 'DomainError';
  }
}

export const invalid = (field: string, reason: string) =>
  new DomainError('VALIDATION_FAILED', `${field}: ${reason}`, field);

export const notFound = (what: string) => new DomainError('NOT_FOUND', `${what} not found`);
