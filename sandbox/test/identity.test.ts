// Shopper identity: storefront login cookies, Session Manager, VTEX ID validate and
// authenticated-user, token expiry on the sandbox clock, and logout.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningSandbox } from '../server';
import { CookieJar, logIn, setCookies } from './shopper-kit';
import { control, createAccount, http, startTestSandbox, type TestAccount } from './support';

let sandbox: RunningSandbox;
let shop: TestAccount;
let ana: { email: string; userId: string; firstName: string; lastName: string };

type Session = { id: string; namespaces: Record<string, Record<string, { value: string }>> };

const AUTH = (name: string): string => `VtexIdclientAutCookie_${name}`;

beforeAll(async () => {
  sandbox = await startTestSandbox();
  shop = await createAccount(sandbox, 'idshop', { customers: 10, orders: 0 });
  ana = (await control(sandbox, 'GET', `/accounts/${shop.name}/customers/1`)).body as typeof ana;
});
afterAll(async () => {
  await sandbox.close();
});

const validate = (token: string, account = shop) => http(`${account.baseUrl}/api/vtexid/credential/validate`, {
  method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ token }),
});
const authenticatedUser = (token: string) => http(`${shop.baseUrl}/api/vtexid/pub/authenticated/user?authToken=${encodeURIComponent(token)}`);

describe('storefront login', () => {
  it('the home page shows the login form and starts a session (vtex_session, vtex_segment)', async () => {
    const home = await http(`${shop.baseUrl}/`);
    expect(home.status).toBe(200);
    expect(home.headers.get('content-type')).toContain('text/html');
    expect(String(home.body)).toContain('<form method="post" action="/idshop/login">');
    expect(String(home.body)).toContain(`Entrar como ${ana.firstName}`);
    expect(setCookies(home).map((c) => c.name).sort()).toEqual(['vtex_segment', 'vtex_session']);
  });

  it('pages carry the scripts the merchant added (a loyalty widget): http(s) src and data-* attributes only', async () => {
    const set = await control(sandbox, 'PUT', `/accounts/${shop.name}/storefront/scripts`, {
      scripts: [{ src: 'http://127.0.0.1:3000/widget.js', attributes: { 'data-key': 'pk_123', 'data-mode': 'launcher' } }],
    });
    expect(set.status).toBe(200);
    const home = await http(`${shop.baseUrl}/`);
    expect(String(home.body)).toContain('<script src="http://127.0.0.1:3000/widget.js" data-key="pk_123" data-mode="launcher" async></script>');
    for (const bad of [{ src: 'javascript:alert(1)' }, { src: 'https://x.example/w.js', attributes: { onload: 'alert(1)' } }]) {
      expect((await control(sandbox, 'PUT', `/accounts/${shop.name}/storefront/scripts`, { scripts: [bad] })).status).toBe(400);
    }
    expect((await control(sandbox, 'PUT', `/accounts/${shop.name}/storefront/scripts`, { scripts: [] })).status).toBe(200);
    expect(String((await http(`${shop.baseUrl}/`)).body)).not.toContain('<script');
  });

  it('login with e-mail and the sandbox password sets the three cookies, the auth one HttpOnly', async () => {
    const jar = new CookieJar();
    await jar.get(`${shop.baseUrl}/`);
    const login = await jar.postForm(`${shop.baseUrl}/login`, { email: ana.email, password: 'sandbox', returnUrl: '/idshop/checkout' });
    expect(login.status).toBe(303);
    expect(login.headers.get('location')).toBe('/idshop/checkout');
    const cookies = setCookies(login);
    expect(cookies.map((c) => c.name).sort()).toEqual([AUTH('idshop'), 'vtex_segment', 'vtex_session'].sort());
    const auth = cookies.find((c) => c.name === AUTH('idshop'));
    expect(auth?.attributes).toEqual(expect.arrayContaining(['HttpOnly', 'Path=/idshop', 'Max-Age=86400']));
    expect(auth?.value.split('.')).toHaveLength(3);
    for (const c of cookies.filter((c) => c.name !== AUTH('idshop'))) expect(c.attributes).not.toContain('HttpOnly');
    const home = await jar.get(`${shop.baseUrl}/`);
    expect(String(home.body)).toContain(`Olá, ${ana.firstName}!`);
  });

  it('a wrong password or unknown e-mail is refused without an auth cookie; open redirects are ignored', async () => {
    const jar = new CookieJar();
    const wrong = await jar.postForm(`${shop.baseUrl}/login`, { email: ana.email, password: 'nope' });
    expect(wrong.status).toBe(401);
    expect(String(wrong.body)).toContain('E-mail ou senha incorretos.');
    expect(setCookies(wrong).some((c) => c.name === AUTH('idshop'))).toBe(false);
    expect((await jar.postForm(`${shop.baseUrl}/login`, { email: 'ninguem@example.com', password: 'sandbox' })).status).toBe(401);
    const evil = await jar.postForm(`${shop.baseUrl}/login`, { oneClick: ana.email, returnUrl: 'https://evil.example/' });
    expect(evil.status).toBe(303);
    expect(evil.headers.get('location')).toBe('/idshop/');
  });

  it('one-click login works for a seeded customer', async () => {
    const jar = new CookieJar();
    const login = await jar.postForm(`${shop.baseUrl}/login`, { oneClick: ana.email });
    expect(login.status).toBe(303);
    expect(jar.cookies.has(AUTH('idshop'))).toBe(true);
  });

  it('an unknown account answers 404', async () => {
    expect((await http(`${sandbox.url}/nosuchshop/`)).status).toBe(404);
  });
});

