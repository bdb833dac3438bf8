// Promotions (calculatorconfiguration): create, read, list, update, archive, validation, the
// 100-active limit and the permissions of every rnb route.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RESOURCES } from '../core/license-resources';
import type { RunningSandbox } from '../server';
import { addKey, createAccount, http, startTestSandbox, vtex, type Key, type TestAccount } from './support';

let sandbox: RunningSandbox;

interface PromotionList {
  limitConfiguration: { activesCount: number; limit: number };
  items: { idCalculatorConfiguration: string; name: string; status: string; isActive: boolean }[];
}

const promotion = (overrides: Record<string, unknown> = {}): Record<string, unknown> => ({
  name: 'Fidelidade 10%', type: 'regular', isActive: true, origin: 'marketplace', beginDateUtc: '2024-01-01T00:00:00Z',
  percentualShippingDiscountValue: 0, discountType: 'percentual', percentualDiscountValue: 10, utmSource: 'fid-10', ...overrides,
});

beforeAll(async () => {
  sandbox = await startTestSandbox();
});
afterAll(async () => {
  await sandbox.close();
});

describe('calculatorconfiguration', () => {
  let shop: TestAccount;
  beforeAll(async () => {
    shop = await createAccount(sandbox, 'promoshop');
  });

  it('creates a promotion, reads it back by id and lists it with the active count', async () => {
    const before = (await vtex(shop).get('/api/rnb/pvt/benefits/calculatorconfiguration')).body as PromotionList;
    const created = await vtex(shop).post('/api/rnb/pvt/calculatorconfiguration', promotion({ skus: [{ id: '1001', name: 'Camiseta' }], skusAreInclusive: true }));
    expect(created.status).toBe(200);
    const body = created.body as Record<string, unknown>;
    expect(body.idCalculatorConfiguration).toMatch(/^[0-9a-f-]{36}$/);
    expect(body).toMatchObject({ name: 'Fidelidade 10%', percentualDiscountValue: 10, isArchived: false, maxUsage: 0, skus: [{ id: '1001', name: 'Camiseta' }] });
    const id = String(body.idCalculatorConfiguration);
    const read = await vtex(shop).get(`/api/rnb/pvt/calculatorconfiguration/${id}`);
    expect(read.status).toBe(200);
    expect(read.body).toMatchObject({ idCalculatorConfiguration: id, utmSource: 'fid-10', type: 'regular' });
    const list = (await vtex(shop).get('/api/rnb/pvt/benefits/calculatorconfiguration')).body as PromotionList;
    expect(list.limitConfiguration).toEqual({ activesCount: before.limitConfiguration.activesCount + 1, limit: 100 });
    expect(list.items.find((row) => row.idCalculatorConfiguration === id)).toMatchObject({ name: 'Fidelidade 10%', status: 'active', isActive: true });
  });

  it('updates the promotion whose id is sent, and answers 404 for an unknown id', async () => {
    const created = (await vtex(shop).post('/api/rnb/pvt/calculatorconfiguration', promotion({ name: 'Antes' }))).body as { idCalculatorConfiguration: string };
    const id = created.idCalculatorConfiguration;
    const updated = await vtex(shop).post('/api/rnb/pvt/calculatorconfiguration', { idCalculatorConfiguration: id, name: 'Depois', isActive: false });
    expect(updated.status).toBe(200);
    expect(updated.body).toMatchObject({ idCalculatorConfiguration: id, name: 'Depois', isActive: false, percentualDiscountValue: 10 });
    expect((await vtex(shop).get(`/api/rnb/pvt/calculatorconfiguration/${id}`)).body).toMatchObject({ name: 'Depois' });
    const unknown = await vtex(shop).post('/api/rnb/pvt/calculatorconfiguration', promotion({ idCalculatorConfiguration: '00000000-0000-4000-8000-000000000000' }));
    expect(unknown.status).toBe(404);
    expect((await vtex(shop).get('/api/rnb/pvt/calculatorconfiguration/nope')).status).toBe(404);
  });

  it('archives a promotion: 204, gone from the list and the active count, present in the archive list', async () => {
    const id = ((await vtex(shop).post('/api/rnb/pvt/calculatorconfiguration', promotion())).body as { idCalculatorConfiguration: string }).idCalculatorConfiguration;
    const before = (await vtex(shop).get('/api/rnb/pvt/benefits/calculatorconfiguration')).body as PromotionList;
    const archived = await vtex(shop).post(`/api/rnb/pvt/archive/calculatorConfiguration/${id}`, {});
    expect(archived.status).toBe(204);
    const after = (await vtex(shop).get('/api/rnb/pvt/benefits/calculatorconfiguration')).body as PromotionList;
    expect(after.items.some((row) => row.idCalculatorConfiguration === id)).toBe(false);
    expect(after.limitConfiguration.activesCount).toBe(before.limitConfiguration.activesCount - 1);
    const archive = (await vtex(shop).get('/api/rnb/pvt/archive/benefits/calculatorConfiguration')).body as PromotionList;
    expect(archive.items.map((row) => row.idCalculatorConfiguration)).toContain(id);
    expect((await vtex(shop).get(`/api/rnb/pvt/calculatorconfiguration/${id}`)).body).toMatchObject({ isArchived: true });
    expect((await vtex(shop).post('/api/rnb/pvt/archive/calculatorConfiguration/nope', {})).status).toBe(404);
  });

  it('refuses bad bodies with validation problem details naming the fields', async () => {
    const missing = await vtex(shop).post('/api/rnb/pvt/calculatorconfiguration', { name: 'sem nada' });
    expect(missing.status).toBe(400);
    const errors = (missing.body as { errors: Record<string, string[]>; status: number }).errors;
    expect(Object.keys(errors).sort()).toEqual(['beginDateUtc', 'isActive', 'origin', 'percentualShippingDiscountValue', 'type']);
    const badSku = await vtex(shop).post('/api/rnb/pvt/calculatorconfiguration', promotion({ skus: [{ name: 'sem id' }] }));
    expect(badSku.status).toBe(400);
    expect(badSku.body).toMatchObject({ status: 400, errors: { '': ['The `skus` object needs to have a valid `id` attribute.'] } });
    const wrongType = await vtex(shop).post('/api/rnb/pvt/calculatorconfiguration', promotion({ isActive: 'yes', type: 'bogus' }));
    expect(wrongType.status).toBe(400);
    expect(Object.keys((wrongType.body as { errors: object }).errors).sort()).toEqual(['$.isActive', 'type']);
    const notJson = await http(`${shop.baseUrl}/api/rnb/pvt/calculatorconfiguration`, {
      method: 'POST', body: '{oops', headers: { 'content-type': 'application/json', 'x-vtex-api-appkey': shop.key.appKey, 'x-vtex-api-apptoken': shop.key.appToken },
    });
    expect(notJson.status).toBe(400);
  });

  it('stores the reward shapes: fixed amount off the cart, a free SKU unit, free shipping, a minimum total', async () => {
    const fixed = await vtex(shop).post('/api/rnb/pvt/calculatorconfiguration', promotion({
      discountType: 'nominal', nominalDiscountValue: 20.5, nominalDiscountType: 'cart', percentualDiscountValue: 0, totalValueFloor: 100.0,
    }));
    expect(fixed.status).toBe(200);
    expect(fixed.body).toMatchObject({ discountType: 'nominal', nominalDiscountValue: 20.5, nominalDiscountType: 'cart', totalValueFloor: 100 });
    const product = await vtex(shop).post('/api/rnb/pvt/calculatorconfiguration', promotion({
      percentualDiscountValue: 100, skus: [{ id: '2001773', name: 'Caneca' }, { id: 2001774, name: 'Caneca azul' }], skusAreInclusive: true,
      maxNumberOfAffectedItems: 1, maxNumberOfAffectedItemsGroupKey: 'perCart',
    }));
    expect(product.status).toBe(200);
    const id = (product.body as { idCalculatorConfiguration: string }).idCalculatorConfiguration;
    // The spec types SKU ids as strings; a numeric one is kept as its text.
    expect((await vtex(shop).get(`/api/rnb/pvt/calculatorconfiguration/${id}`)).body).toMatchObject({
      percentualDiscountValue: 100, skus: [{ id: '2001773', name: 'Caneca' }, { id: '2001774', name: 'Caneca azul' }], skusAreInclusive: true,
      maxNumberOfAffectedItems: 1, maxNumberOfAffectedItemsGroupKey: 'perCart',
    });
    const shipping = await vtex(shop).post('/api/rnb/pvt/calculatorconfiguration', promotion({ percentualDiscountValue: 0, percentualShippingDiscountValue: 100 }));
    expect(shipping.body).toMatchObject({ percentualDiscountValue: 0, percentualShippingDiscountValue: 100 });
  });

  it.each([
    [{ skus: [{ id: '', name: 'vazio' }] }, '', 'The `skus` object needs to have a valid `id` attribute.'],
    [{ skus: [{ id: '7', name: 'ok' }, 'SKU 8'] }, '', 'The `skus` object needs to have a valid `id` attribute.'],
    [{ skus: { id: '7' } }, '$.skus', 'The JSON value could not be converted to System.Collections.Generic.List. Path: $.skus'],
    [{ discountType: 'percentage' }, 'discountType', "The discountType 'percentage' is not supported here: use percentual or nominal."],
    [{ discountType: 'nominal', nominalDiscountType: 'order' }, 'nominalDiscountType', "The nominalDiscountType 'order' must be item or cart."],
    [{ discountType: 'nominal', nominalDiscountValue: -5 }, 'nominalDiscountValue', 'The field nominalDiscountValue must not be negative.'],
    [{ nominalDiscountValue: '20' }, '$.nominalDiscountValue', 'The JSON value could not be converted to System.Decimal. Path: $.nominalDiscountValue'],
    [{ totalValueFloor: -0.01 }, 'totalValueFloor', 'The field totalValueFloor must not be negative.'],
    [{ maxNumberOfAffectedItems: 1.5 }, '$.maxNumberOfAffectedItems', 'The JSON value could not be converted to System.Int32. Path: $.maxNumberOfAffectedItems'],
    [{ maxNumberOfAffectedItems: -1 }, 'maxNumberOfAffectedItems', 'The field maxNumberOfAffectedItems must not be negative.'],
    [{ maxNumberOfAffectedItemsGroupKey: 'perOrder' }, 'maxNumberOfAffectedItemsGroupKey', "The value 'perOrder' is not valid."],
    [{ skusAreInclusive: 'yes' }, '$.skusAreInclusive', 'The JSON value could not be converted to System.Boolean. Path: $.skusAreInclusive'],
    [{ percentualDiscountValue: 100.5 }, 'percentualDiscountValue', 'The field percentualDiscountValue must be between 0 and 100.'],
  ])('refuses %j: 400 naming %s, and creates nothing', async (fields, key, message) => {
    const before = ((await vtex(shop).get('/api/rnb/pvt/benefits/calculatorconfiguration')).body as PromotionList).items.length;
    const refused = await vtex(shop).post('/api/rnb/pvt/calculatorconfiguration', promotion(fields));
    expect(refused.status).toBe(400);
    expect(refused.body).toMatchObject({ status: 400, title: 'One or more validation errors occurred.', errors: { [key]: [message] } });
    expect(((await vtex(shop).get('/api/rnb/pvt/benefits/calculatorconfiguration')).body as PromotionList).items).toHaveLength(before);
  });
});

