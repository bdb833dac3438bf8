// The widget's API client: how it names the program and the shopper, what every kind of failure
// becomes, and that a redemption is retried with the same Idempotency-Key.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createStorefrontApi, redeemWithRetries, type HttpFetch } from '../../widget/src/api';
import { API_BASE, errorAnswer, fakeStorefront, PUBLIC_KEY, programInfo, type Answer } from './fake-storefront';

const redemption = {
  id: 'rdm_1', status: 'issued', rewardId: 'rwd_1', reward: { kind: 'free_shipping', name: 'Frete grátis' }, cost: 100,
  couponCode: 'PONTUA-ABC123', couponExpiresAt: '2026-01-31T23:59:59.000Z', instructions: 'No carrinho…', reason: null,
};

function apiAnswering(answer: (path: string) => Answer) {
  const server = fakeStorefront((request) => answer(request.path));
  return { ...server, api: createStorefrontApi({ apiBase: API_BASE, publicKey: PUBLIC_KEY, fetch: server.fetch }) };
}

afterEach(() => {
  vi.useRealTimers();
});

describe('widget API client', () => {
  it('names the program by ?key= on GET /program (no preflight) and by X-Pontua-Key elsewhere, the shopper by the bearer token', async () => {
    const { api, requests } = apiAnswering((path) => ({ status: 200, body: path === '/program' ? programInfo() : { token: 'mt.new', expiresAt: '2026-01-01T01:00:00Z' } }));
    await api.program();
    await api.refreshToken('mt.old');
    await api.history('mt.old', 'cursor-2');

    const [program, refresh, history] = requests;
    expect(program?.query.get('key')).toBe(PUBLIC_KEY);
    expect(program?.headers['x-pontua-key']).toBeUndefined();
    expect(program?.headers.authorization).toBeUndefined();
    expect(refresh).toMatchObject({ method: 'POST', path: '/token/refresh', headers: { 'x-pontua-key': PUBLIC_KEY, authorization: 'Bearer mt.old' } });
    // No body, so no content-type: the server refuses an empty JSON body.
    expect(refresh?.headers['content-type']).toBeUndefined();
    expect(refresh?.body).toBeUndefined();
    expect(history?.query.get('cursor')).toBe('cursor-2');
  });

  it('sends the VTEX session cookies to single sign-on as JSON', async () => {
    const { api, requests } = apiAnswering(() => ({ status: 200, body: { signedIn: true, token: 'mt.a', expiresAt: '2026-01-01T01:00:00Z', member: { id: 'mbr_1', name: null, email: null } } }));
    const answer = await api.signInWithVtex({ vtexSession: 'S', vtexSegment: 'G' });
    expect(answer.ok).toBe(true);
    expect(requests[0]).toMatchObject({ method: 'POST', path: '/sso/vtex', body: { vtexSession: 'S', vtexSegment: 'G' }, headers: { 'content-type': 'application/json', 'x-pontua-key': PUBLIC_KEY } });
  });

  it('asks for a one-time code and verifies it, with the e-mail (and code) as JSON and the program\'s key', async () => {
    const signedIn = { signedIn: true, token: 'mt.code', expiresAt: '2026-01-01T01:00:00Z', member: { id: 'mbr_1', name: 'Ana', email: 'ana@example.com' } };
    const { api, requests } = apiAnswering((path) => (path === '/login/code' ? { status: 202, body: { sent: 'if the e-mail belongs to a member, a code is on its way' } } : { status: 200, body: signedIn }));
    expect(await api.requestLoginCode('ana@example.com')).toEqual({ ok: true, value: { sent: 'if the e-mail belongs to a member, a code is on its way' } });
    expect(await api.verifyLoginCode('ana@example.com', '123456')).toEqual({ ok: true, value: signedIn });
    expect(requests).toMatchObject([
      { method: 'POST', path: '/login/code', body: { email: 'ana@example.com' }, headers: { 'content-type': 'application/json', 'x-pontua-key': PUBLIC_KEY } },
      { method: 'POST', path: '/login/verify', body: { email: 'ana@example.com', code: '123456' }, headers: { 'content-type': 'application/json', 'x-pontua-key': PUBLIC_KEY } },
    ]);
    expect(requests.map((request) => request.headers.authorization)).toEqual([undefined, undefined]);
  });

  it('reads the one-time code\'s failures: 400 for the e-mail, 429 with Retry-After, 401 for any wrong code', async () => {
    const answers: Record<string, Answer> = {
      '/login/code': { status: 400, body: { error: { code: 'VALIDATION_FAILED', message: 'email: must be an e-mail address', field: 'email' } } },
      '/login/verify': errorAnswer(401, 'UNAUTHORIZED'),
    };
    const { api } = apiAnswering((path) => answers[path]!);
    expect(await api.requestLoginCode('ana@')).toMatchObject({ ok: false, error: { code: 'VALIDATION_FAILED', status: 400, retryable: false } });
    expect(await api.verifyLoginCode('ana@example.com', '000000')).toMatchObject({ ok: false, error: { code: 'UNAUTHORIZED', status: 401, retryable: false } });
    answers['/login/code'] = errorAnswer(429, 'RATE_LIMITED', { 'retry-after': '30' });
    expect(await api.requestLoginCode('ana@example.com')).toMatchObject({ ok: false, error: { code: 'RATE_LIMITED', status: 429, retryable: true, retryAfterSeconds: 30 } });
  });

  it('turns the API\'s error body into a failure that is not retryable (409, 401)', async () => {
    const { api } = apiAnswering((path) => (path === '/me' ? errorAnswer(401, 'UNAUTHORIZED') : errorAnswer(409, 'OUT_OF_STOCK')));
    expect(await api.redeem('mt.a', 'rwd_1', 'key-1')).toEqual({
      ok: false, error: { code: 'OUT_OF_STOCK', message: 'OUT_OF_STOCK (test)', status: 409, retryable: false, retryAfterSeconds: null },
    });
    expect(await api.account('mt.a')).toMatchObject({ ok: false, error: { code: 'UNAUTHORIZED', status: 401, retryable: false } });
  });

  it('reads 429 with Retry-After, 5xx without a JSON body, no answer at all and a non-JSON success', async () => {
    const answers: Record<string, Answer> = {
      '/me': errorAnswer(429, 'RATE_LIMITED', { 'retry-after': '7' }),
      '/me/rewards': { status: 502, text: '<html>Bad gateway</html>' },
      '/me/coupons': 'no-answer',
      '/program': { status: 200, text: 'not json' },
    };
    const { api } = apiAnswering((path) => answers[path]!);
    expect(await api.account('t')).toMatchObject({ ok: false, error: { code: 'RATE_LIMITED', status: 429, retryable: true, retryAfterSeconds: 7 } });
    expect(await api.rewards('t')).toMatchObject({ ok: false, error: { code: 'SERVER_ERROR', status: 502, retryable: true } });
    expect(await api.coupons('t')).toMatchObject({ ok: false, error: { code: 'NETWORK', status: 0, retryable: true } });
    expect(await api.program()).toMatchObject({ ok: false, error: { code: 'UNEXPECTED_RESPONSE', status: 200, retryable: false } });
  });

  it('gives up on a request without an answer after the timeout, as a network failure', async () => {
    vi.useFakeTimers();
    const hanging: HttpFetch = (_url, init) => new Promise((_resolve, reject) => {
      init.signal.addEventListener('abort', () => reject(new DOMException('aborted', 'AbortError')));
    });
    const api = createStorefrontApi({ apiBase: API_BASE, publicKey: PUBLIC_KEY, fetch: hanging, timeoutMs: 15_000 });
    let settled: unknown = null;
    const pending = api.account('t').then((answer) => (settled = answer));
    await vi.advanceTimersByTimeAsync(14_999);
    expect(settled).toBeNull();
    await vi.advanceTimersByTimeAsync(1);
    await pending;
    expect(settled).toMatchObject({ ok: false, error: { code: 'NETWORK', retryable: true } });
  });
});

