// The admin API client: same-origin JSON under /api/admin/v1 with the session cookie, the CSRF
// token on every request that changes something, and the server's error body as an ApiError.
// A 401 on any call but the session check and sign-in sends the user to the sign-in page.

export const API_BASE = '/api/admin/v1';

export interface FieldError {
  field: string;
  message: string;
}

interface ErrorBody {
  error?: {
    code?: unknown;
    message?: unknown;
    requestId?: unknown;
    field?: unknown;
    errors?: unknown;
    details?: unknown;
  };
}

export class ApiError extends Error {
  constructor(
    readonly status: number,
    /** The server's closed code (VALIDATION_FAILED, INVALID_CREDENTIALS, …); NETWORK when no answer came. */
    readonly code: string,
    message: string,
    readonly requestId: string | null = null,
    /** Every invalid field, for VALIDATION_FAILED, with names as the form sends them. */
    readonly fieldErrors: FieldError[] = [],
    /** Extra facts some codes carry (TENANT_CHOICE: `tenants`). */
    readonly details: Record<string, unknown> = {},
    /** Seconds from a Retry-After header (429). */
    readonly retryAfterSeconds: number | null = null,
  ) {
    super(message);
    this.name = 'ApiError';
  }

  /** `{ appKey: 'is required', … }` from the server's per-field errors. */
  fieldMap(): Record<string, string> {
    const map: Record<string, string> = {};
    for (const { field, message } of this.fieldErrors) map[field] ??= message;
    return map;
  }
}

export const isApiError = (error: unknown): error is ApiError => error instanceof ApiError;

let csrfToken: string | null = null;
let onUnauthorized: (() => void) | null = null;

/** Set from the session (sign-in, setup, session check); cleared at sign-out. */
export function setCsrfToken(token: string | null) {
  csrfToken = token;
}

/** What to do when the server says the session is gone (app.tsx: go to the sign-in page). */
export function setUnauthorizedHandler(handler: (() => void) | null) {
  onUnauthorized = handler;
}

// `body.appKey` (schema validation) and `appKey` (domain validation) name the same field.
const fieldName = (field: string) => field.replace(/^body\./, '');

function toFieldErrors(error: NonNullable<ErrorBody['error']>): FieldError[] {
  const list = Array.isArray(error.errors) ? error.errors : [];
  const fields: FieldError[] = [];
  for (const item of list) {
    if (item && typeof item === 'object' && typeof item.field === 'string' && typeof item.message === 'string') {
      fields.push({ field: fieldName(item.field), message: item.message });
    }
  }
  if (fields.length === 0 && typeof error.field === 'string' && typeof error.message === 'string') {
    fields.push({ field: fieldName(error.field), message: error.message.replace(/^[^:]*:\s*/, '') });
  }
  return fields;
}

function retryAfter(header: string | null): number | null {
  if (!header) return null;
  const seconds = Number(header);
  if (Number.isFinite(seconds)) return Math.max(0, seconds);
  const date = Date.parse(header);
  return Number.isNaN(date) ? null : Math.max(0, Math.round((date - Date.now()) / 1000));
}

async function toApiError(response: Response): Promise<ApiError> {
  let body: ErrorBody = {};
  try {
    body = (await response.json()) as ErrorBody;
  } catch {
    // Not JSON (a proxy's page): the status says enough.
  }
  const error = body.error ?? {};
  const details = error.details && typeof error.details === 'object' ? (error.details as Record<string, unknown>) : {};
  return new ApiError(
    response.status,
    typeof error.code === 'string' ? error.code : `HTTP_${response.status}`,
    typeof error.message === 'string' ? error.message : response.statusText,
    typeof error.requestId === 'string' ? error.requestId : response.headers.get('x-request-id'),
    toFieldErrors(error),
    details,
    retryAfter(response.headers.get('retry-after')),
  );
}

export interface RequestOptions {
  /** Query parameters; undefined, null and '' are left out. */
  query?: Record<string, string | number | boolean | null | undefined>;
  headers?: Record<string, string>;
  /** Don't redirect to sign-in on 401 (the session check and the sign-in form handle it). */
  allowUnauthorized?: boolean;
  signal?: AbortSignal;
}

export function apiUrl(path: string, query?: RequestOptions['query']): string {
  const url = `${API_BASE}${path}`;
  if (!query) return url;
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries(query)) {
    if (value !== undefined && value !== null && value !== '') params.set(name, String(value));
  }
  const text = params.toString();
  return text ? `${url}?${text}` : url;
}

export async function request<T>(method: string, path: string, body?: unknown, options: RequestOptions = {}): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json', ...options.headers };
  if (body !== undefined) headers['content-type'] = 'application/json';
  if (method !== 'GET' && method !== 'HEAD' && csrfToken) headers['x-csrf-token'] = csrfToken;
  let response: Response;
  try {
    response = await fetch(apiUrl(path, options.query), {
      method,
      headers,
      credentials: 'same-origin',
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: options.signal,
    });
  } catch (error) {
    if (error instanceof DOMException && error.name === 'AbortError') throw error;
    throw new ApiError(0, 'NETWORK', error instanceof Error ? error.message : 'network error');
  }
  if (!response.ok) {
    const error = await toApiError(response);
    if (response.status === 401 && !options.allowUnauthorized) onUnauthorized?.();
    throw error;
  }
  if (response.status === 204) return undefined as T;
  const text = await response.text();
  return (text ? JSON.parse(text) : undefined) as T;
}

export const api = {
  get: <T>(path: string, options?: RequestOptions) => request<T>('GET', path, undefined, options),
  post: <T>(path: string, body?: unknown, options?: RequestOptions) => request<T>('POST', path, body, options),
  put: <T>(path: string, body?: unknown, options?: RequestOptions) => request<T>('PUT', path, body, options),
  patch: <T>(path: string, body?: unknown, options?: RequestOptions) => request<T>('PATCH', path, body, options),
  delete: <T>(path: string, options?: RequestOptions) => request<T>('DELETE', path, undefined, options),
};
