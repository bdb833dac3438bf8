// Secrets never reach the log or an answer they do not belong to. The app runs with the production
// logger (src/main/process-lifecycle.ts: the same pino options and redaction), at level trace,
// writing into memory; then flows that carry every kind of secret — the VTEX AppKey and AppToken,
// API keys, panel passwords, the session cookie and CSRF token, the shopper's VTEX session and ID
// token, member tokens, e-mailed sign-in codes, the hook secret, the first-run setup token — run
// as they should, with wrong values, in bodies the API refuses, and while VTEX fails. Every log
// line and every answer is searched for each of them, except the answers that hand a secret to its
// owner (a new API key, once; a member token to its member; the panel's CSRF token and cookie).
// The audit log and the e-mails stored are searched too.
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { sql } from 'drizzle-orm';
import type { InjectOptions, LightMyRequestResponse } from 'fastify';
import type { Database } from '../../src/adapters/db/database';
import { buildApp, type TypedApp } from '../../src/http/app';
import { processLogger } from '../../src/main/process-lifecycle';
import { getVtexCredentials } from '../../src/app/integrations/get-vtex-credentials';
import { HOOK_SECRET_HEADER } from '../../src/app/integrations/receive-order-hook';
import { emailJob } from '../../src/jobs/emails.job';
import type { RunningSandbox } from '../../sandbox/main';
import { engines } from '../harness/databases';
import { tenantWithKey } from '../harness/http';
import { worldOn, type World } from '../harness/world';
import { control, createShop, setFaults, startTestSandbox, type Shop } from '../harness/vtex-sandbox';

// Every log line of the app, whatever pino instance writes it: the production options, this sink.
const sink = vi.hoisted(() => ({ lines: [] as string[] }));
vi.mock('pino', async (importOriginal) => {
  const actual = await importOriginal<typeof import('pino')>();
  const real = actual.default;
  const intoSink = (options?: Parameters<typeof real>[0]) => real(options ?? {}, { write: (line: string) => void sink.lines.push(line) });
  return { ...actual, default: Object.assign(intoSink, real) };
});

const RUN = randomBytes(3).toString('hex');
const marker = (what: string) => `${what}-${RUN}-${randomBytes(9).toString('base64url')}`;

interface Recorded {
  label: string;
  text: string;
  /** Names of the secrets this answer may hold. */
  allowed: string[];
}

