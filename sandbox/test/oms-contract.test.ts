// Every OMS endpoint's success and error responses against the official Orders OpenAPI file.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RESOURCES } from '../core/license-resources';
import type { RunningSandbox } from '../server';
import { announceSkippedContract, loadSpec, OPENAPI_DIR, type OpenApiSpec, type ValidationResult } from './openapi-contract';
import { addKey, control, createAccount, startReceiver, startTestSandbox, vtex, waitFor, type HookReceiver, type HttpResult, type TestAccount } from './support';

announceSkippedContract('OMS (Orders API)');

const ORDERS_SPEC = 'VTEX - Orders API.json';

function expectValid(result: ValidationResult): void {
  expect(result.errors).toEqual([]);
}

describe.runIf(OPENAPI_DIR)('OMS responses match the Orders OpenAPI spec', () => {
  let spec: OpenApiSpec;
  let sandbox: RunningSandbox;
  let shop: TestAccount;
  let receiver: HookReceiver;

  /**
   * The spec documents only one OMS error body ({error: {code, message, exception}}, on
   * start-handling 401/409); every OMS error the sandbox sends must have that shape.
   */
  function expectOmsError(response: HttpResult, status: number): void {
    expect(response.status).toBe(status);
    const schema = spec.responseSchema('post', '/api/oms/pvt/orders/{orderId}/start-handling', 401);
    expect(schema).toBeDefined();
    expect(spec.validate('oms-error', schema ?? {}, response.body)).toEqual([]);
    expect(response.body).toMatchObject({ error: { code: expect.any(String), message: expect.any(String) } });
  }

  beforeAll(async () => {
    spec = loadSpec(ORDERS_SPEC);
    sandbox = await startTestSandbox();
    receiver = await startReceiver();
    shop = await createAccount(sandbox, 'contractshop', { seed: 21, customers: 100, orders: 1500 });
  });
  afterAll(async () => {
    await receiver.close();
    await sandbox.close();
  });

  it('the validator rejects a body that breaks the schema (so these tests can fail)', async () => {
    const list = await vtex(shop).get('/api/oms/pvt/orders');
    const broken = structuredClone(list.body) as { paging: { total: unknown } };
    broken.paging.total = 'many';
    expect(spec.validateResponse('get', '/api/oms/pvt/orders', 200, broken).errors).not.toEqual([]);
    const order = await vtex(shop).get('/api/oms/pvt/orders/seq500001');
    const badOrder = structuredClone(order.body) as { value: unknown; marketingData: unknown };
    badOrder.value = 12.5;
    expect(spec.validateResponse('get', '/api/oms/pvt/orders/{orderId}', 200, badOrder).errors).not.toEqual([]);
  });

  it('List orders 200, with and without filters, is valid', async () => {
    for (const query of ['', '?per_page=100&f_status=invoiced', '?orderBy=totalValue,desc&page=2',
      '?f_creationDate=creationDate:[2024-05-01T00:00:00.000Z TO 2024-05-31T23:59:59.999Z]', '?f_status=nothing']) {
      const response = await vtex(shop).get(`/api/oms/pvt/orders${query}`);
      expect(response.status).toBe(200);
      const result = spec.validateResponse('get', '/api/oms/pvt/orders', 200, response.body);
      expect(result.validated).toBe(true);
      expectValid(result);
    }
  });

  it('Get order 200 is valid for every kind of order (coupon, canceled, returned, pending)', async () => {
    const ids: string[] = [];
    for (const status of ['invoiced', 'canceled', 'handling', 'payment-pending']) {
      const page = await vtex(shop).get(`/api/oms/pvt/orders?f_status=${status}&per_page=5`);
      ids.push(...(page.body as { list: { orderId: string }[] }).list.map((row) => row.orderId));
    }
    const withCoupon = await control(sandbox, 'POST', `/accounts/${shop.name}/orders`, { customerIndex: 5, coupon: 'BEMVINDO10', status: 'invoiced' });
    const couponOrder = (withCoupon.body as { orderId: string }).orderId;
    await control(sandbox, 'POST', `/accounts/${shop.name}/orders/${couponOrder}/return`, { items: [{ itemIndex: 0, quantity: 1 }] });
    ids.push(couponOrder);
    // A reward freeing one unit of three: a line whose units sell at two prices.
    const skuId = ((await control(sandbox, 'GET', `/accounts/${shop.name}/skus`)).body as { skus: { id: number }[] }).skus[0]?.id;
    await vtex(shop).post('/api/rnb/pvt/calculatorconfiguration', {
      name: 'Brinde', type: 'regular', isActive: true, origin: 'marketplace', beginDateUtc: '2020-01-01T00:00:00Z', percentualShippingDiscountValue: 0,
      percentualDiscountValue: 100, skus: [{ id: String(skuId), name: 'Brinde' }], skusAreInclusive: true, maxNumberOfAffectedItems: 1, utmSource: 'brinde',
    });
    await vtex(shop).post('/api/rnb/pvt/coupon', { couponCode: 'BRINDE', utmSource: 'brinde', maxItemsPerClient: 0, expirationIntervalPerUse: '00:00:00' });
    const withGift = await control(sandbox, 'POST', `/accounts/${shop.name}/orders`, { customerIndex: 6, coupon: 'BRINDE', items: [{ skuId, quantity: 3 }], status: 'invoiced' });
    expect(withGift.status).toBe(201);
    const giftOrder = (withGift.body as { orderId: string }).orderId;
    await control(sandbox, 'POST', `/accounts/${shop.name}/orders/${giftOrder}/return`, { items: [{ itemIndex: 0, quantity: 1 }] });
    ids.push(giftOrder);
    expect(ids.length).toBeGreaterThan(15);
    for (const id of ids) {
      const response = await vtex(shop).get(`/api/oms/pvt/orders/${id}`);
      expect(response.status).toBe(200);
      const result = spec.validateResponse('get', '/api/oms/pvt/orders/{orderId}', 200, response.body);
      expect(result.validated).toBe(true);
      expectValid(result);
    }
  });

  it('error responses (400, 401, 403, 404, 409, 429, 5xx) have the documented OMS error shape', async () => {
    expectOmsError(await vtex(shop).get('/api/oms/pvt/orders?page=31'), 400);
    expectOmsError(await vtex(shop).get('/api/oms/pvt/orders?per_page=500'), 400);
    expectOmsError(await vtex(shop, { appKey: shop.key.appKey, appToken: 'nope' }).get('/api/oms/pvt/orders'), 401);
    const weak = await addKey(sandbox, shop.name, [RESOURCES.skus]);
    expectOmsError(await vtex(shop, weak).get('/api/oms/pvt/orders/seq500001'), 403);
    expectOmsError(await vtex(shop).get('/api/oms/pvt/orders/9999999999999-01'), 404);
    expectOmsError(await vtex(shop).get('/api/orders/feed?maxlot=1'), 404);
    expectOmsError(await vtex(shop).post('/api/orders/hook/config', { filter: { type: 'FromOrders', status: ['x'], expression: 'value > 1' }, hook: { url: receiver.url } }), 409);
    await control(sandbox, 'PUT', `/accounts/${shop.name}/faults`, { rateLimitNext: 1, serverErrorNext: 1 });
    expectOmsError(await vtex(shop).get('/api/oms/pvt/orders'), 429);
    expectOmsError(await vtex(shop).get('/api/oms/pvt/orders'), 503);
    // The statuses the spec documents for DELETE hook config include 403 and 404.
    expect(spec.validateResponse('delete', '/api/orders/hook/config', 404, null).documented).toBe(true);
    expect(spec.validateResponse('delete', '/api/orders/hook/config', 403, null).documented).toBe(true);
  });

  it('hook notifications match the documented hook payload', async () => {
    const saved = await vtex(shop).post('/api/orders/hook/config', { filter: { type: 'FromWorkflow', status: ['invoiced'] }, hook: { url: receiver.url, headers: { 'X-Secret': 'a' } } });
    expect(saved.status).toBe(200);
    const created = await control(sandbox, 'POST', `/accounts/${shop.name}/orders`, { customerIndex: 8, status: 'handling' });
    const orderId = (created.body as { orderId: string }).orderId;
    await control(sandbox, 'POST', `/accounts/${shop.name}/orders/${orderId}/status`, { status: 'invoiced' });
    const notification = await waitFor(() => receiver.received.find((r) => r.body.OrderId === orderId), 'the notification');
    // The spec documents the notification body as the 200 schema of POST /api/orders/hook/config.
    const result = spec.validateResponse('post', '/api/orders/hook/config', 200, notification.body);
    expect(result.validated).toBe(true);
    expectValid(result);
    await vtex(shop).delete('/api/orders/hook/config');
  });

  it('Feed v3 GET events and GET feed config are valid', async () => {
    const saved = await vtex(shop).post('/api/orders/feed/config', { filter: { type: 'FromWorkflow', status: ['invoiced'] }, queue: { visibilityTimeoutInSeconds: 250, MessageRetentionPeriodInSeconds: 345_600 } });
    expect(saved.status).toBe(200);
    const created = await control(sandbox, 'POST', `/accounts/${shop.name}/orders`, { customerIndex: 8, status: 'invoiced' });
    expect(created.status).toBe(201);
    const events = await vtex(shop).get('/api/orders/feed?maxlot=10');
    expect((events.body as unknown[]).length).toBeGreaterThan(0);
    expectValid(spec.validateResponse('get', '/api/orders/feed', 200, events.body));
    const config = await vtex(shop).get('/api/orders/feed/config');
    const result = spec.validateResponse('get', '/api/orders/feed/config', 200, config.body);
    expect(result.validated).toBe(true);
    expectValid(result);
  });
});
