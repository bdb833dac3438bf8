// Session Manager and VTEX ID responses against their official OpenAPI files.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningSandbox } from '../server';
import { announceSkippedContract, loadSpec, OPENAPI_DIR, type OpenApiSpec } from './openapi-contract';
import { logIn } from './shopper-kit';
import { control, createAccount, http, startTestSandbox, type HttpResult, type TestAccount } from './support';

announceSkippedContract('Shopper identity (Session Manager and VTEX ID APIs)');

describe.runIf(OPENAPI_DIR)('identity responses match the Session Manager and VTEX ID OpenAPI specs', () => {
  let sessions: OpenApiSpec;
  let vtexId: OpenApiSpec;
  let sandbox: RunningSandbox;
  let shop: TestAccount;
  let email: string;

  function expectValid(spec: OpenApiSpec, method: string, path: string, response: HttpResult, status: number): void {
    expect(response.status).toBe(status);
    const result = spec.validateResponse(method, path, status, response.body);
    expect(result.validated).toBe(true);
    expect(result.errors).toEqual([]);
  }

  beforeAll(async () => {
    sessions = loadSpec('VTEX - Session Manager API.json');
    vtexId = loadSpec('VTEX - VTEX ID API.json');
    sandbox = await startTestSandbox();
    shop = await createAccount(sandbox, 'idcontract', { customers: 5, orders: 0 });
    email = ((await control(sandbox, 'GET', `/accounts/${shop.name}/customers/0`)).body as { email: string }).email;
  });
  afterAll(async () => {
    await sandbox.close();
  });

  it('the validators reject broken bodies (so these tests can fail)', async () => {
    const session = (await http(`${shop.baseUrl}/api/sessions?items=*`)).body as { namespaces: { account: { accountName: { value: unknown } } } };
    session.namespaces.account.accountName.value = 5;
    expect(sessions.validateResponse('get', '/api/sessions', 200, session).errors).not.toEqual([]);
    expect(vtexId.validateResponse('post', '/api/vtexid/credential/validate', 200, { authStatus: 'Success', id: 7 }).errors).not.toEqual([]);
  });

  it('GET /api/sessions (anonymous and logged in) and POST /api/sessions', async () => {
    expectValid(sessions, 'get', '/api/sessions', await http(`${shop.baseUrl}/api/sessions?items=*`), 200);
    const jar = await logIn(shop, email);
    const loggedIn = await http(`${shop.baseUrl}/api/sessions?items=*`, { headers: jar.header() });
    expect(JSON.stringify(loggedIn.body)).toContain(email);
    expectValid(sessions, 'get', '/api/sessions', loggedIn, 200);
    const created = await http(`${shop.baseUrl}/api/sessions`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ public: { a: { value: 'b' } } }) });
    expectValid(sessions, 'post', '/api/sessions', created, 201);
  });

  it('POST /api/vtexid/credential/validate: 200 for a shopper token, 401 for a forged or expired one', async () => {
    const jar = await logIn(shop, email);
    const token = jar.cookies.get(`VtexIdclientAutCookie_${shop.name}`) ?? '';
    const validate = (body: unknown) => http(`${shop.baseUrl}/api/vtexid/credential/validate`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    expectValid(vtexId, 'post', '/api/vtexid/credential/validate', await validate({ token }), 200);
    expectValid(vtexId, 'post', '/api/vtexid/credential/validate', await validate({ token: `${token}x` }), 401);
    await control(sandbox, 'POST', '/clock', { advanceMs: 25 * 3_600_000 });
    expectValid(vtexId, 'post', '/api/vtexid/credential/validate', await validate({ token }), 401);
  });
});
