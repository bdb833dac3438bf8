// Every promotions and coupons endpoint's success and error responses against the official
// Promotions & Taxes OpenAPI file.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RESOURCES } from '../core/license-resources';
import type { RunningSandbox } from '../server';
import { announceSkippedContract, loadSpec, OPENAPI_DIR, type OpenApiSpec } from './openapi-contract';
import { addKey, control, createAccount, startTestSandbox, vtex, type HttpResult, type TestAccount } from './support';

announceSkippedContract('Promotions & coupons (Promotions & Taxes API)');

const SPEC = 'VTEX - Promotions & Taxes API.json';

describe.runIf(OPENAPI_DIR)('promotions and coupons responses match the Promotions & Taxes OpenAPI spec', () => {
  let spec: OpenApiSpec;
  let sandbox: RunningSandbox;
  let shop: TestAccount;
  let promotionId: string;

  function expectValid(method: string, path: string, response: HttpResult, status: number): void {
    expect(response.status).toBe(status);
    const result = spec.validateResponse(method, path, status, response.body);
    expect(result.documented).toBe(true);
    expect(result.validated).toBe(true);
    expect(result.errors).toEqual([]);
  }

  /** rnb documents one error body (problem details on the promotion 400); every rnb error must fit it. */
  function expectRnbError(response: HttpResult, status: number): void {
    expect(response.status).toBe(status);
    const schema = spec.responseSchema('post', '/api/rnb/pvt/calculatorconfiguration', 400);
    expect(schema).toBeDefined();
    expect(spec.validate('rnb-error', schema ?? {}, response.body)).toEqual([]);
    expect(response.body).toMatchObject({ status, title: expect.any(String), type: expect.any(String) });
  }

  const promotion = { name: 'Contrato', type: 'regular', isActive: true, origin: 'marketplace', beginDateUtc: '2024-01-01T00:00:00Z',
    percentualShippingDiscountValue: 0, percentualDiscountValue: 10, utmSource: 'contrato', skus: [{ id: '1001', name: 'SKU' }] };
  const couponConfig = { couponCode: 'CONTRATO', utmSource: 'contrato', utmCampaign: 'c', maxItemsPerClient: 1, expirationIntervalPerUse: '00:00:00', maxUsage: 2 };

  beforeAll(async () => {
    spec = loadSpec(SPEC);
    sandbox = await startTestSandbox();
    shop = await createAccount(sandbox, 'rnbcontract', { customers: 5, orders: 0 });
  });
  afterAll(async () => {
    await sandbox.close();
  });

  it('the validator rejects bodies that break the schemas (so these tests can fail)', async () => {
    const created = await vtex(shop).post('/api/rnb/pvt/coupon', { ...couponConfig, couponCode: 'BROKEN' });
    const broken = { ...(created.body as object), maxItemsPerClient: 'one' };
    expect(spec.validateResponse('post', '/api/rnb/pvt/coupon', 201, broken).errors).not.toEqual([]);
    const list = (await vtex(shop).get('/api/rnb/pvt/benefits/calculatorconfiguration')).body as { limitConfiguration: { activesCount: unknown } };
    list.limitConfiguration.activesCount = 'four';
    expect(spec.validateResponse('get', '/api/rnb/pvt/benefits/calculatorconfiguration', 200, list).errors).not.toEqual([]);
  });

  it('calculatorconfiguration: create/update 200, get 200, lists 200, archive 204, validation 400', async () => {
    const created = await vtex(shop).post('/api/rnb/pvt/calculatorconfiguration', promotion);
    expectValid('post', '/api/rnb/pvt/calculatorconfiguration', created, 200);
    promotionId = (created.body as { idCalculatorConfiguration: string }).idCalculatorConfiguration;
    expectValid('post', '/api/rnb/pvt/calculatorconfiguration', await vtex(shop).post('/api/rnb/pvt/calculatorconfiguration', { idCalculatorConfiguration: promotionId, endDateUtc: '2099-01-01T00:00:00Z' }), 200);
    expectValid('get', '/api/rnb/pvt/calculatorconfiguration/{idCalculatorConfiguration}', await vtex(shop).get(`/api/rnb/pvt/calculatorconfiguration/${promotionId}`), 200);
    expectValid('get', '/api/rnb/pvt/benefits/calculatorconfiguration', await vtex(shop).get('/api/rnb/pvt/benefits/calculatorconfiguration'), 200);
    const archived = await vtex(shop).post(`/api/rnb/pvt/archive/calculatorConfiguration/${promotionId}`, {});
    expect(archived.status).toBe(204);
    expect(spec.validateResponse('post', '/api/rnb/pvt/archive/calculatorConfiguration/{idCalculatorConfiguration}', 204, archived.body).documented).toBe(true);
    expectValid('get', '/api/rnb/pvt/archive/benefits/calculatorConfiguration', await vtex(shop).get('/api/rnb/pvt/archive/benefits/calculatorConfiguration'), 200);
    const unarchived = await vtex(shop).post(`/api/rnb/pvt/unarchive/calculatorConfiguration/${promotionId}`, {});
    expect(spec.validateResponse('post', '/api/rnb/pvt/unarchive/calculatorConfiguration/{idCalculatorConfiguration}', unarchived.status, unarchived.body).documented).toBe(true);
    expectValid('post', '/api/rnb/pvt/calculatorconfiguration', await vtex(shop).post('/api/rnb/pvt/calculatorconfiguration', { name: 'x' }), 400);
    expectValid('post', '/api/rnb/pvt/calculatorconfiguration', await vtex(shop).post('/api/rnb/pvt/calculatorconfiguration', { ...promotion, skus: [{}] }), 400);
  });

  it('the reward shapes (percent, fixed amount, free shipping, free SKU unit, minimum total) answer as the spec says', async () => {
    const shapes = [
      { discountType: 'percentual', percentualDiscountValue: 12.5, totalValueFloor: 100.0 },
      { discountType: 'nominal', nominalDiscountValue: 20.0, nominalDiscountType: 'cart', percentualDiscountValue: 0 },
      { discountType: 'percentual', percentualDiscountValue: 0, percentualShippingDiscountValue: 100 },
      { percentualDiscountValue: 100, skus: [{ id: 2001773, name: 'Caneca' }], skusAreInclusive: true, maxNumberOfAffectedItems: 1, maxNumberOfAffectedItemsGroupKey: 'perCart' },
    ];
    for (const shape of shapes) {
      const created = await vtex(shop).post('/api/rnb/pvt/calculatorconfiguration', { ...promotion, skus: [], ...shape });
      expectValid('post', '/api/rnb/pvt/calculatorconfiguration', created, 200);
      const id = (created.body as { idCalculatorConfiguration: string }).idCalculatorConfiguration;
      expectValid('get', '/api/rnb/pvt/calculatorconfiguration/{idCalculatorConfiguration}', await vtex(shop).get(`/api/rnb/pvt/calculatorconfiguration/${id}`), 200);
    }
    expectValid('post', '/api/rnb/pvt/calculatorconfiguration', await vtex(shop).post('/api/rnb/pvt/calculatorconfiguration', { ...promotion, nominalDiscountType: 'order' }), 400);
  });

  it('coupons: create 201, update 200, get, list, archive, usage, bulk generators', async () => {
    expectValid('post', '/api/rnb/pvt/coupon', await vtex(shop).post('/api/rnb/pvt/coupon', couponConfig), 201);
    expectValid('post', '/api/rnb/pvt/coupon', await vtex(shop).post('/api/rnb/pvt/coupon', { ...couponConfig, utmCampaign: undefined }), 200);
    expectValid('get', '/api/rnb/pvt/coupon', await vtex(shop).get('/api/rnb/pvt/coupon'), 200);
    expectValid('get', '/api/rnb/pvt/coupon/{couponCode}', await vtex(shop).get('/api/rnb/pvt/coupon/CONTRATO'), 200);
    const placed = await control(sandbox, 'POST', `/accounts/${shop.name}/orders`, { customerIndex: 1, coupon: 'CONTRATO' });
    expect(placed.status).toBe(201);
    const usage = await vtex(shop).get('/api/rnb/pvt/coupon/usage/CONTRATO');
    expect(Object.keys((usage.body as { profileUsages: object }).profileUsages)).toHaveLength(1);
    expectValid('get', '/api/rnb/pvt/coupon/usage/{couponCode}', usage, 200);
    expectValid('post', '/api/rnb/pvt/archive/coupon/{couponCode}', await vtex(shop).post('/api/rnb/pvt/archive/coupon/CONTRATO', {}), 200);
    expectValid('get', '/api/rnb/pvt/archive/coupon/{couponCode}', await vtex(shop).get('/api/rnb/pvt/archive/coupon/CONTRATO'), 200);
    expectValid('post', '/api/rnb/pvt/unarchive/coupon/{couponCode}', await vtex(shop).post('/api/rnb/pvt/unarchive/coupon/CONTRATO', {}), 200);
    expectValid('post', '/api/rnb/pvt/multiple-coupons', await vtex(shop).post('/api/rnb/pvt/multiple-coupons', [{ quantity: 2, couponConfiguration: { ...couponConfig, couponCode: 'MULTI' } }]), 200);
    expectValid('post', '/api/rnb/pvt/coupons', await vtex(shop).post('/api/rnb/pvt/coupons?quantity=2', { ...couponConfig, couponCode: 'BULK' }), 200);
  });

  it('errors (400 bulk, 401, 403, 404, 429, 5xx) are problem details like the documented 400', async () => {
    expectRnbError(await vtex(shop).post('/api/rnb/pvt/multiple-coupons', [{ quantity: 0, couponConfiguration: couponConfig }]), 400);
    expectRnbError(await vtex(shop).post('/api/rnb/pvt/coupon', { couponCode: 'X' }), 400);
    expectRnbError(await vtex(shop, { appKey: shop.key.appKey, appToken: 'nope' }).get('/api/rnb/pvt/coupon'), 401);
    const weak = await addKey(sandbox, shop.name, [RESOURCES.viewOrder]);
    expectRnbError(await vtex(shop, weak).get('/api/rnb/pvt/benefits/calculatorconfiguration'), 403);
    expectRnbError(await vtex(shop).get('/api/rnb/pvt/coupon/NOPE'), 404);
    expectRnbError(await vtex(shop).get('/api/rnb/pvt/calculatorconfiguration/nope'), 404);
    await control(sandbox, 'PUT', `/accounts/${shop.name}/faults`, { rateLimitNext: 1, serverErrorNext: 1 });
    expectRnbError(await vtex(shop).get('/api/rnb/pvt/coupon'), 429);
    const serverError = await vtex(shop).get('/api/rnb/pvt/coupon');
    expect(serverError.status).toBeGreaterThanOrEqual(500);
    expectRnbError(serverError, serverError.status);
  });
});
