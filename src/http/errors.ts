// The one place where error codes become HTTP statuses and the error body is shaped.
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { DomainError, type ErrorCode } from '../domain/errors';
import { driverError } from '../adapters/db/database';

const STATUS: Record<ErrorCode, number> = {
  VALIDATION_FAILED: 400,
  MALFORMED_JSON: 400,
  UNAUTHORIZED: 401,
  NOT_FOUND: 404,
  IDEMPOTENCY_CONFLICT: 409,
  INSUFFICIENT_POINTS: 409,
  OUT_OF_STOCK: 409,
  LIMIT_REACHED: 409,
  REWARD_UNAVAILABLE: 409,
  MEMBER_EXISTS: 409,
  MEMBER_BLOCKED: 409,
  INVALID_STATE: 409,
  NOT_DUE: 409,
  VTEX_NOT_CONNECTED: 409,
  VTEX_UNAVAILABLE: 503,
  SSO_OFF: 409,
  ORIGIN_NOT_ALLOWED: 403,
  PRODUCT_IMPORT_OFF: 409,
  PAYLOAD_TOO_LARGE: 413,
  RATE_LIMITED: 429,
  USER_EXISTS: 409,
  INVALID_CREDENTIALS: 401,
  TOO_MANY_ATTEMPTS: 429,
  TENANT_CHOICE: 409,
  CSRF_FAILED: 403,
  INTERNAL: 500,
};

export const statusOf = (code: ErrorCode) => STATUS[code];

interface ValidationIssue {
  instancePath: string;
  keyword: string;
  message?: string;
  params: Record<string, unknown>;
}

/** `body.points`-style name of the field an ajv error is about. */
function fieldOf(issue: ValidationIssue, context: string | undefined): string {
  const path = issue.instancePath.replace(/^\//, '').replace(/\//g, '.');
  const extra =
    typeof issue.params.missingProperty === 'string'
      ? issue.params.missingProperty
      : typeof issue.params.additionalProperty === 'string'
        ? issue.params.additionalProperty
        : '';
  const name = [path, extra].filter((part) => part.length > 0).join('.');
  if (context === 'headers') return name;
  return name.length > 0 ? name : (context ?? 'body');
}

function reasonOf(issue: ValidationIssue): string {
  if (issue.keyword === 'additionalProperties') return 'is not a known field';
  if (issue.keyword === 'required') return 'is required';
  return issue.message ?? 'is invalid';
}

/**
 * Turns any error into `{ error: { code, message, requestId } }`; bad input adds `field` (the first
 * invalid one, as before) and `errors` (every invalid field with its message).
 */
export function toErrorResponse(error: unknown, request: FastifyRequest): { status: number; body: object } {
  const requestId = request.id;
  if (error instanceof DomainError) {
    return {
      status: STATUS[error.code],
      body: {
        error: {
          code: error.code,
          message: error.message,
          requestId,
          ...(error.field ? { field: error.field } : {}),
          ...(error.errors ? { errors: error.errors } : {}),
          ...(error.details ? { details: error.details } : {}),
        },
      },
    };
  }
  const fastifyError = error as FastifyError & { validation?: ValidationIssue[]; validationContext?: string };
  if (fastifyError.validation && fastifyError.validation.length > 0) {
    const issues = fastifyError.validation.map((issue) => ({ field: fieldOf(issue, fastifyError.validationContext), message: reasonOf(issue) }));
    const first = issues[0] as (typeof issues)[number];
    return {
      status: 400,
      body: {
        error: {
          code: 'VALIDATION_FAILED',
          message: `${first.field}: ${first.message}`,
          field: first.field,
          errors: issues,
          requestId,
        },
      },
    };
  }
  switch (fastifyError.code) {
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return { status: 400, body: { error: { code: 'MALFORMED_JSON', message: 'the body is not valid JSON', requestId } } };
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return {
        status: 400,
        body: {
          error: { code: 'VALIDATION_FAILED', message: 'Content-Type: must be application/json', field: 'Content-Type', requestId },
        },
      };
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return { status: 413, body: { error: { code: 'PAYLOAD_TOO_LARGE', message: 'the body is too large', requestId } } };
  }
  if (typeof fastifyError.statusCode === 'number' && fastifyError.statusCode >= 400 && fastifyError.statusCode < 500) {
    const code: ErrorCode = fastifyError.statusCode === 404 ? 'NOT_FOUND' : fastifyError.statusCode === 429 ? 'RATE_LIMITED' : 'VALIDATION_FAILED';
    return { status: fastifyError.statusCode, body: { error: { code, message: fastifyError.message, requestId } } };
  }
  return { status: 500, body: { error: { code: 'INTERNAL', message: 'something went wrong on our side', requestId } } };
}

export function sendError(error: unknown, request: FastifyRequest, reply: FastifyReply) {
  const { status, body } = toErrorResponse(error, request);
  if (status >= 500) request.log.error({ err: driverError(error) }, 'request failed');
  else request.log.info({ code: (body as { error: { code: string } }).error.code }, 'request refused');
  // A refusal that says when to come back (a lockout) tells HTTP clients too.
  const wait = error instanceof DomainError ? error.details?.retryAfterSeconds : undefined;
  if (typeof wait === 'number') reply.header('retry-after', String(wait));
  return reply.status(status).send(body);
}
