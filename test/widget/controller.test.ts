// What the widget shows and does, without a browser: the program for everyone, the member's data
// after single sign-on (or after a one-time code e-mailed to the member, for programs without it),
// and redeeming in two steps with one Idempotency-Key per redemption.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createStorefrontApi } from '../../widget/src/api';
import type { Redemption, RewardOffer } from '../../widget/src/contract';
import { RESEND_AFTER_MS, WidgetController } from '../../widget/src/controller';
import { MemberSession, storageKeyFor, type KeyValueStorage } from '../../widget/src/session';
import { API_BASE, errorAnswer, fakeStorefront, PUBLIC_KEY, programInfo, type Answer, type SeenRequest } from './fake-storefront';

const reward = (id: string, cost: number, canRedeem: boolean): RewardOffer => ({
  id, kind: 'free_shipping', name: `Reward ${id}`, description: null, imageUrl: null, cost, canRedeem, missingPoints: canRedeem ? 0 : cost - 150, unavailableReason: null,
});
const issued = (id: string, status: Redemption['status'] = 'issued'): Redemption => ({
  id, status, rewardId: 'rwd_cheap', reward: { kind: 'free_shipping', name: 'Reward rwd_cheap' }, cost: 100,
  couponCode: status === 'issuing' ? null : 'PONTUA-7Q2K', couponExpiresAt: '2026-04-30T23:59:59.000Z', instructions: 'Use it in the cart.', reason: null,
});

type Routes = Record<string, (request: SeenRequest) => Answer | Promise<Answer>>;

const memberRoutes = (): Routes => ({
  'GET /program': () => ({ status: 200, body: programInfo() }),
  'POST /sso/vtex': () => ({ status: 200, body: { signedIn: true, token: 'mt.one', expiresAt: new Date(Date.now() + 3_600_000).toISOString(), member: { id: 'mbr_1', name: 'Ana Souza', email: 'ana@example.com' } } }),
  'GET /me': () => ({ status: 200, body: { member: { id: 'mbr_1', name: 'Ana Souza', email: 'ana@example.com' }, balance: { available: 150, held: 0, pending: [], nextExpiry: null } } }),
  'GET /me/rewards': () => ({ status: 200, body: { items: [reward('rwd_cheap', 100, true), reward('rwd_dear', 500, false)] } }),
  'GET /me/coupons': () => ({ status: 200, body: { items: [] } }),
  'GET /me/history': (request) => ({
    status: 200,
    body: request.query.get('cursor')
      ? { items: [{ id: 'txn_old', kind: 'earn', points: 50, reference: 'order:1', createdAt: '2026-01-01T10:00:00Z' }], nextCursor: null }
      : { items: [{ id: 'txn_new', kind: 'earn', points: 100, reference: 'order:2', createdAt: '2026-02-01T10:00:00Z' }], nextCursor: 'page-2' },
  }),
});

class MemoryStorage implements KeyValueStorage {
  private readonly items = new Map<string, string>();
  getItem = (key: string) => this.items.get(key) ?? null;
  setItem = (key: string, value: string) => void this.items.set(key, value);
  removeItem = (key: string) => void this.items.delete(key);
}

function widget(routes: Routes, options: { cookies?: string; storage?: KeyValueStorage } = {}) {
  const server = fakeStorefront((request) => {
    const route = routes[`${request.method} ${request.path}`];
    return route ? route(request) : errorAnswer(404, 'NOT_FOUND');
  });
  const api = createStorefrontApi({ apiBase: API_BASE, publicKey: PUBLIC_KEY, fetch: server.fetch });
  let keys = 0;
  let controller: WidgetController | null = null;
  const storage = options.storage ?? new MemoryStorage();
  const session = new MemberSession({
    api, storage, publicKey: PUBLIC_KEY,
    timers: { now: () => Date.now(), setTimeout: () => null, clearTimeout: () => {} },
    cookies: () => options.cookies ?? 'vtex_session=S1; vtex_segment=G1',
    onSignedOut: () => controller?.signedOut(),
  });
  controller = new WidgetController({
    api, session, newIdempotencyKey: () => `key-${++keys}`, now: () => Date.now(), wait: async () => {},
    // Real timers, or vitest's fake ones in the tests that use them (the "send again" delay).
    timers: { setTimeout: (run, ms) => setTimeout(run, ms), clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>) },
  });
  const calls = (method: string, path: string) => server.requests.filter((request) => request.method === method && request.path === path);
  return { controller, calls, requests: server.requests, storage };
}

