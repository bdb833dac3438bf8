// The panel's users: sign-in with a session cookie, CSRF on changes, lockout, expiry, sign-out,
// users and API keys managed from the panel, and every change in the audit log.
import { randomBytes } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { engines } from '../harness/databases';
import { panelSession, tenantWithKey, useHttpSuite, type HttpWorld } from '../harness/http';
import { seedMember } from '../harness/world';
import { createUser } from '../../src/app/admin/users';
import { SESSION_IDLE_MS } from '../../src/app/admin/sessions';

// The PostgreSQL database outlives a run (and other files share it): e-mails are this run's own.
const RUN = randomBytes(3).toString('hex');
let ipSeq = 0;
/** A new client address per test, so that the per-IP sign-in limit counts one test's attempts. */
const freshIp = () => `10.77.${Math.floor(++ipSeq / 250)}.${ipSeq % 250}`;

describe.each(engines)('panel users on $name', (engine) => {
  const suite = useHttpSuite(engine);
  let http: HttpWorld;
  beforeAll(() => {
    http = suite.http;
  });

  const signIn = (payload: object, ip = freshIp()) =>
    http.app.inject({ method: 'POST', url: '/api/admin/v1/auth/sign-in', payload, remoteAddress: ip });
  const advance = (ms: number) => http.world.clock.set(new Date(http.world.clock.now().getTime() + ms));

  it('signs in with e-mail and password: an HttpOnly, SameSite=Strict cookie for the admin API, and the CSRF token', async () => {
    const { tenantId } = await tenantWithKey(http.world);
    await createUser(http.world, tenantId, { email: `Ana.${RUN}@Loja.example`, name: 'Ana', password: 'ana-long-password' });
    const response = await signIn({ email: ` ana.${RUN}@loja.EXAMPLE `, password: 'ana-long-password' });
    expect(response.statusCode, response.body).toBe(200);
    const cookie = String(response.headers['set-cookie']);
    expect(cookie).toMatch(/^pontua_admin=ten_[0-9A-Z]{26}\.ses_[0-9A-Z]{26}\.[A-Za-z0-9_-]{43}; Path=\/api\/admin; HttpOnly; SameSite=Strict; Max-Age=604800$/);
    expect(response.headers['cache-control']).toBe('no-store');
    const body = response.json();
    expect(body).toMatchObject({ user: { email: `ana.${RUN}@loja.example`, name: 'Ana', language: null }, tenant: { id: tenantId } });
    expect(body.csrfToken).toMatch(/^[A-Za-z0-9_-]{32}$/);
    expect(JSON.stringify(body)).not.toContain('password');

    const headers = { cookie: cookie.split(';')[0]!, 'x-csrf-token': body.csrfToken };
    const session = await http.app.inject({ method: 'GET', url: '/api/admin/v1/auth/session', headers: { cookie: headers.cookie } });
    expect(session.json()).toEqual(body);
    const program = await http.app.inject({ method: 'GET', url: '/api/admin/v1/program', headers: { cookie: headers.cookie } });
    expect(program.json().tenantId).toBe(tenantId);
  });

  it('answers nulls, not an error, to a session check without a session, and the store to an API key', async () => {
    const { tenantId, auth } = await tenantWithKey(http.world);
    const nobody = await http.app.inject({ method: 'GET', url: '/api/admin/v1/auth/session' });
    expect(nobody.statusCode).toBe(200);
    expect(nobody.json()).toEqual({ user: null, tenant: null, csrfToken: null });
    const forged = await http.app.inject({ method: 'GET', url: '/api/admin/v1/auth/session', headers: { cookie: `pontua_admin=${tenantId}.ses_01JAAAAAAAAAAAAAAAAAAAAAAA.${'A'.repeat(43)}` } });
    expect(forged.json()).toEqual({ user: null, tenant: null, csrfToken: null });
    const key = await http.app.inject({ method: 'GET', url: '/api/admin/v1/auth/session', headers: auth });
    expect(key.json()).toEqual({ user: null, tenant: { id: tenantId, name: expect.any(String), language: 'pt-BR' }, csrfToken: null });
  });

  it('counts a wrong current password on a password change as a failed sign-in: the fifth locks the user out of both', async () => {
    const { tenantId } = await tenantWithKey(http.world);
    const here = await panelSession(http, tenantId);
    const change = (currentPassword: string) =>
      http.app.inject({ method: 'POST', url: '/api/admin/v1/me/password', headers: here.headers, payload: { currentPassword, newPassword: 'yet-another-password' } });
    for (let i = 0; i < 5; i++) expect((await change(`wrong-${i}-password`)).statusCode).toBe(401);
    const locked = await change(here.password);
    expect(locked.statusCode).toBe(429);
    expect(locked.json().error.code).toBe('TOO_MANY_ATTEMPTS');
    expect(Number(locked.headers['retry-after'])).toBe(15 * 60);
    expect((await signIn({ email: here.email, password: here.password })).statusCode).toBe(429);
    advance(15 * 60_000 + 1_000);
    expect((await change(here.password)).statusCode).toBe(204);
    expect((await signIn({ email: here.email, password: 'yet-another-password' })).statusCode).toBe(200);
  });

  it('answers the same for an unknown e-mail and a wrong password, and locks the user after 5 failures for 15 minutes', async () => {
    const { tenantId } = await tenantWithKey(http.world);
    await createUser(http.world, tenantId, { email: `lock.${RUN}@loja.example`, name: 'Lock', password: 'the-right-password' });
    const unknown = await signIn({ email: `nobody.${RUN}@loja.example`, password: 'the-right-password' });
    const wrong = await signIn({ email: `lock.${RUN}@loja.example`, password: 'a-wrong-password' });
    expect([unknown.statusCode, wrong.statusCode]).toEqual([401, 401]);
    expect(unknown.json().error.message).toBe(wrong.json().error.message);
    expect(wrong.json().error.code).toBe('INVALID_CREDENTIALS');

    for (let i = 0; i < 4; i++) expect((await signIn({ email: `lock.${RUN}@loja.example`, password: `wrong-${i}-password` })).statusCode).toBe(401);
    const locked = await signIn({ email: `lock.${RUN}@loja.example`, password: 'the-right-password' });
    expect(locked.statusCode).toBe(429);
    expect(locked.json().error.code).toBe('TOO_MANY_ATTEMPTS');
    expect(Number(locked.headers['retry-after'])).toBe(15 * 60);
    expect(locked.headers['set-cookie']).toBeUndefined();

    advance(14 * 60_000);
    expect((await signIn({ email: `lock.${RUN}@loja.example`, password: 'the-right-password' })).statusCode).toBe(429);
    advance(61_000);
    const open = await signIn({ email: `lock.${RUN}@loja.example`, password: 'the-right-password' });
    expect(open.statusCode, open.body).toBe(200);
    // A success resets the count: four more failures do not lock.
    for (let i = 0; i < 4; i++) await signIn({ email: `lock.${RUN}@loja.example`, password: `wrong-again-${i}` });
    expect((await signIn({ email: `lock.${RUN}@loja.example`, password: 'the-right-password' })).statusCode).toBe(200);
  });

  it('limits sign-in attempts per address: the 21st in a minute is refused before any password check', async () => {
    const ip = freshIp();
    for (let i = 0; i < 20; i++) expect((await signIn({ email: `probe${i}.${RUN}@x.example`, password: 'whatever-password' }, ip)).statusCode).toBe(401);
    const limited = await signIn({ email: `probe.${RUN}@x.example`, password: 'whatever-password' }, ip);
    expect(limited.statusCode).toBe(429);
    expect(limited.json().error.code).toBe('RATE_LIMITED');
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
  });

  it('refuses a change made with the cookie alone (CSRF), and accepts it with the token; an API key needs none', async () => {
    const { tenantId, auth } = await tenantWithKey(http.world);
    const session = await panelSession(http, tenantId);
    const patch = (headers: Record<string, string>, name: string) =>
      http.app.inject({ method: 'PATCH', url: '/api/admin/v1/program', headers, payload: { name } });
    const noToken = await patch({ cookie: session.headers.cookie }, 'Forged');
    expect(noToken.statusCode).toBe(403);
    expect(noToken.json().error.code).toBe('CSRF_FAILED');
    expect((await patch({ cookie: session.headers.cookie, 'x-csrf-token': 'x'.repeat(32) }, 'Forged')).statusCode).toBe(403);
    expect((await http.world.tenants.get(tenantId))!.name).not.toBe('Forged');
    expect((await patch(session.headers, 'Loja da Ana')).statusCode).toBe(200);
    expect((await patch(auth, 'Loja da Ana 2')).statusCode).toBe(200);
    expect((await http.world.tenants.get(tenantId))!.name).toBe('Loja da Ana 2');
  });

  it('ends a session on sign-out, after 8 idle hours, and when the user is disabled', async () => {
    const { tenantId, auth } = await tenantWithKey(http.world);
    const read = (cookie: string) => http.app.inject({ method: 'GET', url: '/api/admin/v1/members', headers: { cookie } });

    const out = await panelSession(http, tenantId);
    const signOut = await http.app.inject({ method: 'POST', url: '/api/admin/v1/auth/sign-out', headers: out.headers });
    expect(signOut.statusCode).toBe(204);
    expect(String(signOut.headers['set-cookie'])).toMatch(/^pontua_admin=; .*Max-Age=0/);
    expect((await read(out.headers.cookie)).statusCode).toBe(401);

    const idle = await panelSession(http, tenantId);
    advance(SESSION_IDLE_MS - 60_000);
    expect((await read(idle.headers.cookie)).statusCode).toBe(200); // used: the idle time starts again
    advance(SESSION_IDLE_MS - 60_000);
    expect((await read(idle.headers.cookie)).statusCode).toBe(200);
    advance(SESSION_IDLE_MS + 1);
    expect((await read(idle.headers.cookie)).statusCode).toBe(401);

    const disabled = await panelSession(http, tenantId);
    const off = await http.app.inject({ method: 'PATCH', url: `/api/admin/v1/users/${disabled.user.id}`, headers: auth, payload: { disabled: true } });
    expect(off.statusCode, off.body).toBe(200);
    expect(off.json().disabledAt).not.toBeNull();
    expect((await read(disabled.headers.cookie)).statusCode).toBe(401);
    expect((await signIn({ email: disabled.email, password: disabled.password })).statusCode).toBe(401);
    await http.app.inject({ method: 'PATCH', url: `/api/admin/v1/users/${disabled.user.id}`, headers: auth, payload: { disabled: false } });
    expect((await signIn({ email: disabled.email, password: disabled.password })).statusCode).toBe(200);
  });

  it('asks which store when one e-mail and password open users of several; a session stays in its store', async () => {
    const first = await tenantWithKey(http.world);
    const second = await tenantWithKey(http.world);
    const third = await tenantWithKey(http.world);
    for (const { tenantId } of [first, second]) await createUser(http.world, tenantId, { email: `agency.${RUN}@x.example`, name: 'Agency', password: 'agency-password' });
    await createUser(http.world, third.tenantId, { email: `agency.${RUN}@x.example`, name: 'Agency', password: 'another-password' });
    const choice = await signIn({ email: `agency.${RUN}@x.example`, password: 'agency-password' });
    expect(choice.statusCode).toBe(409);
    expect(choice.json().error.code).toBe('TENANT_CHOICE');
    expect(choice.json().error.details.tenants.map((t: { id: string }) => t.id).sort()).toEqual([first.tenantId, second.tenantId].sort());
    const chosen = await signIn({ email: `agency.${RUN}@x.example`, password: 'agency-password', tenantId: second.tenantId });
    expect(chosen.json().tenant.id).toBe(second.tenantId);
    // The third store's password opens only that one.
    expect((await signIn({ email: `agency.${RUN}@x.example`, password: 'another-password' })).json().tenant.id).toBe(third.tenantId);

    const cookie = String(chosen.headers['set-cookie']).split(';')[0]!;
    const firstMember = await seedMember(http.world, first.tenantId);
    const other = await http.app.inject({ method: 'GET', url: `/api/admin/v1/members/${firstMember.id}`, headers: { cookie } });
    expect(other.statusCode).toBe(404);
    const list = await http.app.inject({ method: 'GET', url: '/api/admin/v1/members', headers: { cookie } });
    expect(list.json().items).toEqual([]);
  });

  it('adds users with every invalid field named at once, and refuses a second user with the same e-mail', async () => {
    const { tenantId } = await tenantWithKey(http.world);
    const session = await panelSession(http, tenantId);
    const add = (payload: object) => http.app.inject({ method: 'POST', url: '/api/admin/v1/users', headers: session.headers, payload });
    const bad = await add({ email: 'not-an-email', name: ' ', password: 'short' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.errors.map((e: { field: string }) => e.field).sort()).toEqual(['email', 'name', 'password']);
    expect(bad.json().error.errors.find((e: { field: string }) => e.field === 'password').message).toBe('must have at least 10 characters');
    expect((await http.world.adminUsers.list(tenantId)).length).toBe(1);

    const added = await add({ email: `bia.${RUN}@loja.example`, name: 'Bia', password: 'bia-long-password', language: 'es' });
    expect(added.statusCode, added.body).toBe(201);
    expect(added.json()).toMatchObject({ email: `bia.${RUN}@loja.example`, name: 'Bia', language: 'es', disabledAt: null });
    const again = await add({ email: `BIA.${RUN}@loja.example`, name: 'Bia 2', password: 'bia-long-password' });
    expect(again.statusCode).toBe(409);
    expect(again.json().error.code).toBe('USER_EXISTS');
    expect((await signIn({ email: `bia.${RUN}@loja.example`, password: 'bia-long-password' })).statusCode).toBe(200);

    const self = await http.app.inject({ method: 'PATCH', url: `/api/admin/v1/users/${session.user.id}`, headers: session.headers, payload: { disabled: true } });
    expect(self.statusCode).toBe(409);
    const list = await http.app.inject({ method: 'GET', url: '/api/admin/v1/users', headers: session.headers });
    expect(list.json().items.map((u: { email: string }) => u.email).sort()).toEqual([`bia.${RUN}@loja.example`, session.email].sort());
    expect(list.body).not.toMatch(/scrypt|password/i);
  });

  it("changes the user's own password and language; the user's other sessions end, this one stays", async () => {
    const { tenantId } = await tenantWithKey(http.world);
    const here = await panelSession(http, tenantId);
    const elsewhere = await signIn({ email: here.email, password: here.password });
    const elsewhereCookie = String(elsewhere.headers['set-cookie']).split(';')[0]!;
    const change = (payload: object) => http.app.inject({ method: 'POST', url: '/api/admin/v1/me/password', headers: here.headers, payload });
    const wrong = await change({ currentPassword: 'not-it-at-all', newPassword: 'a-brand-new-password' });
    expect(wrong.statusCode).toBe(401);
    const weak = await change({ currentPassword: here.password, newPassword: 'short' });
    expect(weak.statusCode).toBe(400);
    expect(weak.json().error.field).toBe('newPassword');
    expect((await change({ currentPassword: here.password, newPassword: 'a-brand-new-password' })).statusCode).toBe(204);
    const read = (cookie: string) => http.app.inject({ method: 'GET', url: '/api/admin/v1/auth/session', headers: { cookie } });
    expect((await read(here.headers.cookie)).json().user.id).toBe(here.user.id);
    expect((await read(elsewhereCookie)).json().user).toBeNull();
    expect((await signIn({ email: here.email, password: here.password })).statusCode).toBe(401);
    expect((await signIn({ email: here.email, password: 'a-brand-new-password' })).statusCode).toBe(200);

    const language = await http.app.inject({ method: 'PATCH', url: '/api/admin/v1/me', headers: here.headers, payload: { language: 'en' } });
    expect(language.json().language).toBe('en');
    expect((await read(here.headers.cookie)).json().user.language).toBe('en');
    const bad = await http.app.inject({ method: 'PATCH', url: '/api/admin/v1/me', headers: here.headers, payload: { language: 'fr' } });
    expect(bad.statusCode).toBe(400);
  });

  it('creates API keys shown once, lists them without secrets, and a revoked key stops working', async () => {
    const { tenantId } = await tenantWithKey(http.world);
    const session = await panelSession(http, tenantId);
    const created = await http.app.inject({ method: 'POST', url: '/api/admin/v1/api-keys', headers: session.headers, payload: { name: 'ERP' } });
    expect(created.statusCode, created.body).toBe(201);
    const { id, apiKey } = created.json();
    expect(apiKey).toMatch(new RegExp(`^psk\\.${tenantId}\\.${id}\\.`));
    const bearer = { authorization: `Bearer ${apiKey}` };
    expect((await http.app.inject({ method: 'GET', url: '/api/admin/v1/members', headers: bearer })).statusCode).toBe(200);
    const list = await http.app.inject({ method: 'GET', url: '/api/admin/v1/api-keys', headers: session.headers });
    expect(list.json().items.map((k: { name: string }) => k.name)).toEqual(['First API key', 'ERP']);
    expect(list.body).not.toContain(apiKey.split('.')[3]);
    const revoked = await http.app.inject({ method: 'POST', url: `/api/admin/v1/api-keys/${id}/revoke`, headers: session.headers });
    expect(revoked.json().revokedAt).not.toBeNull();
    expect((await http.app.inject({ method: 'GET', url: '/api/admin/v1/members', headers: bearer })).statusCode).toBe(401);
    const empty = await http.app.inject({ method: 'POST', url: '/api/admin/v1/api-keys', headers: session.headers, payload: { name: '' } });
    expect(empty.statusCode).toBe(400);
  });

  it('logs every change with who, what, when and the state before and after, secrets redacted', async () => {
    const { tenantId, auth } = await tenantWithKey(http.world);
    const session = await panelSession(http, tenantId);
    const before = (await http.world.tenants.get(tenantId))!;
    expect((await http.app.inject({ method: 'PATCH', url: '/api/admin/v1/program', headers: session.headers, payload: { pointsNamePlural: 'estrelas' } })).statusCode).toBe(200);
    const key = await http.app.inject({ method: 'POST', url: '/api/admin/v1/api-keys', headers: session.headers, payload: { name: 'Logged' } });
    const member = await http.app.inject({ method: 'POST', url: '/api/admin/v1/members', headers: auth, payload: { email: `logged.${RUN}@x.example` } });
    const refused = await http.app.inject({ method: 'PATCH', url: '/api/admin/v1/program', headers: session.headers, payload: { brandColor: 'red' } });
    expect(refused.statusCode).toBe(400);

    const log = await http.app.inject({ method: 'GET', url: '/api/admin/v1/audit-log?limit=10', headers: session.headers });
    expect(log.statusCode).toBe(200);
    interface Entry { id: string; action: string; actor: string; actorLabel: string; targetId: string | null; createdAt: string; before: Record<string, unknown> | null; after: Record<string, unknown> | null }
    const items = log.json().items as Entry[];
    expect(items.map((entry) => entry.action)).toEqual(['member.create', 'api_key.create', 'program.update', 'user.sign_in']);
    const [created, keyEntry, program, signIn] = items;
    expect(program).toMatchObject({ actor: `user:${session.user.id}`, actorLabel: session.email, targetId: null });
    expect(program!.before?.pointsNamePlural).toBe(before.pointsNamePlural);
    expect(program!.after?.pointsNamePlural).toBe('estrelas');
    expect(keyEntry!.after?.apiKey).toBe('[redacted]');
    expect(log.body).not.toContain(key.json().apiKey.split('.')[3]);
    expect(created).toMatchObject({ actor: expect.stringMatching(/^apikey:key_/), targetId: member.json().id, before: null });
    expect(signIn).toMatchObject({ actor: `user:${session.user.id}`, after: { csrfToken: '[redacted]' } });
    expect(new Date(program!.createdAt).getTime()).toBe(http.world.clock.now().getTime());

    const filtered = await http.app.inject({ method: 'GET', url: '/api/admin/v1/audit-log?action=program.update', headers: auth });
    expect(filtered.json().items).toHaveLength(1);
    const page = await http.app.inject({ method: 'GET', url: '/api/admin/v1/audit-log?limit=2', headers: auth });
    const next = await http.app.inject({ method: 'GET', url: `/api/admin/v1/audit-log?limit=2&cursor=${page.json().nextCursor}`, headers: auth });
    expect([...page.json().items, ...next.json().items].map((entry: { id: string }) => entry.id)).toEqual(items.map((entry) => entry.id));
  });
});