describe('the 100-active-promotions limit', () => {
  it('refuses the 101st active promotion, accepts inactive ones, and frees a slot on archive', async () => {
    const shop = await createAccount(sandbox, 'limitshop');
    const list = async (): Promise<PromotionList> => (await vtex(shop).get('/api/rnb/pvt/benefits/calculatorconfiguration')).body as PromotionList;
    const start = (await list()).limitConfiguration.activesCount;
    let lastId = '';
    for (let n = start; n < 100; n += 1) {
      const created = await vtex(shop).post('/api/rnb/pvt/calculatorconfiguration', promotion({ name: `Promo ${n}` }));
      expect(created.status).toBe(200);
      lastId = (created.body as { idCalculatorConfiguration: string }).idCalculatorConfiguration;
    }
    expect((await list()).limitConfiguration).toEqual({ activesCount: 100, limit: 100 });
    const refused = await vtex(shop).post('/api/rnb/pvt/calculatorconfiguration', promotion({ name: 'Promo 101' }));
    expect(refused.status).toBe(400);
    expect(JSON.stringify(refused.body)).toContain('100 active promotions');
    const inactive = await vtex(shop).post('/api/rnb/pvt/calculatorconfiguration', promotion({ name: 'Desligada', isActive: false }));
    expect(inactive.status).toBe(200);
    const inactiveId = (inactive.body as { idCalculatorConfiguration: string }).idCalculatorConfiguration;
    const switchOn = await vtex(shop).post('/api/rnb/pvt/calculatorconfiguration', { idCalculatorConfiguration: inactiveId, isActive: true });
    expect(switchOn.status).toBe(400);
    expect((await list()).limitConfiguration.activesCount).toBe(100);
    expect((await vtex(shop).post(`/api/rnb/pvt/archive/calculatorConfiguration/${lastId}`, {})).status).toBe(204);
    expect((await vtex(shop).post('/api/rnb/pvt/calculatorconfiguration', promotion({ name: 'Promo 100 again' }))).status).toBe(200);
    expect((await vtex(shop).post(`/api/rnb/pvt/unarchive/calculatorConfiguration/${lastId}`, {})).status).toBe(400);
  });
});