describe('widget controller', () => {
  it('shows the program to a non-member without signing in when the program has no single sign-on', async () => {
    const routes = memberRoutes();
    routes['GET /program'] = () => ({ status: 200, body: programInfo({ singleSignOn: false, signupUrl: 'https://lojax.example/clube' }) });
    const { controller, calls } = widget(routes);
    await controller.start();
    expect(controller.state.phase).toBe('anonymous');
    expect(controller.state.program?.signupUrl).toBe('https://lojax.example/clube');
    expect(calls('POST', '/sso/vtex')).toHaveLength(0);
  });

  it('is unavailable when the program cannot be read, and tries again on request', async () => {
    const routes = memberRoutes();
    let down = true;
    const up = routes['GET /program']!;
    routes['GET /program'] = (request) => (down ? errorAnswer(401, 'UNAUTHORIZED') : up(request));
    const { controller } = widget(routes);
    await controller.start();
    expect(controller.state.phase).toBe('unavailable');
    down = false;
    await controller.retry();
    expect(controller.state.phase).toBe('member');
  });

  it('signs the shopper in and loads balance, rewards, coupons and history; more history on request', async () => {
    const { controller } = widget(memberRoutes());
    await controller.start();
    const { state } = controller;
    expect(state.phase).toBe('member');
    expect(state.account?.balance.available).toBe(150);
    expect(state.rewards.map((offer) => offer.id)).toEqual(['rwd_cheap', 'rwd_dear']);
    expect(state.history.map((item) => item.id)).toEqual(['txn_new']);

    await controller.loadMoreHistory();
    expect(controller.state.history.map((item) => item.id)).toEqual(['txn_new', 'txn_old']);
    expect(controller.state.historyCursor).toBeNull();
  });

  it('goes back to the pitch when the token is refused and single sign-on no longer confirms the shopper', async () => {
    const routes = memberRoutes();
    const { controller, calls } = widget(routes);
    await controller.start();
    routes['GET /me'] = () => errorAnswer(401, 'UNAUTHORIZED');
    routes['POST /sso/vtex'] = () => ({ status: 200, body: { signedIn: false } });
    await controller.loadMember();
    expect(controller.state.phase).toBe('anonymous');
    expect(controller.state.account).toBeNull();
    expect(calls('POST', '/sso/vtex')).toHaveLength(2);
  });

  it('redeems in two steps: nothing is sent before the shopper confirms, then the coupon is shown and the data reloaded', async () => {
    const routes = memberRoutes();
    routes['POST /me/redemptions'] = () => ({ status: 201, body: issued('rdm_1') });
    const { controller, calls } = widget(routes);
    await controller.start();

    controller.askToRedeem('rwd_dear');
    expect(controller.state.redeem).toBeNull();
    controller.askToRedeem('rwd_cheap');
    expect(controller.state.redeem).toMatchObject({ step: 'confirm', reward: { id: 'rwd_cheap' }, idempotencyKey: 'key-1', error: null });
    expect(calls('POST', '/me/redemptions')).toHaveLength(0);

    const accountLoads = calls('GET', '/me').length;
    await controller.confirmRedeem();
    expect(controller.state.redeem).toMatchObject({ step: 'done', redemption: { couponCode: 'PONTUA-7Q2K', status: 'issued' } });
    expect(calls('POST', '/me/redemptions').map((request) => [request.headers['idempotency-key'], request.body])).toEqual([['key-1', { rewardId: 'rwd_cheap' }]]);
    expect(calls('GET', '/me').length).toBe(accountLoads + 1);
    controller.closeRedeem();
    expect(controller.state.redeem).toBeNull();
  });

  it('keeps the same Idempotency-Key when the outcome is unknown (no answer), so trying again cannot redeem twice', async () => {
    const routes = memberRoutes();
    let reachable = false;
    routes['POST /me/redemptions'] = () => (reachable ? { status: 201, body: issued('rdm_1') } : 'no-answer');
    const { controller, calls } = widget(routes);
    await controller.start();
    controller.askToRedeem('rwd_cheap');
    await controller.confirmRedeem();
    expect(controller.state.redeem).toMatchObject({ step: 'confirm', idempotencyKey: 'key-1', error: { code: 'NETWORK' } });

    reachable = true;
    await controller.confirmRedeem();
    expect(controller.state.redeem).toMatchObject({ step: 'done' });
    const keys = calls('POST', '/me/redemptions').map((request) => request.headers['idempotency-key']);
    expect(keys.length).toBeGreaterThan(2);
    expect(new Set(keys)).toEqual(new Set(['key-1']));
  });

  it('shows a refusal (409), and a new attempt gets a new key', async () => {
    const routes = memberRoutes();
    routes['POST /me/redemptions'] = () => errorAnswer(409, 'OUT_OF_STOCK');
    const { controller, calls } = widget(routes);
    await controller.start();
    controller.askToRedeem('rwd_cheap');
    await controller.confirmRedeem();
    expect(controller.state.redeem).toMatchObject({ step: 'refused', error: { code: 'OUT_OF_STOCK' } });
    expect(calls('POST', '/me/redemptions')).toHaveLength(1);

    controller.closeRedeem();
    controller.askToRedeem('rwd_cheap');
    expect(controller.state.redeem).toMatchObject({ step: 'confirm', idempotencyKey: 'key-2' });
  });

  it('while VTEX is slow to issue the coupon, shows it once it appears in "my coupons"', async () => {
    const routes = memberRoutes();
    let couponChecks = 0;
    routes['POST /me/redemptions'] = () => ({ status: 201, body: issued('rdm_9', 'issuing') });
    routes['GET /me/coupons'] = () => ({ status: 200, body: { items: ++couponChecks >= 3 ? [issued('rdm_9')] : [] } });
    const { controller } = widget(routes);
    await controller.start();
    controller.askToRedeem('rwd_cheap');
    await controller.confirmRedeem();
    expect(controller.state.redeem).toMatchObject({ step: 'done', redemption: { id: 'rdm_9', status: 'issued', couponCode: 'PONTUA-7Q2K' } });
    expect(controller.state.coupons.map((coupon) => coupon.id)).toEqual(['rdm_9']);
  });
});

