// Property-based fuzzing of every JSON route, generated from the app's route table and its OpenAPI
// document, so a new route is fuzzed without being listed here. Each route that changes something
// gets its own store (reads share one): a tenant connected to a sandbox VTEX account, a member with
// points, a reward, a redemption waiting for approval, an e-mail, a second user and API key, a
// panel session, a pending sign-in code; member routes get members of their own. Each route is
// called, properly authenticated (API key or panel session; program key and member token; hook
// secret), with generated requests. For every one: never a 5xx; a 4xx answers
// `{ error: { code, message, requestId } }` and changes nothing in the database.
// FUZZ_RUNS (default 25) sets the requests per route, FUZZ_SEED the seed, FUZZ_ROUTE a substring of
// the routes to run, FUZZ_VERBOSE=1 prints every request and answer, FUZZ_SHRINK=1 shrinks a failure.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { sql } from 'drizzle-orm';
import type { Database } from '../../src/adapters/db/database';
import { ERROR_CODES } from '../../src/domain/errors';
import { createUser } from '../../src/app/admin/users';
import { createApiKey } from '../../src/app/tenants/api-keys';
import { createReward } from '../../src/app/rewards/rewards';
import { requestRedemption } from '../../src/app/rewards/redemptions';
import { adjustPoints } from '../../src/app/ledger/adjust-points';
import { issueMemberToken } from '../../src/app/storefront/member-token';
import { getVtexCredentials } from '../../src/app/integrations/get-vtex-credentials';
import { HOOK_SECRET_HEADER } from '../../src/app/integrations/receive-order-hook';
import type { LightMyRequestResponse } from 'fastify';
import type { RouteEntry } from '../../src/http/app';
import type { RunningSandbox } from '../../sandbox/main';
import { engines } from '../harness/databases';
import { httpWorldOn, panelSession, tenantWithKey, useHttpSuite, type HttpWorld } from '../harness/http';
import { seedMember } from '../harness/world';
import { createShop } from '../harness/vtex-sandbox';
import {
  CONTENT_TYPES, bodyText, changedTables, headerValue, idempotencyKey, operationsOf, pathValue, queryText, tenantFingerprint, tenantTables,
  type Hints, type Operation,
} from '../harness/fuzz';

const RUNS = Number(process.env.FUZZ_RUNS ?? 25);
const SEED = Number(process.env.FUZZ_SEED ?? 20_260_115);
const ONLY = process.env.FUZZ_ROUTE;
const VERBOSE = process.env.FUZZ_VERBOSE === '1';

const FUZZED = /^\/(api\/admin\/|api\/storefront\/|webhooks\/)/;

/** The routes to fuzz, read from an app built here, so that each is its own test. */
async function fuzzedRoutes(): Promise<RouteEntry[]> {
  const database = await engines[0]!.open();
  const { app } = await httpWorldOn(database);
  const routes = app.routeTable.filter((route) => FUZZED.test(route.url) && route.method !== 'OPTIONS' && (!ONLY || `${route.method} ${route.url}`.includes(ONLY)));
  await app.close();
  await database.close();
  return routes;
}
const ROUTES = await fuzzedRoutes();

// Writes a refused request may make on purpose: a wrong password (signing in, or the current one
// when changing it) counts towards the user's lockout,
// a wrong sign-in code towards the code's five tries (and ends it at the fifth).
const COUNTERS: Record<string, Record<string, string[]>> = {
  'POST /api/admin/v1/auth/sign-in': { admin_users: ['failed_sign_ins', 'locked_until', 'updated_at'] },
  'POST /api/admin/v1/me/password': { admin_users: ['failed_sign_ins', 'locked_until', 'updated_at'] },
  'POST /api/storefront/v1/login/verify': { login_codes: ['*'] },
};

const seedOf = (key: string) => [...key].reduce((hash, char) => (hash * 31 + char.charCodeAt(0)) | 0, SEED);

let addresses = 0;
/** A new client address per request: the per-IP limits count other tests' requests, not these. */
const nextAddress = () => {
  addresses++;
  return `10.${100 + Math.floor(addresses / 62_500) % 100}.${Math.floor(addresses / 250) % 250}.${addresses % 250 + 1}`;
};

