// The storefront API on each engine, with the VTEX sandbox over HTTP: a shopper signed in at the
// sandbox store is recognised through VTEX's Session API (never through what the browser claims),
// sees their balance, rewards and coupons and redeems; forged, expired and other programs' tokens
// are refused; CORS lets in only the program's store and VTEX domains; sign-in is rate limited.
import { beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import type { Database } from '../../src/adapters/db/database';
import { adjustPoints } from '../../src/app/ledger/adjust-points';
import { emailJob } from '../../src/jobs/emails.job';
import type { RunningSandbox } from '../../sandbox/main';
import { engines } from '../harness/databases';
import { tenantWithKey, useHttpSuite, type HttpWorld } from '../harness/http';
import { control, createShop, type Shop } from '../harness/vtex-sandbox';

const BASE = '/api/storefront/v1';

describe.each(engines)('storefront API on $name', (engine) => {
  const suite = useHttpSuite(engine, { sandbox: true });
  let database: Database;
  let sandbox: RunningSandbox;
  let http: HttpWorld;
  const slug = engine.name.replace(/[^a-z]/g, '');
  let shops = 0;
  beforeAll(async () => {
    ({ database, sandbox, http } = suite);
  });

  async function program(options: { singleSignOn?: boolean } = {}) {
    const shop = await createShop(sandbox, `sf${slug}${++shops}`);
    const tenant = await tenantWithKey(http.world);
    const saved = await http.app.inject({
      method: 'PUT', url: '/api/admin/v1/integrations/vtex', headers: tenant.auth,
      payload: {
        accountName: shop.name, appKey: shop.appKey, appToken: shop.appToken, storeUrl: 'https://www.loja.example', active: true,
        importCustomers: false, importOrders: false, singleSignOn: options.singleSignOn ?? true, signupUrl: 'https://www.loja.example/cadastro',
      },
    });
    expect(saved.statusCode, saved.body).toBe(200);
    const publicKey = (await http.app.inject({ method: 'GET', url: '/api/admin/v1/program', headers: tenant.auth })).json().publicKey as string;
    return { ...tenant, shop, publicKey };
  }
  type Program = Awaited<ReturnType<typeof program>>;

  /** Logs a shopper into the sandbox store (its login form) and answers the session cookies the browser would hold. */
  async function storeLogin(shop: Shop, email: string) {
    // A customer of the store (already one when the shopper signs in again).
    const created = await control(sandbox, 'POST', `/accounts/${shop.name}/masterdata/customers`, { email, firstName: 'Rita', lastName: 'Alves' });
    expect([201, 409]).toContain(created.status);
    const response = await fetch(`${sandbox.url}/${shop.name}/login`, {
      method: 'POST', redirect: 'manual', headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ email, password: 'sandbox' }).toString(),
    });
    const cookies = Object.fromEntries(response.headers.getSetCookie().map((line) => line.split(';')[0]!.split('=') as [string, string]));
    expect(cookies.vtex_session, 'the store set a session').toBeDefined();
    return { vtexSession: cookies.vtex_session!, vtexSegment: cookies.vtex_segment };
  }

  const call = (setup: Pick<Program, 'publicKey'>, method: 'GET' | 'POST', path: string, options: { token?: string; body?: unknown; headers?: Record<string, string> } = {}) =>
    http.app.inject({
      method, url: `${BASE}${path}`,
      headers: { 'x-pontua-key': setup.publicKey, ...(options.token ? { authorization: `Bearer ${options.token}` } : {}), ...options.headers },
      ...(options.body === undefined ? {} : { payload: options.body as object }),
    });

  async function signedIn(setup: Program, email: string) {
    const answer = await call(setup, 'POST', '/sso/vtex', { body: await storeLogin(setup.shop, email) });
    expect(answer.statusCode, answer.body).toBe(200);
    expect(answer.json().signedIn).toBe(true);
    return answer.json() as { token: string; expiresAt: string; member: { id: string; email: string } };
  }

  it('shows the program by its public key; an unknown key is 401', async () => {
    const setup = await program();
    const info = await call(setup, 'GET', '/program');
    expect(info.statusCode, info.body).toBe(200);
    expect(info.json()).toMatchObject({ language: 'pt-BR', singleSignOn: true, signupUrl: 'https://www.loja.example/cadastro', storeUrl: 'https://www.loja.example' });
    const byQuery = await http.app.inject({ method: 'GET', url: `${BASE}/program?key=${setup.publicKey}` });
    expect(byQuery.statusCode).toBe(200);
    for (const key of ['pk_00000000000000000000000000000000', 'not-a-key', '']) {
      const unknown = await call({ publicKey: key }, 'GET', '/program');
      expect(unknown.statusCode, key).toBe(401);
    }
  });

  it('a shopper signed in at the store is recognised through VTEX, joins once, sees their points and redeems', async () => {
    const setup = await program();
    const email = `rita.${slug}@example.com`;
    const first = await signedIn(setup, email);
    expect(first.member.email).toBe(email);
    const again = await signedIn(setup, email);
    expect(again.member.id).toBe(first.member.id);
    expect((await database.query<{ n: number }>(sql`select count(*)::int as n from members where tenant_id = ${setup.tenantId}`))[0]?.n).toBe(1);

    await adjustPoints(http.world, { tenantId: setup.tenantId, memberId: first.member.id, points: 150, reason: 'welcome', actor: 'test', idempotencyKey: 'sf-seed' });
    const me = await call(setup, 'GET', '/me', { token: first.token });
    expect(me.statusCode, me.body).toBe(200);
    expect(me.json()).toMatchObject({ member: { id: first.member.id, email }, balance: { available: 150, held: 0, pending: [] } });

    const cheap = (await http.app.inject({ method: 'POST', url: '/api/admin/v1/rewards', headers: setup.auth, payload: { kind: 'free_shipping', name: 'Frete grátis', cost: 100 } })).json();
    await http.app.inject({ method: 'POST', url: '/api/admin/v1/rewards', headers: setup.auth, payload: { kind: 'fixed_discount', name: 'R$ 50', cost: 500, discountCents: 5_000 } });
    const rewards = (await call(setup, 'GET', '/me/rewards', { token: first.token })).json().items;
    expect(rewards.map((reward: { name: string; canRedeem: boolean; missingPoints: number }) => [reward.name, reward.canRedeem, reward.missingPoints])).toEqual([
      ['Frete grátis', true, 0],
      ['R$ 50', false, 350],
    ]);

    const redeem = () => call(setup, 'POST', '/me/redemptions', { token: first.token, body: { rewardId: cheap.id }, headers: { 'idempotency-key': 'widget-click-1' } });
    const redeemed = await redeem();
    expect(redeemed.statusCode, redeemed.body).toBe(201);
    expect(redeemed.json()).toMatchObject({ status: 'issued', reward: { name: 'Frete grátis' } });
    expect(redeemed.json().couponCode).toMatch(/^[A-Z0-9]{4}-[A-Z0-9]{4}-[A-Z0-9]{4}$/);
    const replay = await redeem();
    expect(replay.headers['idempotent-replayed']).toBe('true');
    expect(replay.json().id).toBe(redeemed.json().id);
    expect((await call(setup, 'GET', '/me', { token: first.token })).json().balance.available).toBe(50);
    const coupons = (await call(setup, 'GET', '/me/coupons', { token: first.token })).json().items;
    expect(coupons).toMatchObject([{ id: redeemed.json().id, couponCode: redeemed.json().couponCode, status: 'issued' }]);
    const history = (await call(setup, 'GET', '/me/history', { token: first.token })).json().items;
    expect(history.map((item: { kind: string }) => item.kind)).toEqual(['redeem-confirm', 'redeem-hold', 'adjust']);
  });

  it('nothing the browser claims is believed: forged and other stores’ sessions sign nobody in; bad tokens are 401', async () => {
    const setup = await program();
    const other = await program();
    const anonymous = async (body: object) => {
      const answer = await call(setup, 'POST', '/sso/vtex', { body });
      expect(answer.statusCode, answer.body).toBe(200);
      expect(answer.json()).toEqual({ signedIn: false });
    };
    await anonymous({ vtexSession: 'forged-session-value' });
    await anonymous({});
    // Signed in at the other program's store: this store's VTEX does not know that session.
    await anonymous(await storeLogin(other.shop, `ze.${slug}@example.com`));
    expect((await database.query<{ n: number }>(sql`select count(*)::int as n from members where tenant_id = ${setup.tenantId}`))[0]?.n).toBe(0);

    const mine = await signedIn(setup, `bia.${slug}@example.com`);
    const theirToken = (await signedIn(other, `bia.${slug}@example.com`)).token;
    for (const token of [undefined, 'mt.forged.token', `${mine.token.slice(0, -2)}xx`, theirToken]) {
      const refused = await call(setup, 'GET', '/me', token ? { token } : {});
      expect(refused.statusCode, String(token)).toBe(401);
      expect(refused.json().error.code).toBe('UNAUTHORIZED');
    }
    const refreshed = await call(setup, 'POST', '/token/refresh', { token: mine.token });
    expect(refreshed.statusCode).toBe(200);
    http.world.clock.set(new Date(http.world.clock.now().getTime() + 61 * 60_000));
    expect((await call(setup, 'GET', '/me', { token: mine.token })).statusCode).toBe(401);
    expect((await call(setup, 'POST', '/token/refresh', { token: mine.token })).statusCode).toBe(401);

    const off = await program({ singleSignOn: false });
    const noSso = await call(off, 'POST', '/sso/vtex', { body: await storeLogin(off.shop, `caio.${slug}@example.com`) });
    expect(noSso.statusCode).toBe(409);
    expect(noSso.json().error.code).toBe('SSO_OFF');
  });

  it('a VTEX ID token is checked with VTEX for the program’s account: its shopper signs in, another account’s does not', async () => {
    const setup = await program();
    const other = await program();
    const email = `vid.${slug}@example.com`;
    for (const shop of [setup.shop, other.shop]) await control(sandbox, 'POST', `/accounts/${shop.name}/masterdata/customers`, { email, firstName: 'Vera', lastName: 'Dias' });
    const tokenAt = async (shop: Shop) => (await control(sandbox, 'POST', `/accounts/${shop.name}/identity/tokens`, { email })).body as { token: string };
    const mine = await tokenAt(setup.shop);
    const signedIn = await call(setup, 'POST', '/sso/vtex', { body: { vtexIdToken: mine.token } });
    expect(signedIn.statusCode, signedIn.body).toBe(200);
    expect(signedIn.json()).toMatchObject({ signedIn: true, member: { email } });
    const theirs = await tokenAt(other.shop);
    expect((await call(setup, 'POST', '/sso/vtex', { body: { vtexIdToken: theirs.token } })).json()).toEqual({ signedIn: false });
    expect((await call(setup, 'POST', '/sso/vtex', { body: { vtexIdToken: `${mine.token}x` } })).json()).toEqual({ signedIn: false });
  });

  it('CORS: the store and its VTEX domains only; another origin is refused before anything happens', async () => {
    const setup = await program();
    const token = (await signedIn(setup, `dani.${slug}@example.com`)).token;
    const reward = (await http.app.inject({ method: 'POST', url: '/api/admin/v1/rewards', headers: setup.auth, payload: { kind: 'free_shipping', name: 'Frete', cost: 1 } })).json();
    await adjustPoints(http.world, { tenantId: setup.tenantId, memberId: (await call(setup, 'GET', '/me', { token })).json().member.id, points: 5, reason: 'seed', actor: 'test', idempotencyKey: 'cors-seed' });
    for (const origin of ['https://www.loja.example', `https://${setup.shop.name}.myvtex.com`, `https://${setup.shop.name}.vtexcommercestable.com.br`]) {
      const allowed = await call(setup, 'GET', '/me', { token, headers: { origin } });
      expect(allowed.statusCode, origin).toBe(200);
      expect(allowed.headers['access-control-allow-origin']).toBe(origin);
    }
    const preflight = await http.app.inject({ method: 'OPTIONS', url: `${BASE}/me/redemptions`, headers: { origin: 'https://www.loja.example', 'access-control-request-method': 'POST' } });
    expect(preflight.statusCode).toBe(204);
    expect(preflight.headers['access-control-allow-headers']).toContain('idempotency-key');
    const evil = await call(setup, 'POST', '/me/redemptions', { token, body: { rewardId: reward.id }, headers: { origin: 'https://evil.example', 'idempotency-key': 'evil-1' } });
    expect(evil.statusCode).toBe(403);
    expect(evil.json().error.code).toBe('ORIGIN_NOT_ALLOWED');
    expect(evil.headers['access-control-allow-origin']).toBeUndefined();
    expect((await database.query<{ n: number }>(sql`select count(*)::int as n from redemptions where tenant_id = ${setup.tenantId}`))[0]?.n).toBe(0);
  });

  it('without single sign-on: a one-time code by e-mail, once, within its tries; nobody learns who is a member', async () => {
    const setup = await program({ singleSignOn: false });
    const email = `otp.${slug}@example.com`;
    await http.app.inject({ method: 'POST', url: '/api/admin/v1/members', headers: setup.auth, payload: { email, name: 'Otto Pires' } });
    const ask = (address: string) => call(setup, 'POST', '/login/code', { body: { email: address } });
    const verify = (address: string, code: string) => call(setup, 'POST', '/login/verify', { body: { email: address, code } });
    expect((await ask(email)).statusCode).toBe(202);
    const stranger = await ask(`nobody.${slug}@example.com`);
    expect(stranger.statusCode).toBe(202);
    expect(stranger.json()).toEqual((await ask(email)).json());
    expect((await ask('not an e-mail')).statusCode).toBe(400);
    await emailJob({ ...http.world, emailSender: null, emailFrom: 'no-reply@loja.example' })({ tenantIds: [setup.tenantId] });
    const mails = await database.query<{ to_address: string; text: string; type: string }>(sql`select to_address, text, type from emails where tenant_id = ${setup.tenantId} and type = 'login_code'`);
    expect(mails.map((mail) => mail.to_address)).toEqual([email]);
    const code = /\b(\d{6})\b/.exec(mails[0]!.text)?.[1];
    expect(code).toBeDefined();
    // The store's staff see the e-mail in the panel, but not the code: they could sign in as the shopper.
    const listed = await http.app.inject({ method: 'GET', url: '/api/admin/v1/emails', headers: setup.auth });
    const mine = listed.json().items.filter((item: { type: string }) => item.type === 'login_code');
    expect(mine).toHaveLength(1);
    const detail = await http.app.inject({ method: 'GET', url: `/api/admin/v1/emails/${mine[0].id}`, headers: setup.auth });
    const preview = await http.app.inject({ method: 'GET', url: `/api/admin/v1/emails/${mine[0].id}/preview`, headers: setup.auth });
    for (const answer of [listed, detail, preview]) {
      expect(answer.statusCode).toBe(200);
      expect(answer.body).not.toContain(code);
    }
    expect(detail.json().text).toContain('••••••');
    expect((await verify(email, code === '000000' ? '000001' : '000000')).statusCode).toBe(401);
    const signedIn = await verify(email, code!);
    expect(signedIn.statusCode, signedIn.body).toBe(200);
    expect((await call(setup, 'GET', '/me', { token: signedIn.json().token })).json().member.email).toBe(email);
    expect((await verify(email, code!)).statusCode).toBe(401);

    // Five wrong tries end a code, even the right one afterwards.
    http.world.clock.set(new Date(http.world.clock.now().getTime() + 60_000));
    await ask(email);
    await emailJob({ ...http.world, emailSender: null, emailFrom: 'no-reply@loja.example' })({ tenantIds: [setup.tenantId] });
    const second = (await database.query<{ text: string }>(sql`select text from emails where tenant_id = ${setup.tenantId} and type = 'login_code' order by id desc limit 1`))[0]!;
    const secondCode = /\b(\d{6})\b/.exec(second.text)![1]!;
    for (let n = 0; n < 5; n++) expect((await verify(email, secondCode === '111111' ? '222222' : '111111')).statusCode).toBe(401);
    expect((await verify(email, secondCode)).statusCode).toBe(401);
  });

  it('signing in is rate limited per IP (and program)', async () => {
    const setup = await program();
    const statuses: number[] = [];
    for (let n = 0; n < 22; n++) statuses.push((await call(setup, 'POST', '/sso/vtex', { body: { vtexSession: `guess-${n}` } })).statusCode);
    expect(statuses.slice(0, 20).every((status) => status === 200)).toBe(true);
    expect(statuses.slice(20)).toEqual([429, 429]);
  });
});