describe.each(engines)('secrets in logs and answers on $name', (engine) => {
  let sandbox: RunningSandbox;
  let database: Database;
  let world: World;
  let app: TypedApp;
  const slug = engine.name.replace(/[^a-z]/g, '');
  /** Name → value of every secret the flows used. */
  const secrets = new Map<string, string>();
  const answers: Recorded[] = [];
  const tenants: string[] = [];
  let firstLine = 0;
  let addresses = 0;

  beforeAll(async () => {
    firstLine = sink.lines.length;
    sandbox = await startTestSandbox();
    database = await engine.open();
    world = worldOn(database, undefined, `${sandbox.url}/{account}`);
    app = await buildApp(world, { logger: processLogger('trace') });
    world.publicUrl = await app.listen({ port: 0, host: '127.0.0.1' });
  });
  afterAll(async () => {
    await app?.close();
    await database?.close();
    await sandbox?.close();
  });

  const secret = (name: string, value: string) => {
    expect(value.length, `${name} is too short to search for`).toBeGreaterThanOrEqual(6);
    secrets.set(name, value);
    return value;
  };

  /** Makes a request and keeps its answer (status, headers, body) for the search. */
  async function call(label: string, options: InjectOptions, allowed: string[] = []): Promise<LightMyRequestResponse> {
    const response = await app.inject({ remoteAddress: `10.55.${Math.floor(++addresses / 250)}.${addresses % 250}`, ...options });
    answers.push({ label: `${label} → ${response.statusCode}`, text: `${JSON.stringify(response.headers)}\n${response.body}`, allowed });
    return response;
  }

  async function connectedStore(options: { singleSignOn: boolean }) {
    const shop = await createShop(sandbox, `sec${slug}${tenants.length + 1}${RUN.slice(0, 4)}`);
    const tenant = await tenantWithKey(world);
    tenants.push(tenant.tenantId);
    const saved = await call('save the VTEX integration', {
      method: 'PUT', url: '/api/admin/v1/integrations/vtex', headers: tenant.auth,
      payload: {
        accountName: shop.name, appKey: shop.appKey, appToken: shop.appToken, storeUrl: 'https://www.loja.example', active: true,
        importCustomers: false, importOrders: false, singleSignOn: options.singleSignOn,
      },
    });
    expect(saved.statusCode, saved.body).toBe(200);
    const publicKey = (await world.tenants.get(tenant.tenantId))!.publicKey;
    return { ...tenant, shop, publicKey };
  }

  it('the first-run setup with a wrong token (on a database without panel users, the token is checked)', async () => {
    const setup = await call('the first-run setup with a wrong token', {
      method: 'POST', url: '/api/admin/v1/auth/setup',
      payload: { token: secret('setup token', marker('SETUP')), storeName: 'Loja', name: 'Eu', email: `setup.${RUN}@loja.example`, password: secret('setup password', marker('SETUPPW')) },
    });
    expect([401, 409]).toContain(setup.statusCode);
  });

  it('the VTEX credentials: saved, checked, wrong, refused with other fields, and the hook secret', async () => {
    const store = await connectedStore({ singleSignOn: true });
    secret('AppToken', store.shop.appToken);
    secret('AppKey', store.shop.appKey);
    secret('API key', store.apiKey);
    secret('API key secret', store.apiKey.split('.')[3]!);
    const wrongToken = secret('wrong AppToken', marker('APPTOKEN'));
    await call('read the integration', { method: 'GET', url: '/api/admin/v1/integrations/vtex', headers: store.auth });
    await call('check the stored connection', { method: 'POST', url: '/api/admin/v1/integrations/vtex/check', headers: store.auth, payload: {} });
    await call('check other credentials', {
      method: 'POST', url: '/api/admin/v1/integrations/vtex/check', headers: store.auth, payload: { accountName: store.shop.name, appKey: store.shop.appKey, appToken: wrongToken },
    });
    await call('check credentials of an unknown account', {
      method: 'POST', url: '/api/admin/v1/integrations/vtex/check', headers: store.auth, payload: { accountName: `nobody${RUN}`, appKey: store.shop.appKey, appToken: wrongToken },
    });
    const refused = await call('save with a wrong AppToken', {
      method: 'PUT', url: '/api/admin/v1/integrations/vtex', headers: store.auth,
      payload: { accountName: store.shop.name, appKey: store.shop.appKey, appToken: wrongToken, storeUrl: 'https://www.loja.example', active: true },
    });
    expect(refused.statusCode).toBeGreaterThanOrEqual(400);
    await call('save with the AppToken and an invalid field', {
      method: 'PUT', url: '/api/admin/v1/integrations/vtex', headers: store.auth,
      payload: { accountName: 'Not An Account!', appKey: store.shop.appKey, appToken: wrongToken, storeUrl: 'ftp://x', creditDelayDays: -1 },
    });
    await call('a body with secrets in unknown fields', {
      method: 'POST', url: '/api/admin/v1/members', headers: store.auth,
      payload: { email: `x.${RUN}@example.com`, appToken: wrongToken, apiKey: store.apiKey, password: wrongToken },
    });
    await call('malformed JSON holding the AppToken', {
      method: 'PATCH', url: '/api/admin/v1/program', headers: { ...store.auth, 'content-type': 'application/json' }, payload: `{"name":"${wrongToken}",`,
    });

    const hookSecret = secret('hook secret', (await getVtexCredentials(world, store.tenantId))!.hookSecret);
    const notification = { Domain: 'Marketplace', OrderId: '1234567890123-01', State: 'invoiced', LastState: 'invoice', LastChange: '2026-01-10T12:00:00Z', CurrentChange: '2026-01-10T12:00:01Z', Origin: { Account: store.shop.name, Key: store.shop.appKey } };
    const url = `/webhooks/vtex/${store.tenantId}/orders`;
    expect((await call('the order hook', { method: 'POST', url, headers: { [HOOK_SECRET_HEADER]: hookSecret }, payload: notification })).statusCode).toBe(200);
    await call('the order hook with a wrong secret', { method: 'POST', url, headers: { [HOOK_SECRET_HEADER]: secret('wrong hook secret', marker('HOOK')) }, payload: notification });
    await call('the order hook with a bad body', { method: 'POST', url, headers: { [HOOK_SECRET_HEADER]: hookSecret }, payload: { OrderId: hookSecret } });
  });

  it('API keys: created (shown once), used, revoked, wrong', async () => {
    const { tenantId, auth } = await tenantWithKey(world);
    tenants.push(tenantId);
    const created = await call('create an API key', { method: 'POST', url: '/api/admin/v1/api-keys', headers: auth, payload: { name: 'Integração' } }, ['new API key', 'new API key secret']);
    expect(created.statusCode, created.body).toBe(201);
    const key = secret('new API key', created.json().apiKey as string);
    secret('new API key secret', key.split('.')[3]!);
    expect((await call('use it', { method: 'GET', url: '/api/admin/v1/program', headers: { authorization: `Bearer ${key}` } })).statusCode).toBe(200);
    await call('list the keys', { method: 'GET', url: '/api/admin/v1/api-keys', headers: auth });
    await call('revoke it', { method: 'POST', url: `/api/admin/v1/api-keys/${key.split('.')[2]}/revoke`, headers: auth });
    expect((await call('use it revoked', { method: 'GET', url: '/api/admin/v1/program', headers: { authorization: `Bearer ${key}` } })).statusCode).toBe(401);
    const wrong = `${key.split('.').slice(0, 3).join('.')}.${secret('wrong API key secret', randomBytes(32).toString('base64url'))}`;
    expect((await call('a wrong key', { method: 'GET', url: '/api/admin/v1/members', headers: { authorization: `Bearer ${wrong}` } })).statusCode).toBe(401);
    await call('a key in the wrong header', { method: 'GET', url: '/api/admin/v1/members', headers: { authorization: `Basic ${key}` } });
  });

  it('panel users: created, signed in, wrong passwords, CSRF, password changed, signed out', async () => {
    const { tenantId, auth } = await tenantWithKey(world);
    tenants.push(tenantId);
    const email = `ana.${RUN}.${slug}@loja.example`;
    const password = secret('password', marker('PASSWORD'));
    expect((await call('create a user', { method: 'POST', url: '/api/admin/v1/users', headers: auth, payload: { email, name: 'Ana', password } })).statusCode).toBe(201);
    await call('a user with a password too short', { method: 'POST', url: '/api/admin/v1/users', headers: auth, payload: { email: `b.${email}`, name: 'B', password: secret('short password', `pw${RUN}`) } });
    await call('a wrong password', { method: 'POST', url: '/api/admin/v1/auth/sign-in', payload: { email, password: secret('wrong password', marker('WRONGPW')) } });
    const signedIn = await call('sign in', { method: 'POST', url: '/api/admin/v1/auth/sign-in', payload: { email, password } }, ['session cookie', 'session secret', 'CSRF token']);
    expect(signedIn.statusCode, signedIn.body).toBe(200);
    const cookie = secret('session cookie', /pontua_admin=([^;]+)/.exec(String(signedIn.headers['set-cookie']))![1]!);
    secret('session secret', cookie.split('.')[2]!);
    const csrf = secret('CSRF token', signedIn.json().csrfToken as string);
    const session = { cookie: `pontua_admin=${cookie}`, 'x-csrf-token': csrf };
    await call('the session', { method: 'GET', url: '/api/admin/v1/auth/session', headers: { cookie: session.cookie } }, ['CSRF token']);
    await call('a read by cookie', { method: 'GET', url: '/api/admin/v1/members', headers: { cookie: session.cookie } });
    await call('a change by cookie and CSRF token', { method: 'PATCH', url: '/api/admin/v1/program', headers: session, payload: { name: 'Loja da Ana' } });
    await call('a change with a wrong CSRF token', { method: 'PATCH', url: '/api/admin/v1/program', headers: { ...session, 'x-csrf-token': secret('wrong CSRF token', marker('CSRF')) }, payload: { name: 'x' } });
    await call('a forged cookie', { method: 'GET', url: '/api/admin/v1/members', headers: { cookie: `pontua_admin=${cookie.slice(0, -6)}ZZZZZZ` } });
    const newPassword = secret('new password', marker('NEWPW'));
    await call('change the password with a wrong current one', { method: 'POST', url: '/api/admin/v1/me/password', headers: session, payload: { currentPassword: secret('wrong current password', marker('CURPW')), newPassword } });
    expect((await call('change the password', { method: 'POST', url: '/api/admin/v1/me/password', headers: session, payload: { currentPassword: password, newPassword } })).statusCode).toBe(204);
    await call('a new password too short', { method: 'POST', url: '/api/admin/v1/me/password', headers: session, payload: { currentPassword: newPassword, newPassword: 'short' } });
    await call('the audit log', { method: 'GET', url: '/api/admin/v1/audit-log?limit=100', headers: auth });
    await call('the users', { method: 'GET', url: '/api/admin/v1/users', headers: auth });
    expect((await call('sign out', { method: 'POST', url: '/api/admin/v1/auth/sign-out', headers: session })).statusCode).toBe(204);
  });

  it('the storefront: single sign-on by VTEX session and by VTEX ID token, member tokens, sign-in codes', async () => {
    const store = await connectedStore({ singleSignOn: true });
    const email = `rita.${RUN}.${slug}@example.com`;
    const created = await control(sandbox, 'POST', `/accounts/${store.shop.name}/masterdata/customers`, { email, firstName: 'Rita', lastName: 'Alves' });
    expect(created.status).toBe(201);
    const login = await fetch(`${sandbox.url}/${store.shop.name}/login`, {
      method: 'POST', redirect: 'manual', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams({ email, password: 'sandbox' }).toString(),
    });
    const cookies = Object.fromEntries(login.headers.getSetCookie().map((line) => line.split(';')[0]!.split('=') as [string, string]));
    const vtexSession = secret('VTEX session cookie', cookies.vtex_session!);
    const storefront = (path: string, options: Omit<InjectOptions, 'url'> & { token?: string } = {}, allowed: string[] = []) =>
      call(`storefront ${options.method ?? 'GET'} ${path}`, {
        ...options, url: `/api/storefront/v1${path}`,
        headers: { 'x-pontua-key': store.publicKey, ...(options.token ? { authorization: `Bearer ${options.token}` } : {}), ...(options.headers as Record<string, string> | undefined) },
      }, allowed);

    // Issued at the same second for the same member, these tokens may be equal: each answer that
    // hands the member a token may hold any of them.
    const tokens = ['member token', 'member token signature', 'refreshed member token', 'refreshed member token signature', 'ID token member token'];
    const sso = await storefront('/sso/vtex', { method: 'POST', payload: { vtexSession, vtexSegment: cookies.vtex_segment } }, tokens);
    expect(sso.json().signedIn, sso.body).toBe(true);
    const token = secret('member token', sso.json().token as string);
    secret('member token signature', token.split('.')[2]!);
    for (const path of ['/me', '/me/history?cursor=x', '/me/rewards', '/me/coupons']) await storefront(path, { token });
    await call('points', { method: 'POST', url: `/api/admin/v1/members/${sso.json().member.id}/adjustments`, headers: { ...store.auth, 'idempotency-key': 'sec-points' }, payload: { points: 50, reason: 'seed' } });
    const reward = (await call('create a reward', { method: 'POST', url: '/api/admin/v1/rewards', headers: store.auth, payload: { kind: 'free_shipping', name: 'Frete', cost: 10 } })).json();
    await storefront('/me/redemptions', { method: 'POST', token, headers: { 'idempotency-key': 'sec-1' }, payload: { rewardId: reward.id } });
    const refreshed = await storefront('/token/refresh', { method: 'POST', token }, tokens);
    const fresh = secret('refreshed member token', refreshed.json().token as string);
    secret('refreshed member token signature', fresh.split('.')[2]!);
    await storefront('/me', { token: `${token.slice(0, -6)}QQQQQQ` });

    const idToken = secret('VTEX ID token', ((await control(sandbox, 'POST', `/accounts/${store.shop.name}/identity/tokens`, { email })).body as { token: string }).token);
    const byIdToken = await storefront('/sso/vtex', { method: 'POST', payload: { vtexIdToken: idToken } }, tokens);
    expect(byIdToken.json().signedIn, byIdToken.body).toBe(true);
    secret('ID token member token', byIdToken.json().token as string);
    await storefront('/sso/vtex', { method: 'POST', payload: { vtexIdToken: `${idToken}x` } });
    await storefront('/sso/vtex', { method: 'POST', payload: { vtexSession: `${vtexSession}; other=1` } });

    // Without single sign-on: a code by e-mail.
    const coded = await connectedStore({ singleSignOn: false });
    const codeEmail = `otto.${RUN}.${slug}@example.com`;
    await call('a member', { method: 'POST', url: '/api/admin/v1/members', headers: coded.auth, payload: { email: codeEmail, name: 'Otto' } });
    const codeCall = (path: string, payload: object, allowed: string[] = []) =>
      call(`storefront POST ${path}`, { method: 'POST', url: `/api/storefront/v1${path}`, headers: { 'x-pontua-key': coded.publicKey }, payload }, allowed);
    expect((await codeCall('/login/code', { email: codeEmail })).statusCode).toBe(202);
    await emailJob({ ...world, emailSender: null, emailFrom: 'no-reply@loja.example' })({ tenantIds: [coded.tenantId] });
    const mail = (await database.query<{ id: string; text: string }>(sql`select id, text from emails where tenant_id = ${coded.tenantId} and type = 'login_code'`))[0]!;
    const code = secret('sign-in code', /\b(\d{6})\b/.exec(mail.text)![1]!);
    await codeCall('/login/verify', { email: codeEmail, code: code === '000000' ? '000001' : '000000' });
    const verified = await codeCall('/login/verify', { email: codeEmail, code }, ['code member token']);
    expect(verified.statusCode, verified.body).toBe(200);
    secret('code member token', verified.json().token as string);
    await codeCall('/login/verify', { email: codeEmail, code });
    // The panel shows the e-mails as sent, sign-in codes included (an admin can act for a member anyway).
    await call('the sign-in e-mail in the admin API', { method: 'GET', url: `/api/admin/v1/emails/${mail.id}`, headers: coded.auth }, ['sign-in code']);
    await call('its preview', { method: 'GET', url: `/api/admin/v1/emails/${mail.id}/preview`, headers: coded.auth }, ['sign-in code']);
    await call('the e-mails', { method: 'GET', url: '/api/admin/v1/emails', headers: coded.auth }, ['sign-in code']);
  });

  it('while VTEX fails: the connection check, single sign-on and coupon issuing report errors without secrets', async () => {
    const store = await connectedStore({ singleSignOn: true });
    secret('second AppToken', store.shop.appToken);
    secret('second AppKey', store.shop.appKey);
    const member = (await call('a member', { method: 'POST', url: '/api/admin/v1/members', headers: store.auth, payload: { email: `zeca.${RUN}.${slug}@example.com` } })).json();
    await call('points', { method: 'POST', url: `/api/admin/v1/members/${member.id}/adjustments`, headers: { ...store.auth, 'idempotency-key': 'sec-points' }, payload: { points: 100, reason: 'seed' } });
    const reward = (await call('a reward', { method: 'POST', url: '/api/admin/v1/rewards', headers: store.auth, payload: { kind: 'fixed_discount', name: 'R$ 10', cost: 10, discountCents: 1_000 } })).json();
    const shop: Shop = store.shop;
    const failures: Record<string, number>[] = [{ serverErrorShare: 1 }, { rateLimitShare: 1, retryAfterSeconds: 1 }];
    for (const [round, faults] of failures.entries()) {
      await setFaults(sandbox, shop, faults);
      await call('check the connection', { method: 'POST', url: '/api/admin/v1/integrations/vtex/check', headers: store.auth, payload: {} });
      await call('single sign-on', { method: 'POST', url: '/api/storefront/v1/sso/vtex', headers: { 'x-pontua-key': store.publicKey }, payload: { vtexSession: 'some-session' } });
      await call('redeem', { method: 'POST', url: `/api/admin/v1/members/${member.id}/redemptions`, headers: { ...store.auth, 'idempotency-key': `sec-fault-${round}` }, payload: { rewardId: reward.id } });
      await call('the redemptions', { method: 'GET', url: '/api/admin/v1/redemptions', headers: store.auth });
      await call('the sync status', { method: 'GET', url: '/api/admin/v1/sync', headers: store.auth });
      await call('the rewards import', { method: 'POST', url: '/api/admin/v1/rewards/import', headers: store.auth });
    }
    await setFaults(sandbox, shop, {});
  });

  it('no secret is in any log line, in an answer it does not belong to, in the audit log or in the e-mails stored', async () => {
    const log = sink.lines.slice(firstLine);
    expect(log.length, 'the logger wrote nothing: is it the production one, at trace?').toBeGreaterThan(50);
    expect(secrets.size).toBeGreaterThan(25);
    const found: string[] = [];
    const search = (where: string, text: string, allowed: string[] = []) => {
      for (const [name, value] of secrets) {
        if (allowed.includes(name)) continue;
        const at = name === 'sign-in code' ? text.search(new RegExp(`(?<![0-9A-Za-z.])${value}(?![0-9A-Za-z.])`)) : text.indexOf(value);
        if (at >= 0) found.push(`${name} in ${where}: …${text.slice(Math.max(0, at - 120), at + value.length + 40)}…`);
      }
    };
    log.forEach((line, index) => search(`log line ${index}`, line));
    for (const answer of answers) search(`the answer to ${answer.label}`, answer.text, answer.allowed);
    const rows = async (table: 'audit_log' | 'emails' | 'outbox_events') =>
      database.query<{ row: string }>(sql`select to_jsonb(t)::text as row from ${sql.raw(table)} t where tenant_id in ${tenants}`);
    for (const { row } of await rows('audit_log')) search('the audit log', row);
    // An e-mail carries its sign-in code: that is what it is for.
    for (const table of ['emails', 'outbox_events'] as const) for (const { row } of await rows(table)) search(`the table ${table}`, row, ['sign-in code']);
    expect(found).toEqual([]);
  });
});