describe('redeeming with retries', () => {
  it('retries after no answer with the SAME Idempotency-Key, waiting longer each time', async () => {
    let calls = 0;
    const { api, requests } = apiAnswering(() => (++calls < 3 ? 'no-answer' : { status: 201, body: redemption }));
    const waits: number[] = [];
    const result = await redeemWithRetries(api, 'mt.a', 'rwd_1', 'key-once', { wait: async (ms) => void waits.push(ms) });

    expect(result).toEqual({ ok: true, value: redemption });
    expect(requests.map((request) => request.headers['idempotency-key'])).toEqual(['key-once', 'key-once', 'key-once']);
    expect(requests.map((request) => request.body)).toEqual([{ rewardId: 'rwd_1' }, { rewardId: 'rwd_1' }, { rewardId: 'rwd_1' }]);
    expect(waits).toEqual([1000, 2000]);
  });

  it('does not retry a refusal, and answers the last failure when the attempts run out', async () => {
    const refused = apiAnswering(() => errorAnswer(409, 'INSUFFICIENT_POINTS'));
    expect(await redeemWithRetries(refused.api, 'mt.a', 'rwd_1', 'k', { wait: async () => {} })).toMatchObject({ ok: false, error: { code: 'INSUFFICIENT_POINTS' } });
    expect(refused.requests).toHaveLength(1);

    const down = apiAnswering(() => errorAnswer(503, 'VTEX_UNAVAILABLE'));
    expect(await redeemWithRetries(down.api, 'mt.a', 'rwd_1', 'k', { attempts: 4, wait: async () => {} })).toMatchObject({ ok: false, error: { code: 'VTEX_UNAVAILABLE', retryable: true } });
    expect(down.requests).toHaveLength(4);
  });

  it('waits as long as Retry-After asks, up to 10 seconds', async () => {
    let calls = 0;
    const { api } = apiAnswering(() => (++calls === 1 ? errorAnswer(429, 'RATE_LIMITED', { 'retry-after': '5' }) : calls === 2 ? errorAnswer(429, 'RATE_LIMITED', { 'retry-after': '60' }) : { status: 201, body: redemption }));
    const waits: number[] = [];
    await redeemWithRetries(api, 'mt.a', 'rwd_1', 'k', { wait: async (ms) => void waits.push(ms) });
    expect(waits).toEqual([5000, 10_000]);
  });
});
