// The storefront API's calls (docs/storefront-api.md). Every answer is a value — the body, or a
// failure with its code and whether trying again can help — so the views decide what to show
// without catching anything. Nothing here touches the DOM: the tests give it a fake fetch.
import type { Account, HistoryPage, MemberToken, ProgramInfo, Redemption, RewardOffer, SignedIn, SignOnAnswer, VtexSessionProof } from './contract';

export interface ApiFailure {
  /** The API's error code, or NETWORK (no answer), SERVER_ERROR (5xx without a body), UNEXPECTED_RESPONSE. */
  code: string;
  message: string;
  /** 0 when no answer came. */
  status: number;
  /** Whether the same request may succeed later: no answer, 429 or 5xx. */
  retryable: boolean;
  retryAfterSeconds: number | null;
}

export type ApiResult<T> = { ok: true; value: T } | { ok: false; error: ApiFailure };

/** The part of `fetch` the client uses, so a test can answer it. */
export type HttpFetch = (
  url: string,
  init: { method: string; headers: Record<string, string>; body?: string; signal: AbortSignal; credentials: 'omit'; mode: 'cors' },
) => Promise<{ status: number; headers: { get(name: string): string | null }; text(): Promise<string> }>;

export interface StorefrontApiOptions {
  /** e.g. https://pontua.example/api/storefront/v1 (from the script tag's own src). */
  apiBase: string;
  publicKey: string;
  fetch: HttpFetch;
  /** A request without an answer after this long counts as a network failure. */
  timeoutMs?: number;
}

export type StorefrontApi = ReturnType<typeof createStorefrontApi>;

const DEFAULT_TIMEOUT_MS = 15_000;

interface CallOptions {
  /**
   * Every storefront request names the program. GET /program does it with ?key= — a request
   * without custom headers needs no CORS preflight — the others with X-Pontua-Key.
   */
  keyInQuery?: boolean;
  token?: string;
  body?: unknown;
  query?: Record<string, string>;
  idempotencyKey?: string;
}

export function createStorefrontApi(options: StorefrontApiOptions) {
  const base = options.apiBase.replace(/\/+$/, '');
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;

  async function call<T>(method: 'GET' | 'POST', path: string, call: CallOptions = {}): Promise<ApiResult<T>> {
    const params = new URLSearchParams(call.query);
    if (call.keyInQuery) params.set('key', options.publicKey);
    const query = params.toString() === '' ? '' : `?${params.toString()}`;
    const headers: Record<string, string> = { accept: 'application/json' };
    if (!call.keyInQuery) headers['x-pontua-key'] = options.publicKey;
    if (call.token) headers.authorization = `Bearer ${call.token}`;
    if (call.idempotencyKey) headers['idempotency-key'] = call.idempotencyKey;
    // A POST without a body sends no content-type: Fastify refuses an empty JSON body.
    if (call.body !== undefined) headers['content-type'] = 'application/json';
    const abort = new AbortController();
    const timer = setTimeout(() => abort.abort(), timeoutMs);
    let status: number;
    let text: string;
    let retryAfter: string | null;
    try {
      const response = await options.fetch(`${base}${path}${query}`, {
        method,
        headers,
        ...(call.body !== undefined ? { body: JSON.stringify(call.body) } : {}),
        signal: abort.signal,
        // The shopper is named by the member token, never by cookies of the API's origin.
        credentials: 'omit',
        mode: 'cors',
      });
      status = response.status;
      retryAfter = response.headers.get('retry-after');
      text = await response.text();
    } catch {
      return failure({ code: 'NETWORK', message: 'no answer from the points program', status: 0, retryable: true, retryAfterSeconds: null });
    } finally {
      clearTimeout(timer);
    }
    const body = parseJson(text);
    if (status >= 200 && status < 300) {
      if (body === undefined) return failure({ code: 'UNEXPECTED_RESPONSE', message: 'the answer is not JSON', status, retryable: false, retryAfterSeconds: null });
      return { ok: true, value: body as T };
    }
    const error = isErrorBody(body) ? body.error : null;
    const retryable = status === 429 || status >= 500;
    return failure({
      code: error?.code ?? (status >= 500 ? 'SERVER_ERROR' : 'UNEXPECTED_RESPONSE'),
      message: error?.message ?? `HTTP ${status}`,
      status,
      retryable,
      retryAfterSeconds: retryAfterSeconds(retryAfter),
    });
  }

  return {
    program: () => call<ProgramInfo>('GET', '/program', { keyInQuery: true }),
    signInWithVtex: (proof: VtexSessionProof) => call<SignOnAnswer>('POST', '/sso/vtex', { body: proof }),
    /** Programs without single sign-on: e-mails a one-time code to a member; the same 202 for anyone. */
    requestLoginCode: (email: string) => call<{ sent: string }>('POST', '/login/code', { body: { email } }),
    /** The e-mailed code for a member token; 401 for a wrong, expired, used or exhausted code alike. */
    verifyLoginCode: (email: string, code: string) => call<SignedIn>('POST', '/login/verify', { body: { email, code } }),
    refreshToken: (token: string) => call<MemberToken>('POST', '/token/refresh', { token }),
    account: (token: string) => call<Account>('GET', '/me', { token }),
    history: (token: string, cursor: string | null) => call<HistoryPage>('GET', '/me/history', { token, ...(cursor ? { query: { cursor } } : {}) }),
    rewards: (token: string) => call<{ items: RewardOffer[] }>('GET', '/me/rewards', { token }),
    redeem: (token: string, rewardId: string, idempotencyKey: string) =>
      call<Redemption>('POST', '/me/redemptions', { token, body: { rewardId }, idempotencyKey }),
    coupons: (token: string) => call<{ items: Redemption[] }>('GET', '/me/coupons', { token }),
  };
}

