// Every authenticated route, taken from the app's own route table so that a new route cannot
// skip it: no key → 401, a wrong key → 401, another tenant's ids → 404, and nothing written.
import { beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import type { Database } from '../../src/adapters/db/database';
import { engines } from '../harness/databases';
import { panelSession, tenantWithKey, useHttpSuite, type HttpWorld } from '../harness/http';
import { createUser } from '../../src/app/admin/users';
import { seedMember } from '../harness/world';
import { createReward } from '../../src/app/rewards/rewards';
import { requestRedemption } from '../../src/app/rewards/redemptions';
import { adjustPoints } from '../../src/app/ledger/adjust-points';

// A valid request for each route; the test fails for a route missing here.
const VALID: Record<string, { payload?: object; headers?: Record<string, string> }> = {
  'POST /api/admin/v1/members': { payload: { email: 'security@example.com' } },
  'GET /api/admin/v1/members': {},
  'GET /api/admin/v1/members/:memberId': {},
  'PATCH /api/admin/v1/members/:memberId': { payload: { name: 'Changed' } },
  'GET /api/admin/v1/members/:memberId/export': {},
  'POST /api/admin/v1/members/:memberId/erase': { payload: { reason: 'Hijacked' } },
  'GET /api/admin/v1/dashboard': {},
  'POST /api/admin/v1/members/:memberId/adjustments': { payload: { points: 5, reason: 'x' }, headers: { 'idempotency-key': 'sec-1' } },
  'GET /api/admin/v1/members/:memberId/ledger': {},
  'GET /api/admin/v1/program': {},
  'PATCH /api/admin/v1/program': { payload: { name: 'Hijacked' } },
  'GET /api/admin/v1/integrations/vtex': {},
  'PUT /api/admin/v1/integrations/vtex': {
    payload: { appKey: 'vtexappkey-sec-KEY', appToken: 'SECTOKEN', accountName: 'hijacked', storeUrl: 'https://hijacked.example.com' },
  },
  'GET /api/admin/v1/integrations/vtex/form': {},
  'GET /api/admin/v1/sync': {},
  'POST /api/admin/v1/integrations/vtex/check': { payload: { accountName: 'lojax', appKey: 'vtexappkey-lojax-A', appToken: 'T' } },
  'POST /api/admin/v1/rewards': { payload: { kind: 'free_shipping', name: 'Hijacked', cost: 10 } },
  'GET /api/admin/v1/rewards': {},
  'GET /api/admin/v1/rewards/:rewardId': {},
  'PATCH /api/admin/v1/rewards/:rewardId': { payload: { name: 'Hijacked' } },
  'POST /api/admin/v1/rewards/:rewardId/deactivate': {},
  'POST /api/admin/v1/rewards/import': {},
  'POST /api/admin/v1/members/:memberId/redemptions': { payload: { rewardId: 'rwd_none' }, headers: { 'idempotency-key': 'sec-redeem' } },
  'GET /api/admin/v1/redemptions': {},
  'GET /api/admin/v1/redemptions/:redemptionId': {},
  'POST /api/admin/v1/redemptions/:redemptionId/approve': {},
  'POST /api/admin/v1/redemptions/:redemptionId/reject': { payload: { reason: 'Hijacked' } },
  'POST /api/admin/v1/redemptions/:redemptionId/cancel': { payload: { reason: 'Hijacked' } },
  'GET /api/admin/v1/emails': {},
  'GET /api/admin/v1/emails/:emailId': {},
  'GET /api/admin/v1/emails/:emailId/preview': {},
  'POST /api/admin/v1/redemptions/approve': { payload: { redemptionIds: ['rdm_x'] } },
  'POST /api/admin/v1/redemptions/reject': { payload: { redemptionIds: ['rdm_x'], reason: 'Hijacked' } },
  'POST /api/admin/v1/auth/sign-out': {},
  'GET /api/admin/v1/users': {},
  'POST /api/admin/v1/users': { payload: { email: 'hijacker@example.com', name: 'Hijacked', password: 'a-long-enough-password' } },
  'PATCH /api/admin/v1/users/:userId': { payload: { name: 'Hijacked', disabled: true } },
  'PATCH /api/admin/v1/me': { payload: { name: 'Hijacked' } },
  'POST /api/admin/v1/me/password': { payload: { currentPassword: 'x', newPassword: 'another-long-password' } },
  'GET /api/admin/v1/api-keys': {},
  'POST /api/admin/v1/api-keys': { payload: { name: 'Hijacked' } },
  'POST /api/admin/v1/api-keys/:keyId/revoke': {},
  'GET /api/admin/v1/audit-log': {},
};

// The only admin API routes open without a key or a session: the panel's sign-in and first-run
// setup (rate limited), and the session check, which answers nulls to a stranger (all tested in
// test/http/admin-auth.test.ts).
const PUBLIC_ADMIN = ['GET /api/admin/v1/auth/setup', 'POST /api/admin/v1/auth/setup', 'POST /api/admin/v1/auth/sign-in', 'GET /api/admin/v1/auth/session'];

describe.each(engines)('route security on $name', (engine) => {
  const suite = useHttpSuite(engine);
  let database: Database;
  let http: HttpWorld;
  beforeAll(async () => {
    ({ database, http } = suite);
  });

  const ids = new Set<string>();
  const writes = async () => {
    const tenants = [...ids];
    return (await database.query<{ n: number }>(sql`select
      (select count(*) from ledger_transactions where tenant_id in ${tenants})::int +
      (select count(*) from members where tenant_id in ${tenants})::int +
      (select count(*) from vtex_integrations where tenant_id in ${tenants})::int +
      (select count(*) from rewards where tenant_id in ${tenants})::int +
      (select count(*) from sync_jobs where tenant_id in ${tenants})::int +
      (select count(*) from redemptions where tenant_id in ${tenants})::int +
      (select count(*) from redemptions where tenant_id in ${tenants} and status <> 'issuing')::int +
      (select count(*) from rewards where tenant_id in ${tenants} and (name = 'Hijacked' or not active))::int +
      (select count(*) from tenants where id in ${tenants} and name = 'Hijacked')::int +
      (select count(*) from admin_users where tenant_id in ${tenants})::int +
      (select count(*) from admin_users where tenant_id in ${tenants} and (name = 'Hijacked' or disabled_at is not null))::int +
      (select count(*) from admin_sessions where tenant_id in ${tenants} and revoked_at is not null)::int +
      (select count(*) from api_keys where tenant_id in ${tenants})::int +
      (select count(*) from api_keys where tenant_id in ${tenants} and revoked_at is not null)::int +
      (select count(*) from audit_log where tenant_id in ${tenants})::int as n`))[0]?.n;
  };

  it('every admin route is in the table of valid requests, and every /api/admin route requires a key', () => {
    const admin = http.app.routeTable.filter((route) => route.url.startsWith('/api/admin') && !PUBLIC_ADMIN.includes(`${route.method} ${route.url}`));
    expect(admin.length).toBeGreaterThan(0);
    for (const route of admin) {
      expect(route.auth, `${route.method} ${route.url}`).toBe('admin');
      expect(Object.keys(VALID), `${route.method} ${route.url} has no valid request in the security test`).toContain(`${route.method} ${route.url}`);
    }
  });

  it('every admin route that changes something names its action for the audit log', () => {
    const changes = http.app.routeTable.filter((route) => route.auth === 'admin' && route.method !== 'GET');
    expect(changes.length).toBeGreaterThan(20);
    for (const route of changes) expect(route.audit, `${route.method} ${route.url} writes no audit log`).toMatch(/^[a-z_]+\.[a-z_]+$/);
    const reads = http.app.routeTable.filter((route) => route.auth === 'admin' && route.method === 'GET');
    // Reads are not logged, except reading out a member's personal data (LGPD export).
    for (const route of reads) if (route.audit) expect(route.url, `${route.method} ${route.url}`).toMatch(/\/export$/);
  });

  it('every storefront route needs the program key, and the member routes a member token; missing or forged ones are 401', async () => {
    const { tenantId } = await tenantWithKey(http.world);
    const publicKey = (await http.world.tenants.get(tenantId))!.publicKey;
    const storefront = http.app.routeTable.filter((route) => route.url.startsWith('/api/storefront') && route.method !== 'OPTIONS');
    expect(storefront.length).toBeGreaterThan(5);
    for (const route of storefront) {
      expect(['storefrontKey', 'memberToken'], `${route.method} ${route.url}`).toContain(route.auth);
      const payload = route.method === 'POST' ? { payload: {} } : {};
      const noKey = await http.app.inject({ method: route.method as 'GET', url: route.url, headers: { 'idempotency-key': 'k' }, ...payload });
      expect(noKey.statusCode, `${route.method} ${route.url} without a key`).toBe(401);
      if (route.auth !== 'memberToken') continue;
      for (const token of [undefined, 'mt.eyJ0IjoieCJ9.forged', 'psk.not.a.member.token']) {
        const refused = await http.app.inject({
          method: route.method as 'GET', url: route.url, ...payload,
          headers: { 'x-pontua-key': publicKey, 'idempotency-key': 'k', ...(token ? { authorization: `Bearer ${token}` } : {}) },
        });
        expect(refused.statusCode, `${route.method} ${route.url} with ${String(token)}`).toBe(401);
      }
    }
  });

  it('every route without an API key is one that must be public, and says how it is protected', () => {
    // Public on purpose: health, the API document, and VTEX's hook (its own secret header).
    // The unsubscribe page: its signed token (tested in test/http/emails.test.ts); the storefront's
    // CORS preflight, which answers headers only (test/http/storefront.test.ts); the widget's script,
    // the same public file for every store (test/widget/widget-route.test.ts); the admin panel's
    // page and scripts, the same for everyone (its API is what is protected; test/http/admin-panel.test.ts);
    // /metrics: its own rule, the PONTUA_METRICS_TOKEN bearer or a loopback peer that no proxy
    // forwarded (test/http/metrics.test.ts).
    const PUBLIC = [/^\/admin(\/.*)?$/, /^\/metrics$/, /^\/healthz$/, /^\/readyz$/, /^\/api\/docs/, /^\/webhooks\/vtex\/:tenantId\/orders$/, /^\/unsubscribe\/:token$/, /^\/api\/storefront\/v1\/\*$/, /^\/widget\.js$/];
    const open = http.app.routeTable.filter((route) => route.auth === null && !PUBLIC_ADMIN.includes(`${route.method} ${route.url}`));
    for (const route of open) {
      expect(PUBLIC.some((pattern) => pattern.test(route.url)), `${route.method} ${route.url} has no authentication`).toBe(true);
    }
  });

  it('refuses missing, malformed and wrong keys, and other tenants\' ids', async () => {
    const mine = await tenantWithKey(http.world);
    const theirs = await tenantWithKey(http.world);
    const theirMember = await seedMember(http.world, theirs.tenantId);
    const theirReward = await createReward(http.world, theirs.tenantId, { kind: 'free_shipping', name: 'Theirs', cost: 10 });
    await adjustPoints(http.world, { tenantId: theirs.tenantId, memberId: theirMember.id, points: 50, reason: 'seed', actor: 'test', idempotencyKey: 'sec-seed' });
    const { redemption: theirRedemption } = await requestRedemption(http.world, {
      tenantId: theirs.tenantId, memberId: theirMember.id, rewardId: theirReward.id, idempotencyKey: 'sec-theirs',
    });
    const now = http.world.clock.now();
    const theirEmail = {
      tenantId: theirs.tenantId, id: 'eml_theirs', memberId: theirMember.id, type: 'welcome', dedupeKey: 'sec:theirs', fromAddress: '"Theirs" <a@b.example>',
      toAddress: 'member@theirs.example', language: 'pt-BR', subject: 'Theirs', html: '<p>theirs</p>', text: 'theirs', status: 'stored' as const,
      attempts: 0, nextAttemptAt: null, lastError: null, smtpResponse: null, sentAt: null, createdAt: now, updatedAt: now,
    };
    await http.world.emails.saveComposed([], [theirEmail], now);
    const theirUser = await createUser(http.world, theirs.tenantId, { email: 'owner@theirs.example', name: 'Theirs', password: 'their-long-password' });
    const theirKeyId = theirs.apiKey.split('.')[2]!;
    const mySession = await panelSession(http, mine.tenantId);
    ids.add(mine.tenantId).add(theirs.tenantId);
    const routes = http.app.routeTable.filter((route) => route.auth === 'admin');
    const wrongSecret = mine.apiKey.slice(0, -4) + (mine.apiKey.endsWith('AAAA') ? 'BBBB' : 'AAAA');
    const badAuth: (Record<string, string> | undefined)[] = [
      undefined,
      { authorization: 'Bearer' },
      { authorization: 'Basic dXNlcjpwYXNz' },
      { authorization: `Bearer ${wrongSecret}` },
      { authorization: `Bearer ${mine.apiKey.replace(mine.tenantId, theirs.tenantId)}` },
      { cookie: `pontua_admin=${theirs.tenantId}.ses_01JAAAAAAAAAAAAAAAAAAAAAAA.${'A'.repeat(43)}` },
      { cookie: `pontua_admin=${mySession.cookieValue.slice(0, -4)}AAAA`, 'x-csrf-token': mySession.csrfToken },
      { cookie: `pontua_admin=${mySession.cookieValue.replace(mine.tenantId, theirs.tenantId)}`, 'x-csrf-token': mySession.csrfToken },
    ];
    for (const route of routes) {
      const valid = VALID[`${route.method} ${route.url}`]!;
      const url = route.url.replace(':memberId', theirMember.id).replace(':rewardId', theirReward.id).replace(':redemptionId', theirRedemption.id)
        .replace(':emailId', theirEmail.id).replace(':userId', theirUser.id).replace(':keyId', theirKeyId);
      for (const auth of badAuth) {
        const before = await writes();
        const response = await http.app.inject({
          method: route.method as 'GET',
          url,
          headers: { ...(auth ?? {}), ...(valid.headers ?? {}) },
          ...(valid.payload ? { payload: valid.payload } : {}),
        });
        expect(response.statusCode, `${route.method} ${route.url} with ${JSON.stringify(auth)}`).toBe(401);
        expect(response.json().error.code).toBe('UNAUTHORIZED');
        expect(await writes()).toBe(before);
      }
      if (/:(memberId|rewardId|redemptionId|emailId|userId|keyId)/.test(route.url)) {
        // Another tenant's ids are unknown to this tenant's API key and to its panel session alike.
        for (const [how, headers] of [['API key', mine.auth], ['session', mySession.headers]] as const) {
          const before = await writes();
          const response = await http.app.inject({
            method: route.method as 'GET',
            url,
            headers: { ...headers, ...(valid.headers ?? {}) },
            ...(valid.payload ? { payload: valid.payload } : {}),
          });
          expect(response.statusCode, `${route.method} ${route.url} across tenants with a ${how}`).toBe(404);
          expect(response.json().error.code).toBe('NOT_FOUND');
          expect(await writes()).toBe(before);
        }
      }
      if (route.method !== 'GET') {
        // The session cookie alone (a forged cross-site request) changes nothing.
        for (const csrf of [undefined, 'not-the-token']) {
          const before = await writes();
          const response = await http.app.inject({
            method: route.method as 'GET',
            url,
            headers: { cookie: mySession.headers.cookie, ...(csrf ? { 'x-csrf-token': csrf } : {}), ...(valid.headers ?? {}) },
            ...(valid.payload ? { payload: valid.payload } : {}),
          });
          expect(response.statusCode, `${route.method} ${route.url} by cookie without CSRF token ${String(csrf)}`).toBe(403);
          expect(response.json().error.code).toBe('CSRF_FAILED');
          expect(await writes()).toBe(before);
        }
      }
    }
    const list = await http.app.inject({ method: 'GET', url: '/api/admin/v1/members', headers: mine.auth });
    expect(list.json().items).toEqual([]);
    const program = await http.app.inject({ method: 'GET', url: '/api/admin/v1/program', headers: mine.auth });
    expect(program.json().tenantId).toBe(mine.tenantId);
  });
});