interface FuzzRequest {
  path: string[];
  query: string;
  body: string | undefined;
  contentType: string;
  idempotencyKey: string | undefined;
  requestId: string | undefined;
  auth: 'apiKey' | 'session';
  origin: string | undefined;
}

describe.each(engines)('fuzzing every JSON route on $name', (engine) => {
  const suite = useHttpSuite(engine, { sandbox: true });
  let database: Database;
  let sandbox: RunningSandbox;
  let http: HttpWorld;
  let operations: Map<string, Operation>;
  let tables: string[];
  const slug = engine.name.replace(/[^a-z]/g, '');
  let shops = 0;
  const outcomes: string[] = [];
  beforeAll(async () => {
    ({ database, sandbox, http } = suite);
    operations = operationsOf(http.app.swagger());
    tables = await tenantTables(database);
  });
  afterAll(() => {
    // What each route answered: a 2xx is allowed (the input was valid), and listed here.
    console.log(`fuzz on ${engine.name}, ${RUNS} requests per route, seed ${SEED}:\n${outcomes.join('\n')}`);
  });

  /** A store with one of everything a route can name, connected to its own sandbox VTEX account. */
  async function openStore() {
    const shop = await createShop(sandbox, `fz${slug}${++shops}`);
    const tenant = await tenantWithKey(http.world);
    const saved = await http.app.inject({
      method: 'PUT', url: '/api/admin/v1/integrations/vtex', headers: tenant.auth,
      payload: {
        accountName: shop.name, appKey: shop.appKey, appToken: shop.appToken, storeUrl: 'https://www.loja.example', active: true,
        importCustomers: false, importOrders: false, singleSignOn: true, manualRedemptionApproval: true,
      },
    });
    expect(saved.statusCode, saved.body).toBe(200);
    const { tenantId } = tenant;
    const publicKey = (await http.world.tenants.get(tenantId))!.publicKey;
    const member = await seedMember(http.world, tenantId);
    await adjustPoints(http.world, { tenantId, memberId: member.id, points: 10_000, reason: 'seed', actor: 'test', idempotencyKey: 'fuzz-seed' });
    const reward = await createReward(http.world, tenantId, { kind: 'free_shipping', name: 'Frete', cost: 10 });
    const { redemption } = await requestRedemption(http.world, { tenantId, memberId: member.id, rewardId: reward.id, idempotencyKey: 'fuzz-redemption' });
    const now = http.world.clock.now();
    const emailId = `eml_fuzz${shops}`;
    await http.world.emails.saveComposed([], [{
      tenantId, id: emailId, memberId: member.id, type: 'welcome', dedupeKey: `fuzz:${shops}`, fromAddress: '"Loja" <a@b.example>', toAddress: member.email!,
      language: 'pt-BR', subject: 'Bem-vindo', html: '<p>oi</p>', text: 'oi', status: 'stored', attempts: 0, nextAttemptAt: null, lastError: null,
      smtpResponse: null, sentAt: null, createdAt: now, updatedAt: now,
    }], now);
    const otherUser = await createUser(http.world, tenantId, { email: `other.${tenantId.slice(-8).toLowerCase()}@loja.example`, name: 'Other', password: 'other-long-password' });
    const otherKey = await createApiKey(http.world, { tenantId, name: 'Other' });
    const session = await panelSession(http, tenantId);
    const asked = await http.app.inject({
      method: 'POST', url: '/api/storefront/v1/login/code', headers: { 'x-pontua-key': publicKey }, payload: { email: member.email }, remoteAddress: nextAddress(),
    });
    expect(asked.statusCode, asked.body).toBe(202);
    const hookSecret = (await getVtexCredentials(http.world, tenantId))!.hookSecret;
    const ids: Record<string, string> = {
      tenantId, memberId: member.id, rewardId: reward.id, redemptionId: redemption.id, emailId, userId: otherUser.id, keyId: otherKey.keyId,
    };
    const hints: Hints = {
      ...Object.fromEntries(Object.entries(ids).map(([name, id]) => [name, [id]])),
      email: [member.email!, session.email, otherUser.email, ` ${member.email!.toUpperCase()} `, 'new.member@example.com'],
      password: [session.password, 'a-new-long-password'],
      currentPassword: [session.password],
      newPassword: ['a-new-long-password', 'short'],
      code: ['123456', '000000'],
      accountName: [shop.name, `https://${shop.name}.myvtex.com/`],
      appKey: [shop.appKey],
      appToken: [shop.appToken],
      storeUrl: ['https://www.loja.example', 'http://www.loja.example', 'https://127.0.0.1:1/'],
      signupUrl: ['https://www.loja.example/cadastro'],
      logoUrl: ['https://www.loja.example/logo.png'],
      imageUrl: ['https://www.loja.example/i.png'],
      kind: ['free_shipping', 'fixed_discount', 'percent_discount', 'product'],
      timezone: ['America/Sao_Paulo', 'UTC'],
      brandColor: ['#0f766e'],
      status: ['active', 'blocked', 'issued', 'pending_approval', 'sent', 'stored'],
      from: ['2026-01-01'],
      to: ['2026-02-01'],
      activeFrom: ['2026-01-01T00:00:00Z'],
      activeUntil: ['2027-01-01T00:00:00Z'],
      skuId: ['1', '999999'],
      rewardSkuId: ['1', 2],
      environment: ['vtexcommercestable'],
      name: ['Nome', 'Frete grátis'],
      reason: ['pedido do cliente'],
      key: [publicKey],
    };
    return { tenantId, apiKey: tenant.apiKey, publicKey, session, hookSecret, ids, hints };
  }
  type Store = Awaited<ReturnType<typeof openStore>>;
  let readStore: Store | undefined;

  function requestsFor(route: RouteEntry, operation: Operation, store: Store): fc.Arbitrary<FuzzRequest> {
    const hasBody = ['POST', 'PUT', 'PATCH'].includes(route.method);
    const wantsKey = operation.headers.some((header) => header.name === 'idempotency-key');
    return fc.record({
      path: fc.tuple(...operation.path.map((param) => {
        const real = store.ids[param.name];
        if (!real) throw new Error(`${route.method} ${route.url}: no id of the store for :${param.name}; add one to openStore()`);
        return pathValue(real);
      })),
      query: fc.oneof({ weight: 1, arbitrary: fc.constant('') }, { weight: 2, arbitrary: queryText(operation.query, store.hints) }),
      body: hasBody
        ? fc.oneof({ weight: 12, arbitrary: bodyText(operation.body, store.hints) }, { weight: 1, arbitrary: fc.constant(undefined) })
        : fc.constant(undefined),
      contentType: CONTENT_TYPES,
      idempotencyKey: wantsKey ? idempotencyKey : headerValue,
      requestId: headerValue,
      auth: fc.constantFrom('apiKey' as const, 'apiKey' as const, 'session' as const),
      origin: route.url.startsWith('/api/storefront')
        ? fc.oneof({ weight: 4, arbitrary: fc.constant(undefined) }, { weight: 1, arbitrary: fc.constantFrom('https://www.loja.example', 'https://evil.example', 'null') })
        : fc.constant(undefined),
    });
  }

  function authHeaders(route: RouteEntry, store: Store, auth: FuzzRequest['auth'], memberToken: string): Record<string, string> {
    if (route.auth === 'admin') return auth === 'session' ? store.session.headers : { authorization: `Bearer ${store.apiKey}` };
    if (route.auth === 'storefrontKey') return { 'x-pontua-key': store.publicKey };
    if (route.auth === 'memberToken') return { 'x-pontua-key': store.publicKey, authorization: `Bearer ${memberToken}` };
    if (route.url.startsWith('/webhooks/')) return { [HOOK_SECRET_HEADER]: store.hookSecret };
    return {};
  }

  /** On the embedded database this file is alone: tenants and users made outside any tenant count too. */
  const globalCounts = async () =>
    engine.name === 'pglite'
      ? (await database.query<{ n: string }>(sql`select (select count(*) from tenants) || '/' || (select count(*) from admin_users) as n`))[0]!.n
      : '';

  type Fingerprint = { tables: Record<string, string>; global: string };

  /** Never a 5xx; a refusal has the error shape and wrote nothing; no prototype was polluted. */
  function expectSound(response: LightMyRequestResponse, before: Fingerprint, after: Fingerprint, shown: string) {
    expect(response.statusCode, `a 5xx for\n${shown}`).toBeLessThan(500);
    // `__proto__` and `constructor.prototype` keys in bodies and query strings reach no prototype.
    expect(Object.prototype, `a polluted prototype after\n${shown}`).not.toHaveProperty('polluted');
    if (response.statusCode < 400) return;
    let error: unknown;
    try {
      error = response.json().error;
    } catch {
      error = undefined;
    }
    expect(error, `not the error shape:\n${shown}`).toMatchObject({ code: expect.any(String), message: expect.any(String), requestId: expect.any(String) });
    expect(response.headers['x-request-id'], `the header and the body name other requests:\n${shown}`).toBe((error as { requestId: string }).requestId);
    expect(ERROR_CODES, `an unknown error code:\n${shown}`).toContain((error as { code: string }).code);
    const changed = [...changedTables(before.tables, after.tables), ...(before.global === after.global ? [] : ['(tenants or users of any store)'])];
    expect(changed, `a refused request wrote to ${changed.join(', ')}:\n${shown}`).toEqual([]);
  }

  it('fuzzes the routes of the API, the storefront and the webhook, all of them', () => {
    const keys = ROUTES.map((route) => `${route.method} ${route.url}`);
    if (!ONLY) expect(keys.length).toBeGreaterThan(50);
    for (const key of keys) expect(operations.has(key), `${key} is not in the OpenAPI document`).toBe(true);
  });

  it.each(ROUTES.map((route) => [`${route.method} ${route.url}`, route] as const))('%s', async (key, route) => {
    const operation = operations.get(key)!;
    // Reads share a store (they change nothing it has, or they fail); every change gets its own.
    const store = route.method === 'GET' ? (readStore ??= await openStore()) : await openStore();
    const ignore = COUNTERS[key] ?? {};
    const fingerprint = async (): Promise<Fingerprint> => ({ tables: await tenantFingerprint(database, tables, store.tenantId, ignore), global: await globalCounts() });
    let before = await fingerprint();
    const statuses = new Map<number, number>();
    // A member of this route's own (the per-member limit is 120 requests a minute): a new one every 100 requests.
    let memberToken = '';
    let sent = 0;
    const nextMemberToken = async () => {
      const member = await seedMember(http.world, store.tenantId);
      await adjustPoints(http.world, { tenantId: store.tenantId, memberId: member.id, points: 10_000, reason: 'seed', actor: 'test', idempotencyKey: `fuzz-seed-${member.id}` });
      memberToken = issueMemberToken(http.world, { tenantId: store.tenantId, memberId: member.id }, http.world.clock.now()).token;
    };

    await fc.assert(
      fc.asyncProperty(requestsFor(route, operation, store), async (request) => {
        if (route.auth === 'memberToken' && sent++ % 100 === 0) {
          await nextMemberToken();
          before = await fingerprint();
        }
        let index = 0;
        const url = route.url.replace(/:\w+/g, () => request.path[index++]!) + (request.query ? `?${request.query}` : '');
        const headers: Record<string, string> = {
          ...authHeaders(route, store, request.auth, memberToken),
          ...(request.body !== undefined ? { 'content-type': request.contentType } : {}),
          ...(request.idempotencyKey !== undefined ? { 'idempotency-key': request.idempotencyKey } : {}),
          ...(request.requestId !== undefined ? { 'x-request-id': request.requestId } : {}),
          ...(request.origin !== undefined ? { origin: request.origin } : {}),
        };
        const response = await http.app.inject({
          method: route.method as 'GET', url, headers, remoteAddress: nextAddress(), ...(request.body !== undefined ? { payload: request.body } : {}),
        });
        statuses.set(response.statusCode, (statuses.get(response.statusCode) ?? 0) + 1);
        let shown = `${route.method} ${url.slice(0, 300)}\n  headers: ${JSON.stringify({ ...headers, authorization: undefined, cookie: undefined, 'x-csrf-token': undefined, [HOOK_SECRET_HEADER]: undefined })}` +
          `\n  body: ${JSON.stringify(request.body?.slice(0, 300))}${(request.body?.length ?? 0) > 300 ? ` (${request.body!.length} chars)` : ''}` +
          `\n→ ${response.statusCode} ${response.body.slice(0, 400)}`;
        if (VERBOSE) console.log(shown);
        shown += `\n(again: FUZZ_SEED=${SEED} FUZZ_ROUTE='${key}')`;
        const after = await fingerprint();
        expectSound(response, before, after, shown);
        before = after;
      }),
      // The failure names this route's seed; FUZZ_SEED and FUZZ_ROUTE run the same requests again.
      { numRuns: RUNS, seed: seedOf(key), endOnFailure: process.env.FUZZ_SHRINK !== '1' },
    );
    outcomes.push(`  ${key}: ${[...statuses].sort(([a], [b]) => a - b).map(([status, count]) => `${status}×${count}`).join(' ')}`);
  }, 120_000);

  // Inputs the fuzzing found answered with a 5xx or without the error shape, kept as plain cases so
  // that they run every time, whatever the seed.
  it.each([
    ['text with U+0000 in a body', 'POST', '/api/admin/v1/members', '{"email":"nul@example.com","name":"a\\u0000b"}'],
    ['text with U+0000 in a change', 'PATCH', '/api/admin/v1/program', '{"name":"a\\u0000b"}'],
    ['U+0000 in a list of ids', 'POST', '/api/admin/v1/redemptions/reject', '{"redemptionIds":["rdm_\\u0000"],"reason":"x"}'],
    ['U+0000 in a query string', 'GET', '/api/admin/v1/members?query=a%00b', undefined],
    ['U+0000 in another query string', 'GET', '/api/admin/v1/audit-log?actor=a%00b', undefined],
    ['U+0000 as a path id', 'GET', '/api/admin/v1/members/%00', undefined],
    ['U+0000 in a path id of a change', 'POST', '/api/admin/v1/rewards/%00/deactivate', '{}'],
    ['a path that does not decode', 'GET', '/api/admin/v1/members/%E0%A4%A', undefined],
    ['a lone surrogate, percent-encoded, in a path', 'POST', '/webhooks/vtex/%ED%A0%80/orders', '{}'],
    ['a path id longer than the router takes', 'GET', `/api/admin/v1/rewards/${'x'.repeat(401)}`, undefined],
    ['a reward cost factor that is stored as 0', 'PATCH', '/api/admin/v1/program', '{"rewardCostFactor":1e-300}'],
    ['the smallest reward cost factor', 'PATCH', '/api/admin/v1/program', '{"rewardCostFactor":5e-324}'],
    ['a VTEX session with a space', 'POST', '/api/storefront/v1/sso/vtex', '{"vtexSession":"a b"}'],
    ['a VTEX session with a semicolon', 'POST', '/api/storefront/v1/sso/vtex', '{"vtexSession":"a;b=c"}'],
    ['a VTEX session that is not Latin-1', 'POST', '/api/storefront/v1/sso/vtex', '{"vtexSession":"日本"}'],
    ['a VTEX segment with a line break', 'POST', '/api/storefront/v1/sso/vtex', '{"vtexSession":"abc","vtexSegment":"a\\nb"}'],
    ['a VTEX segment with a lone surrogate', 'POST', '/api/storefront/v1/sso/vtex', '{"vtexSession":"abc","vtexSegment":"\\udfff"}'],
  ] as const)('found by fuzzing: %s (%s)', async (_name, method, url, payload) => {
    const store = readStore ??= await openStore();
    const fingerprint = async (): Promise<Fingerprint> => ({ tables: await tenantFingerprint(database, tables, store.tenantId), global: await globalCounts() });
    const before = await fingerprint();
    const headers = url.startsWith('/api/storefront') ? { 'x-pontua-key': store.publicKey } : url.startsWith('/webhooks') ? {} : { authorization: `Bearer ${store.apiKey}` };
    const response = await http.app.inject({
      method, url, remoteAddress: nextAddress(),
      headers: { ...headers, ...(payload === undefined ? {} : { 'content-type': 'application/json' }) },
      ...(payload === undefined ? {} : { payload }),
    });
    expectSound(response, before, await fingerprint(), `${method} ${url.slice(0, 120)} ${payload ?? ''}\n→ ${response.statusCode} ${response.body.slice(0, 300)}`);
    // A refusal is the answer (for a shopper's odd VTEX cookie, also "not signed in"), not one that went through.
    if (url.endsWith('/sso/vtex') && response.statusCode === 200) expect(response.json()).toEqual({ signedIn: false });
    else expect(response.statusCode, response.body).toBeGreaterThanOrEqual(400);
  });
});