describe('sessions and VTEX ID for a logged-in shopper', () => {
  it('GET /api/sessions answers the profile namespace for the vtex_session cookie, filtered by items', async () => {
    const jar = await logIn(shop, ana.email);
    const sessionCookie = { cookie: `vtex_session=${encodeURIComponent(jar.cookies.get('vtex_session') ?? '')}` };
    const picked = await http(`${shop.baseUrl}/api/sessions?items=profile.email,profile.id,profile.isAuthenticated,profile.firstName,profile.lastName`, { headers: sessionCookie });
    expect(picked.status).toBe(200);
    expect((picked.body as Session).namespaces).toEqual({
      profile: { email: { value: ana.email }, id: { value: ana.userId }, isAuthenticated: { value: 'true' }, firstName: { value: ana.firstName }, lastName: { value: ana.lastName } },
    });
    const all = (await http(`${shop.baseUrl}/api/sessions?items=*`, { headers: sessionCookie })).body as Session;
    expect(all.namespaces.account?.accountName).toEqual({ value: 'idshop' });
    expect(all.namespaces.authentication).toEqual({ storeUserId: { value: ana.userId }, storeUserEmail: { value: ana.email } });
    const anonymous = (await http(`${shop.baseUrl}/api/sessions?items=profile.isAuthenticated,profile.email`)).body as Session;
    expect(anonymous.namespaces).toEqual({ profile: { isAuthenticated: { value: 'false' } } });
  });

  it('credential/validate and authenticated/user answer for the token; forged tokens are refused', async () => {
    const jar = await logIn(shop, ana.email);
    const token = jar.cookies.get(AUTH('idshop')) ?? '';
    const valid = await validate(token);
    expect(valid).toMatchObject({ status: 200, body: { authStatus: 'Success', id: ana.userId, user: ana.email, account: 'idshop', tokenType: 'user' } });
    expect((await authenticatedUser(token)).body).toEqual({ userId: ana.userId, user: ana.email, userType: 'F' });
    const viaCookie = await http(`${shop.baseUrl}/api/vtexid/pub/authenticated/user`, { headers: jar.header() });
    expect(viaCookie.body).toMatchObject({ userId: ana.userId });

    const [header, payload, signature] = token.split('.') as [string, string, string];
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as Record<string, unknown>;
    const tampered = `${header}.${Buffer.from(JSON.stringify({ ...claims, userId: 'someone-else' })).toString('base64url')}.${signature}`;
    for (const forged of [tampered, `${header}.${payload}.${'A'.repeat(43)}`, 'not-a-token', '']) {
      expect(await validate(forged)).toMatchObject({ status: 401, body: { authStatus: 'WrongCredentials' } });
      const anonymous = await authenticatedUser(forged);
      expect(anonymous.status).toBe(200);
      expect(anonymous.body).toBeNull();
    }
    const noBody = await http(`${shop.baseUrl}/api/vtexid/credential/validate`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
    expect(noBody.status).toBe(401);
  });

  it('a token of another account validates with that account, so the caller can tell', async () => {
    const other = await createAccount(sandbox, 'idother', { customers: 3, orders: 0 });
    const bruno = (await control(sandbox, 'GET', `/accounts/${other.name}/customers/0`)).body as { email: string };
    const jar = await logIn(other, bruno.email);
    const result = await validate(jar.cookies.get(AUTH('idother')) ?? '', shop);
    expect(result.body).toMatchObject({ authStatus: 'Success', account: 'idother' });
  });

  it('tokens expire on the sandbox clock after the configured lifetime', async () => {
    const lifetime = await control(sandbox, 'PUT', `/accounts/${shop.name}/identity`, { tokenTtlSeconds: 60 });
    expect(lifetime.body).toMatchObject({ tokenTtlSeconds: 60 });
    const jar = await logIn(shop, ana.email);
    const token = jar.cookies.get(AUTH('idshop')) ?? '';
    expect((await validate(token)).status).toBe(200);
    await control(sandbox, 'POST', '/clock', { advanceMs: 61_000 });
    expect(await validate(token)).toMatchObject({ status: 401, body: { authStatus: 'WrongCredentials' } });
    expect((await authenticatedUser(token)).body).toBeNull();
    const session = (await http(`${shop.baseUrl}/api/sessions?items=profile.isAuthenticated`, { headers: jar.header() })).body as Session;
    expect(session.namespaces.profile?.isAuthenticated).toEqual({ value: 'false' });
    await control(sandbox, 'PUT', `/accounts/${shop.name}/identity`, { tokenTtlSeconds: 86_400 });
  });

  it('logout clears the three cookies and the session is anonymous again', async () => {
    const jar = await logIn(shop, ana.email);
    const oldSession = jar.cookies.get('vtex_session') ?? '';
    const logout = await jar.postForm(`${shop.baseUrl}/logout`, {});
    expect(logout.status).toBe(303);
    const cleared = setCookies(logout);
    expect(cleared.map((c) => c.name).sort()).toEqual([AUTH('idshop'), 'vtex_segment', 'vtex_session'].sort());
    for (const cookie of cleared) expect(cookie.attributes).toContain('Max-Age=0');
    expect(jar.cookies.size).toBe(0);
    const session = (await http(`${shop.baseUrl}/api/sessions?items=profile.isAuthenticated,profile.email`, { headers: { cookie: `vtex_session=${encodeURIComponent(oldSession)}` } })).body as Session;
    expect(session.namespaces).toEqual({ profile: { isAuthenticated: { value: 'false' } } });
    expect(String((await jar.get(`${shop.baseUrl}/`)).body)).toContain('Entrar');
  });

  it('POST /api/sessions creates a session with public values (201, tokens, cookies)', async () => {
    const created = await http(`${shop.baseUrl}/api/sessions?origem=teste`, {
      method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ public: { campanha: { value: 'verao' } } }),
    });
    expect(created.status).toBe(201);
    const { sessionToken, segmentToken } = created.body as { sessionToken: string; segmentToken: string };
    expect(setCookies(created).find((c) => c.name === 'vtex_session')?.value).toBe(sessionToken);
    expect(segmentToken.length).toBeGreaterThan(10);
    const read = (await http(`${shop.baseUrl}/api/sessions?items=public.campanha,public.origem`, { headers: { cookie: `vtex_session=${encodeURIComponent(sessionToken)}` } })).body as Session;
    expect(read.namespaces).toEqual({ public: { campanha: { value: 'verao' }, origem: { value: 'teste' } } });
  });
});