describe('signing in with an e-mailed code (programs without single sign-on)', () => {
  const EMAIL = 'ana@example.com';
  const codeRoutes = (): Routes => {
    const routes = memberRoutes();
    routes['GET /program'] = () => ({ status: 200, body: programInfo({ singleSignOn: false, signupUrl: 'https://lojax.example/clube' }) });
    routes['POST /sso/vtex'] = () => errorAnswer(409, 'SSO_OFF');
    routes['POST /login/code'] = (request) => ((request.body as { email: string }).email.includes('@')
      ? { status: 202, body: { sent: 'if the e-mail belongs to a member, a code is on its way' } }
      : { status: 400, body: { error: { code: 'VALIDATION_FAILED', message: 'email: must be an e-mail address', field: 'email' } } });
    routes['POST /login/verify'] = (request) => ((request.body as { code: string }).code === '123456'
      ? { status: 200, body: { signedIn: true, token: 'mt.code', expiresAt: new Date(Date.now() + 3_600_000).toISOString(), member: { id: 'mbr_1', name: 'Ana Souza', email: EMAIL } } }
      : errorAnswer(401, 'UNAUTHORIZED'));
    return routes;
  };

  afterEach(() => {
    vi.useRealTimers();
  });

  it('sends the code, refuses a wrong one (401) and signs in with the right one, loading the member with its token', async () => {
    const { controller, calls, storage } = widget(codeRoutes(), { cookies: '' });
    await controller.start();
    expect(controller.state.phase).toBe('anonymous');
    expect(controller.state.code).toMatchObject({ step: 'email', busy: false, error: null });

    const sending = controller.sendCode(`  ${EMAIL} `);
    expect(controller.state.code).toMatchObject({ step: 'email', busy: true });
    await sending;
    expect(calls('POST', '/login/code').map((request) => [request.body, request.headers['x-pontua-key']])).toEqual([[{ email: EMAIL }, PUBLIC_KEY]]);
    expect(controller.state.code).toMatchObject({ step: 'code', email: EMAIL, busy: false, error: null, canResend: false, sent: 1 });

    await controller.verifyCode('654321');
    expect(controller.state.phase).toBe('anonymous');
    expect(controller.state.code).toMatchObject({ step: 'code', busy: false, error: { status: 401, code: 'UNAUTHORIZED' } });
    expect(calls('GET', '/me')).toHaveLength(0);

    await controller.verifyCode(' 123456 ');
    expect(calls('POST', '/login/verify').map((request) => request.body)).toEqual([{ email: EMAIL, code: '654321' }, { email: EMAIL, code: '123456' }]);
    expect(controller.state.phase).toBe('member');
    expect(controller.state.account?.balance.available).toBe(150);
    expect(controller.state.code).toMatchObject({ step: 'email', email: '', error: null });
    expect(calls('GET', '/me').map((request) => request.headers.authorization)).toEqual(['Bearer mt.code']);
    expect(JSON.parse(storage.getItem(storageKeyFor(PUBLIC_KEY)) ?? '{}')).toMatchObject({ token: 'mt.code', source: 'code', vtexSession: null });
    // The program has no single sign-on: nothing went to VTEX.
    expect(calls('POST', '/sso/vtex')).toHaveLength(0);
  });

  it('the next page (still without a VTEX session) shows the member at once with the code\'s token', async () => {
    const storage = new MemoryStorage();
    const first = widget(codeRoutes(), { cookies: '', storage });
    await first.controller.start();
    await first.controller.sendCode(EMAIL);
    await first.controller.verifyCode('123456');
    first.controller.stop();

    const next = widget(codeRoutes(), { cookies: '', storage });
    await next.controller.start();
    expect(next.controller.state.phase).toBe('member');
    expect(next.calls('POST', '/login/code')).toHaveLength(0);
    expect(next.calls('GET', '/me').map((request) => request.headers.authorization)).toEqual(['Bearer mt.code']);
  });

  it('keeps the shopper on the e-mail step with the error for a malformed e-mail (400) and a rate limit (429)', async () => {
    const routes = codeRoutes();
    const { controller } = widget(routes, { cookies: '' });
    await controller.start();
    await controller.sendCode('not-an-email');
    expect(controller.state.code).toMatchObject({ step: 'email', email: 'not-an-email', busy: false, error: { status: 400, code: 'VALIDATION_FAILED' } });

    routes['POST /login/code'] = () => errorAnswer(429, 'RATE_LIMITED', { 'retry-after': '20' });
    await controller.sendCode(EMAIL);
    expect(controller.state.code).toMatchObject({ step: 'email', email: EMAIL, error: { status: 429, retryAfterSeconds: 20 } });
  });

  it('goes back to change the e-mail (kept filled in), and a code asked for another e-mail is verified with that one', async () => {
    const { controller, calls } = widget(codeRoutes(), { cookies: '' });
    await controller.start();
    await controller.sendCode('ana@exampel.com');
    controller.changeEmail();
    expect(controller.state.code).toMatchObject({ step: 'email', email: 'ana@exampel.com', error: null, canResend: false, sent: 0 });
    await controller.sendCode(EMAIL);
    await controller.verifyCode('123456');
    expect(calls('POST', '/login/verify').map((request) => request.body)).toEqual([{ email: EMAIL, code: '123456' }]);
    expect(controller.state.phase).toBe('member');
  });

  it('offers "send again" 30 seconds after the last code, not before (fake clock), and waits as long as a 429 asks', async () => {
    vi.useFakeTimers();
    const routes = codeRoutes();
    const { controller, calls } = widget(routes, { cookies: '' });
    await controller.start();
    await controller.sendCode(EMAIL);
    expect(controller.state.code.canResend).toBe(false);

    await controller.resendCode();
    expect(calls('POST', '/login/code')).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(RESEND_AFTER_MS - 1);
    expect(controller.state.code.canResend).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    expect(controller.state.code.canResend).toBe(true);

    await controller.resendCode();
    expect(calls('POST', '/login/code').map((request) => request.body)).toEqual([{ email: EMAIL }, { email: EMAIL }]);
    expect(controller.state.code).toMatchObject({ step: 'code', canResend: false, sent: 2, error: null });
    await controller.resendCode();
    expect(calls('POST', '/login/code')).toHaveLength(2);
    await vi.advanceTimersByTimeAsync(RESEND_AFTER_MS);
    expect(controller.state.code.canResend).toBe(true);

    // Rate limited: an error, and "send again" waits for Retry-After (longer than 30 s here).
    routes['POST /login/code'] = () => errorAnswer(429, 'RATE_LIMITED', { 'retry-after': '45' });
    await controller.resendCode();
    expect(controller.state.code).toMatchObject({ canResend: false, sent: 2, error: { status: 429 } });
    await vi.advanceTimersByTimeAsync(44_999);
    expect(controller.state.code.canResend).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    expect(controller.state.code.canResend).toBe(true);

    // Back to the e-mail: the timer is forgotten, and a new e-mail starts its own 30 seconds.
    controller.changeEmail();
    await controller.sendCode(EMAIL);
    await vi.advanceTimersByTimeAsync(RESEND_AFTER_MS - 1);
    expect(controller.state.code.canResend).toBe(false);
    controller.stop();
    await vi.advanceTimersByTimeAsync(RESEND_AFTER_MS);
    expect(controller.state.code.canResend).toBe(false);
  });

  it('sends one request at a time: while the code is checked, no second check and no going back', async () => {
    const routes = codeRoutes();
    const verify = routes['POST /login/verify']!;
    let release: () => void = () => {};
    routes['POST /login/verify'] = (request) => new Promise<Answer>((resolve) => (release = () => resolve(verify(request))));
    const { controller, calls } = widget(routes, { cookies: '' });
    await controller.start();
    await controller.sendCode(EMAIL);
    const checking = controller.verifyCode('123456');
    expect(controller.state.code.busy).toBe(true);
    await controller.verifyCode('123456');
    controller.changeEmail();
    await controller.sendCode('other@example.com');
    expect(controller.state.code).toMatchObject({ step: 'code', email: EMAIL });
    release();
    await checking;
    expect(calls('POST', '/login/verify')).toHaveLength(1);
    expect(calls('POST', '/login/code')).toHaveLength(1);
    expect(controller.state.phase).toBe('member');
  });
});