export interface RetryOptions {
  attempts?: number;
  /** Waits between attempts (a test passes one that advances a fake clock). */
  wait?: (ms: number) => Promise<void>;
}

const MAX_RETRY_WAIT_MS = 10_000;

/**
 * Redeems with the caller's Idempotency-Key, trying again with the SAME key while the failure is
 * retryable (no answer, 429, 5xx): the first attempt may have reached the server, and the key makes
 * the server answer the redemption it already made instead of spending the points twice.
 */
export async function redeemWithRetries(
  api: Pick<StorefrontApi, 'redeem'>,
  token: string,
  rewardId: string,
  idempotencyKey: string,
  options: RetryOptions = {},
): Promise<ApiResult<Redemption>> {
  const attempts = Math.max(1, options.attempts ?? 3);
  const wait = options.wait ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  let result = await api.redeem(token, rewardId, idempotencyKey);
  for (let attempt = 1; attempt < attempts && !result.ok && result.error.retryable; attempt++) {
    const backoff = 1000 * 2 ** (attempt - 1);
    const asked = result.error.retryAfterSeconds !== null ? result.error.retryAfterSeconds * 1000 : 0;
    await wait(Math.min(MAX_RETRY_WAIT_MS, Math.max(backoff, asked)));
    result = await api.redeem(token, rewardId, idempotencyKey);
  }
  return result;
}

function failure(error: ApiFailure): { ok: false; error: ApiFailure } {
  return { ok: false, error };
}

function parseJson(text: string): unknown {
  if (text === '') return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

function isErrorBody(body: unknown): body is { error: { code: string; message: string } } {
  if (typeof body !== 'object' || body === null || !('error' in body)) return false;
  const error = (body as { error: unknown }).error;
  return typeof error === 'object' && error !== null && typeof (error as { code?: unknown }).code === 'string'
    && typeof (error as { message?: unknown }).message === 'string';
}

/** Retry-After in seconds (an HTTP date is read too); null when absent or unreadable. */
function retryAfterSeconds(header: string | null): number | null {
  if (header === null || header.trim() === '') return null;
  const seconds = Number(header);
  if (Number.isFinite(seconds) && seconds >= 0) return Math.ceil(seconds);
  const date = Date.parse(header);
  return Number.isNaN(date) ? null : Math.max(0, Math.ceil((date - Date.now()) / 1000));
}