describe('permissions of the rnb routes', () => {
  let shop: TestAccount;
  let couponsOnly: Key;
  let promotionsOnly: Key;
  beforeAll(async () => {
    shop = await createAccount(sandbox, 'rnbauthshop');
    couponsOnly = await addKey(sandbox, shop.name, [RESOURCES.manageBenefitsAndRates]);
    promotionsOnly = await addKey(sandbox, shop.name, [RESOURCES.managePromotions]);
  });

  const promotionRoutes: [string, string, unknown?][] = [
    ['POST', '/api/rnb/pvt/calculatorconfiguration', promotion()],
    ['GET', '/api/rnb/pvt/calculatorconfiguration/7d1c3a52-5a1f-4c8e-9b0e-2f1f0b6e7a10'],
    ['GET', '/api/rnb/pvt/benefits/calculatorconfiguration'],
    ['GET', '/api/rnb/pvt/archive/benefits/calculatorConfiguration'],
    ['POST', '/api/rnb/pvt/archive/calculatorConfiguration/7d1c3a52-5a1f-4c8e-9b0e-2f1f0b6e7a10', {}],
    ['POST', '/api/rnb/pvt/unarchive/calculatorConfiguration/7d1c3a52-5a1f-4c8e-9b0e-2f1f0b6e7a10', {}],
  ];
  const couponRoutes: [string, string, unknown?][] = [
    ['POST', '/api/rnb/pvt/coupon', { couponCode: 'AUTH1', utmSource: 'x', maxItemsPerClient: 1, expirationIntervalPerUse: '00:00:00' }],
    ['GET', '/api/rnb/pvt/coupon'],
    ['GET', '/api/rnb/pvt/coupon/BEMVINDO10'],
    ['GET', '/api/rnb/pvt/coupon/usage/BEMVINDO10'],
    ['POST', '/api/rnb/pvt/archive/coupon/VERAO15', {}],
    ['GET', '/api/rnb/pvt/archive/coupon/VERAO15'],
    ['POST', '/api/rnb/pvt/unarchive/coupon/VERAO15', {}],
    ['POST', '/api/rnb/pvt/multiple-coupons', [{ quantity: 1, couponConfiguration: { couponCode: 'AUTH2', utmSource: 'x', utmCampaign: 'y', maxItemsPerClient: 1, expirationIntervalPerUse: '00:00:00' } }]],
    ['POST', '/api/rnb/pvt/coupons?quantity=2', { couponCode: 'AUTH3', utmSource: 'x', utmCampaign: 'y', maxItemsPerClient: 1, expirationIntervalPerUse: '00:00:00' }],
  ];

  const call = (method: string, path: string, body: unknown, headers: Record<string, string>) =>
    http(`${shop.baseUrl}${path}`, { method, headers: { 'content-type': 'application/json', ...headers }, body: body === undefined ? undefined : JSON.stringify(body) });
  const as = (key: Key): Record<string, string> => ({ 'x-vtex-api-appkey': key.appKey, 'x-vtex-api-apptoken': key.appToken });

  it.each([...promotionRoutes.map(([m, p, b]) => [m, p, b, 'promotions'] as const), ...couponRoutes.map(([m, p, b]) => [m, p, b, 'coupons'] as const)])(
    '%s %s: 401 without or with wrong credentials, 403 with the other resource, 2xx with its own',
    async (method, path, body, family) => {
      expect((await call(method, path, body, {})).status).toBe(401);
      expect((await call(method, path, body, { ...as(shop.key), 'x-vtex-api-apptoken': 'wrong' })).status).toBe(401);
      const [wrong, right] = family === 'promotions' ? [couponsOnly, promotionsOnly] : [promotionsOnly, couponsOnly];
      const forbidden = await call(method, path, body, as(wrong));
      expect(forbidden.status).toBe(403);
      expect(forbidden.body).toMatchObject({ status: 403 });
      const allowed = await call(method, path, body, as(right));
      expect(allowed.status).toBeGreaterThanOrEqual(200);
      expect(allowed.status).toBeLessThan(300);
    });

  it('another account\'s promotion is not found', async () => {
    const other = await createAccount(sandbox, 'rnbothershop');
    const id = ((await vtex(other).post('/api/rnb/pvt/calculatorconfiguration', promotion())).body as { idCalculatorConfiguration: string }).idCalculatorConfiguration;
    expect((await vtex(shop).get(`/api/rnb/pvt/calculatorconfiguration/${id}`)).status).toBe(404);
    expect((await vtex(other).get(`/api/rnb/pvt/calculatorconfiguration/${id}`)).status).toBe(200);
  });
});
