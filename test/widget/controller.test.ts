// What the widget shows and does, without a browser: the program for everyone, the member's data
// after single sign-on, and redeeming in two steps with one Idempotency-Key per redemption.
import { describe, expect, it } from 'vitest';
import { createStorefrontApi } from '../../widget/src/api';
import type { Redemption, RewardOffer } from '../../widget/src/contract';
import { WidgetController } from '../../widget/src/controller';
import { MemberSession, type KeyValueStorage } from '../../widget/src/session';
import { API_BASE, errorAnswer, fakeStorefront, PUBLIC_KEY, programInfo, type Answer, type SeenRequest } from './fake-storefront';

const reward = (id: string, cost: number, canRedeem: boolean): RewardOffer => ({
  id, kind: 'free_shipping', name: `Reward ${id}`, description: null, imageUrl: null, cost, canRedeem, missingPoints: canRedeem ? 0 : cost - 150, unavailableReason: null,
});
const issued = (id: string, status: Redemption['status'] = 'issued'): Redemption => ({
  id, status, rewardId: 'rwd_cheap', reward: { kind: 'free_shipping', name: 'Reward rwd_cheap' }, cost: 100,
  couponCode: status === 'issuing' ? null : 'PONTUA-7Q2K', couponExpiresAt: '2026-04-30T23:59:59.000Z', instructions: 'Use it in the cart.', reason: null,
});

type Routes = Record<string, (request: SeenRequest) => Answer>;

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

function widget(routes: Routes, options: { cookies?: string } = {}) {
  const server = fakeStorefront((request) => {
    const route = routes[`${request.method} ${request.path}`];
    return route ? route(request) : errorAnswer(404, 'NOT_FOUND');
  });
  const api = createStorefrontApi({ apiBase: API_BASE, publicKey: PUBLIC_KEY, fetch: server.fetch });
  let keys = 0;
  let controller: WidgetController | null = null;
  const session = new MemberSession({
    api, storage: new MemoryStorage(), publicKey: PUBLIC_KEY,
    timers: { now: () => Date.now(), setTimeout: () => null, clearTimeout: () => {} },
    cookies: () => options.cookies ?? 'vtex_session=S1; vtex_segment=G1',
    onSignedOut: () => controller?.signedOut(),
  });
  controller = new WidgetController({ api, session, newIdempotencyKey: () => `key-${++keys}`, now: () => Date.now(), wait: async () => {} });
  const calls = (method: string, path: string) => server.requests.filter((request) => request.method === method && request.path === path);
  return { controller, calls, requests: server.requests };
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
