// The rate limits not covered elsewhere (the panel's sign-in per address: test/http/admin-auth.test.ts;
// single sign-on per address and program: test/http/storefront.test.ts): the e-mailed sign-in
// code, which shares single sign-on's budget; the storefront per address and per member; the
// first-run setup, which shares the panel sign-in's budget. A refused request checks and writes
// nothing: a code asked for is not sent, a code tried is not used up.
import { beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import type { Database } from '../../src/adapters/db/database';
import { issueMemberToken } from '../../src/app/storefront/member-token';
import { emailJob } from '../../src/jobs/emails.job';
import type { RunningSandbox } from '../../sandbox/main';
import { buildApp } from '../../src/http/app';
import { engines } from '../harness/databases';
import { tenantWithKey, useHttpSuite, type HttpWorld } from '../harness/http';
import { seedMember } from '../harness/world';
import { createShop } from '../harness/vtex-sandbox';

let addresses = 0;
const freshIp = () => `10.66.${Math.floor(++addresses / 250)}.${addresses % 250}`;

describe.each(engines)('rate limits on $name', (engine) => {
  const suite = useHttpSuite(engine, { sandbox: true });
  let database: Database;
  let sandbox: RunningSandbox;
  let http: HttpWorld;
  const slug = engine.name.replace(/[^a-z]/g, '');
  let shops = 0;
  beforeAll(() => {
    ({ database, sandbox, http } = suite);
  });

  async function program(singleSignOn: boolean) {
    const shop = await createShop(sandbox, `rl${slug}${++shops}`);
    const tenant = await tenantWithKey(http.world);
    const saved = await http.app.inject({
      method: 'PUT', url: '/api/admin/v1/integrations/vtex', headers: tenant.auth,
      payload: { accountName: shop.name, appKey: shop.appKey, appToken: shop.appToken, storeUrl: 'https://www.loja.example', active: true, importCustomers: false, importOrders: false, singleSignOn },
    });
    expect(saved.statusCode, saved.body).toBe(200);
    return { ...tenant, publicKey: (await http.world.tenants.get(tenant.tenantId))!.publicKey };
  }

  const storefront = (publicKey: string, method: 'GET' | 'POST', path: string, ip: string, options: { payload?: object; token?: string } = {}) =>
    http.app.inject({
      method, url: `/api/storefront/v1${path}`, remoteAddress: ip,
      headers: { 'x-pontua-key': publicKey, ...(options.token ? { authorization: `Bearer ${options.token}` } : {}) },
      ...(options.payload ? { payload: options.payload } : {}),
    });

  const expectLimited = (response: { statusCode: number; headers: Record<string, unknown>; json(): { error: { code: string } } }, what: string) => {
    expect(response.statusCode, what).toBe(429);
    expect(response.json().error.code).toBe('RATE_LIMITED');
    expect(Number(response.headers['retry-after']), what).toBeGreaterThan(0);
  };

  it('sign-in codes: 20 asks and tries a minute per address and program, one budget with single sign-on; the 21st sends no code and uses none up', async () => {
    const setup = await program(false);
    const other = await program(false);
    const email = `rl.${setup.tenantId.slice(-6).toLowerCase()}@example.com`;
    await seedMember(http.world, setup.tenantId, { email });
    const ip = freshIp();
    expect((await storefront(setup.publicKey, 'POST', '/login/code', ip, { payload: { email } })).statusCode).toBe(202);
    await emailJob({ ...http.world, emailSender: null, emailFrom: 'no-reply@loja.example' })({ tenantIds: [setup.tenantId] });
    const mail = (await database.query<{ text: string }>(sql`select text from emails where tenant_id = ${setup.tenantId} and type = 'login_code'`))[0]!;
    const code = /\b(\d{6})\b/.exec(mail.text)![1]!;
    for (let n = 1; n < 20; n++) {
      const asked = await storefront(setup.publicKey, 'POST', '/login/code', ip, { payload: { email: `stranger${n}@example.com` } });
      expect(asked.statusCode, `ask ${n + 1}`).toBe(202);
    }
    // Past the 30 s between codes: a new code would be made, were the request let through.
    http.world.clock.set(new Date(http.world.clock.now().getTime() + 31_000));
    const written = async () =>
      (await database.query<{ n: number }>(sql`select
        (select count(*) from login_codes where tenant_id = ${setup.tenantId})::int * 1000 +
        (select count(*) from outbox_events where tenant_id = ${setup.tenantId})::int as n`))[0]!.n;
    const before = await written();
    expectLimited(await storefront(setup.publicKey, 'POST', '/login/code', ip, { payload: { email } }), 'the 21st ask');
    expectLimited(await storefront(setup.publicKey, 'POST', '/login/verify', ip, { payload: { email, code } }), 'a try with the right code, from the same address');
    expectLimited(await storefront(setup.publicKey, 'POST', '/sso/vtex', ip, { payload: { vtexSession: 'x' } }), 'single sign-on, from the same address');
    expect(await written()).toBe(before);

    expect((await storefront(other.publicKey, 'POST', '/login/code', ip, { payload: { email } })).statusCode, 'another program, the same address').toBe(202);
    const signedIn = await storefront(setup.publicKey, 'POST', '/login/verify', freshIp(), { payload: { email, code } });
    expect(signedIn.statusCode, signedIn.body).toBe(200);
  });

  it('the storefront: 300 requests a minute per address, then 429 for that address only', async () => {
    const setup = await program(true);
    const ip = freshIp();
    const statuses = new Set<number>();
    for (let n = 0; n < 300; n++) statuses.add((await storefront(setup.publicKey, 'GET', '/program', ip)).statusCode);
    expect([...statuses]).toEqual([200]);
    expectLimited(await storefront(setup.publicKey, 'GET', '/program', ip), 'the 301st request');
    expect((await storefront(setup.publicKey, 'GET', '/program', freshIp())).statusCode).toBe(200);
  });

  it('behind a trusted proxy (PONTUA_TRUST_PROXY) each shopper has the budget of their own address; X-Forwarded-For from anyone else changes nothing', async () => {
    const setup = await program(true);
    for (const trustProxy of [['10.77.0.1', '10.78.0.0/16'], 1] as const) {
      const app = await buildApp(http.world, { trustProxy: typeof trustProxy === 'number' ? trustProxy : [...trustProxy] });
      try {
        const proxy = typeof trustProxy === 'number' ? freshIp() : '10.78.3.4';
        const viaProxy = (client: string) =>
          app.inject({ method: 'GET', url: '/api/storefront/v1/program', remoteAddress: proxy, headers: { 'x-pontua-key': setup.publicKey, 'x-forwarded-for': client } });
        const shopper = freshIp();
        for (let n = 0; n < 300; n++) expect((await viaProxy(shopper)).statusCode).toBe(200);
        expectLimited(await viaProxy(shopper), 'the 301st request of one shopper through the proxy');
        // The proxy's other shoppers are not limited by that one.
        expect((await viaProxy(freshIp())).statusCode).toBe(200);
      } finally {
        await app.close();
      }
    }
    // Not a trusted proxy: the header is the client's claim, and the peer's address is counted.
    const app = await buildApp(http.world, { trustProxy: ['10.77.0.1'] });
    try {
      const peer = freshIp();
      for (let n = 0; n < 300; n++) {
        const answer = await app.inject({ method: 'GET', url: '/api/storefront/v1/program', remoteAddress: peer, headers: { 'x-pontua-key': setup.publicKey, 'x-forwarded-for': freshIp() } });
        expect(answer.statusCode).toBe(200);
      }
      expectLimited(
        await app.inject({ method: 'GET', url: '/api/storefront/v1/program', remoteAddress: peer, headers: { 'x-pontua-key': setup.publicKey, 'x-forwarded-for': freshIp() } }),
        'a peer that is not a trusted proxy, whatever X-Forwarded-For says',
      );
    } finally {
      await app.close();
    }
  });

  it('a member: 120 requests a minute whatever the address, then 429 for that member only', async () => {
    const setup = await program(true);
    const token = (memberId: string) => issueMemberToken(http.world, { tenantId: setup.tenantId, memberId }, http.world.clock.now()).token;
    const busy = token((await seedMember(http.world, setup.tenantId)).id);
    const statuses = new Set<number>();
    for (let n = 0; n < 120; n++) statuses.add((await storefront(setup.publicKey, 'GET', '/me', freshIp(), { token: busy })).statusCode);
    expect([...statuses]).toEqual([200]);
    expectLimited(await storefront(setup.publicKey, 'GET', '/me', freshIp(), { token: busy }), 'the 121st request');
    const calm = token((await seedMember(http.world, setup.tenantId)).id);
    expect((await storefront(setup.publicKey, 'GET', '/me', freshIp(), { token: calm })).statusCode).toBe(200);
  });

  it('the first-run setup: 20 attempts a minute per address, one budget with the panel sign-in, before any token check', async () => {
    const ip = freshIp();
    const setUp = (address: string) =>
      http.app.inject({
        method: 'POST', url: '/api/admin/v1/auth/setup', remoteAddress: address,
        payload: { token: 'guess', storeName: 'Loja', name: 'Eu', email: 'eu@loja.example', password: 'a-long-enough-password' },
      });
    for (let n = 0; n < 20; n++) {
      const status = (await setUp(ip)).statusCode;
      expect([401, 409], `attempt ${n + 1}`).toContain(status);
    }
    expectLimited(await setUp(ip), 'the 21st attempt');
    const signIn = (address: string) =>
      http.app.inject({ method: 'POST', url: '/api/admin/v1/auth/sign-in', remoteAddress: address, payload: { email: 'nobody@loja.example', password: 'whatever-password' } });
    expectLimited(await signIn(ip), 'a sign-in from the same address');
    expect((await signIn(freshIp())).statusCode).toBe(401);
  });
});
