import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RESOURCES } from '../core/license-resources';
import type { RunningSandbox } from '../server';
import { addKey, createAccount, http, startTestSandbox, startReceiver, type HookReceiver, type Key, type TestAccount } from './support';

let sandbox: RunningSandbox;
let shop: TestAccount;
let receiver: HookReceiver;
let orderId: string;
let otherAccounts = 0;

interface Endpoint {
  method: 'GET' | 'POST' | 'DELETE';
  label: string;
  path: () => string;
  body?: () => unknown;
  allowedBy: string[];
}

const ENDPOINTS: Endpoint[] = [
  { method: 'GET', label: '/api/oms/pvt/orders', path: () => '/api/oms/pvt/orders', allowedBy: [RESOURCES.listOrders, RESOURCES.ordersFullAccess] },
  { method: 'GET', label: '/api/oms/pvt/orders/{orderId}', path: () => `/api/oms/pvt/orders/${orderId}`, allowedBy: [RESOURCES.viewOrder, RESOURCES.ordersFullAccess] },
  { method: 'POST', label: '/api/orders/hook/config', path: () => '/api/orders/hook/config', body: () => ({ filter: { type: 'FromWorkflow', status: ['invoiced'] }, hook: { url: receiver.url, headers: {} } }), allowedBy: [RESOURCES.feedAndHookAdmin] },
  { method: 'GET', label: '/api/orders/hook/config', path: () => '/api/orders/hook/config', allowedBy: [RESOURCES.feedAndHookAdmin, RESOURCES.feedAndHookView] },
  { method: 'DELETE', label: '/api/orders/hook/config', path: () => '/api/orders/hook/config', allowedBy: [RESOURCES.feedAndHookAdmin] },
  { method: 'POST', label: '/api/orders/feed/config', path: () => '/api/orders/feed/config', body: () => ({ filter: { type: 'FromWorkflow' }, queue: { visibilityTimeoutInSeconds: 250, MessageRetentionPeriodInSeconds: 345600 } }), allowedBy: [RESOURCES.feedAndHookAdmin] },
  { method: 'GET', label: '/api/orders/feed/config', path: () => '/api/orders/feed/config', allowedBy: [RESOURCES.feedAndHookAdmin, RESOURCES.feedAndHookView] },
  { method: 'DELETE', label: '/api/orders/feed/config', path: () => '/api/orders/feed/config', allowedBy: [RESOURCES.feedAndHookAdmin] },
  { method: 'GET', label: '/api/orders/feed?maxlot=10', path: () => '/api/orders/feed?maxlot=10', allowedBy: [RESOURCES.feedAndHookAdmin, RESOURCES.feedAndHookView] },
  { method: 'POST', label: '/api/orders/feed', path: () => '/api/orders/feed', body: () => ({ handles: [] }), allowedBy: [RESOURCES.feedAndHookAdmin, RESOURCES.feedAndHookView] },
];

beforeAll(async () => {
  sandbox = await startTestSandbox();
  receiver = await startReceiver();
  shop = await createAccount(sandbox, 'authshop', { customers: 10, orders: 50 });
  const listed = await http(`${shop.baseUrl}/api/oms/pvt/orders`, { headers: { 'x-vtex-api-appkey': shop.key.appKey, 'x-vtex-api-apptoken': shop.key.appToken } });
  orderId = (listed.body as { list: { orderId: string }[] }).list[0]?.orderId ?? '';
});
afterAll(async () => {
  await receiver.close();
  await sandbox.close();
});

function call(endpoint: Endpoint, headers: Record<string, string>, account = shop.name) {
  const body = endpoint.body?.();
  return http(`${sandbox.url}/${account}${endpoint.path()}`, {
    method: endpoint.method,
    headers: { 'content-type': 'application/json', ...headers },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
}

const credentials = (key: Key): Record<string, string> => ({ 'X-VTEX-API-AppKey': key.appKey, 'X-VTEX-API-AppToken': key.appToken });

describe.each(ENDPOINTS)('$method $label', (endpoint) => {
  it('answers 401 without credentials, with a wrong token, and with an unknown key', async () => {
    const attempts: Record<string, string>[] = [{}, { 'X-VTEX-API-AppKey': shop.key.appKey }, { ...credentials(shop.key), 'X-VTEX-API-AppToken': 'wrong' },
      { 'X-VTEX-API-AppKey': 'vtexappkey-authshop-NOPE', 'X-VTEX-API-AppToken': shop.key.appToken }];
    for (const headers of attempts) {
      const result = await call(endpoint, headers);
      expect(result.status).toBe(401);
      expect(result.body).toEqual({ error: { code: '1', message: 'Unauthorized access', exception: null } });
    }
  });

  it('answers 403 to a key without any of the resources that allow it', async () => {
    const others = Object.values(RESOURCES).filter((r) => !endpoint.allowedBy.includes(r));
    const key = await addKey(sandbox, shop.name, others);
    const result = await call(endpoint, credentials(key));
    expect(result.status).toBe(403);
    expect(result.body).toMatchObject({ error: { code: '1', message: expect.any(String) } });
  });

  it.each(endpoint.allowedBy)('lets a key with only "%s" through', async (resource) => {
    const key = await addKey(sandbox, shop.name, [resource]);
    const result = await call(endpoint, credentials(key));
    expect([401, 403]).not.toContain(result.status);
    expect(result.status).toBeLessThan(500);
  });

  it("answers 404 for an account that does not exist, and does not accept another account's key", async () => {
    expect((await call(endpoint, credentials(shop.key), 'nosuchshop')).status).toBe(404);
    otherAccounts += 1;
    const other = await createAccount(sandbox, `other${otherAccounts}`);
    expect((await call(endpoint, credentials(other.key))).status).toBe(401);
  });
});

it('reads the credential headers case-insensitively', async () => {
  const result = await http(`${shop.baseUrl}/api/oms/pvt/orders`, {
    headers: { 'X-VTEX-API-APPKEY': shop.key.appKey, 'x-vtex-api-apptoken': shop.key.appToken },
  });
  expect(result.status).toBe(200);
});
