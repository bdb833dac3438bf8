// Coupons v1: create/update/get/list, archive, the bulk generators' quantity rule, and usage
// recorded by orders placed through the order scenarios, with used-up/archived/expired refusals.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningSandbox } from '../server';
import { control, createAccount, startTestSandbox, vtex, type TestAccount } from './support';

let sandbox: RunningSandbox;
let shop: TestAccount;

interface Coupon {
  couponCode: string;
  utmSource: string;
  isArchived: boolean;
  maxUsage?: number;
  groupingKey?: string;
  lastModifiedUtc: string;
}
interface Usage {
  hostName: string;
  couponCode: string;
  profileUsages: Record<string, { orderUsage: { orderId: string; usageDateUtc: string }[] }>;
}

const coupon = (code: string, overrides: Record<string, unknown> = {}): Record<string, unknown> => ({
  couponCode: code, utmSource: 'fid-reward', utmCampaign: 'fidelidade', maxItemsPerClient: 1, expirationIntervalPerUse: '00:00:00', maxUsage: 1, ...overrides,
});

async function customer(index: number): Promise<{ userId: string }> {
  return (await control(sandbox, 'GET', `/accounts/${shop.name}/customers/${index}`)).body as { userId: string };
}

function order(customerIndex: number, code: string) {
  return control(sandbox, 'POST', `/accounts/${shop.name}/orders`, { customerIndex, coupon: code, status: 'payment-approved' });
}

beforeAll(async () => {
  sandbox = await startTestSandbox();
  shop = await createAccount(sandbox, 'couponshop', { customers: 20, orders: 0 });
  const created = await vtex(shop).post('/api/rnb/pvt/calculatorconfiguration', {
    name: 'Recompensa 20%', type: 'regular', isActive: true, origin: 'marketplace', beginDateUtc: '2020-01-01T00:00:00Z',
    percentualShippingDiscountValue: 0, percentualDiscountValue: 20, utmSource: 'fid-reward',
  });
  expect(created.status).toBe(200);
});
afterAll(async () => {
  await sandbox.close();
});

describe('coupon CRUD', () => {
  it('creates (201), updates with the same code (200), reads by code in any case, and lists', async () => {
    const created = await vtex(shop).post('/api/rnb/pvt/coupon', coupon('FID-AAA111'));
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ couponCode: 'FID-AAA111', utmSource: 'fid-reward', isArchived: false, maxItemsPerClient: 1, maxUsage: 1 });
    expect((created.body as Coupon).lastModifiedUtc).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{7}Z$/);
    const updated = await vtex(shop).post('/api/rnb/pvt/coupon', coupon('fid-aaa111', { maxUsage: 5 }));
    expect(updated.status).toBe(200);
    expect(updated.body).toMatchObject({ couponCode: 'FID-AAA111', maxUsage: 5 });
    expect((await vtex(shop).get('/api/rnb/pvt/coupon/fid-AAA111')).body).toMatchObject({ couponCode: 'FID-AAA111', maxUsage: 5 });
    const all = (await vtex(shop).get('/api/rnb/pvt/coupon')).body as Coupon[];
    expect(all.map((c) => c.couponCode)).toEqual(expect.arrayContaining(['FID-AAA111', 'BEMVINDO10', 'VERAO15']));
    expect((await vtex(shop).get('/api/rnb/pvt/coupon/NOPE')).status).toBe(404);
  });

  it('refuses bodies without the required fields or with a bad interval', async () => {
    const missing = await vtex(shop).post('/api/rnb/pvt/coupon', { couponCode: 'X1' });
    expect(missing.status).toBe(400);
    expect(Object.keys((missing.body as { errors: object }).errors).sort()).toEqual(['expirationIntervalPerUse', 'maxItemsPerClient', 'utmSource']);
    const interval = await vtex(shop).post('/api/rnb/pvt/coupon', coupon('X2', { expirationIntervalPerUse: 'tomorrow' }));
    expect(interval.status).toBe(400);
    expect((interval.body as { errors: object }).errors).toHaveProperty('expirationIntervalPerUse');
    expect((await vtex(shop).post('/api/rnb/pvt/coupon', coupon('X 3'))).status).toBe(400);
    expect((await vtex(shop).get('/api/rnb/pvt/coupon/X2')).status).toBe(404);
  });

  it('archives and unarchives one code per call', async () => {
    await vtex(shop).post('/api/rnb/pvt/coupon', coupon('FID-ARCH1'));
    expect((await vtex(shop).get('/api/rnb/pvt/archive/coupon/FID-ARCH1')).status).toBe(404);
    const archived = await vtex(shop).post('/api/rnb/pvt/archive/coupon/FID-ARCH1', {});
    expect(archived).toMatchObject({ status: 200, body: 'FID-ARCH1' });
    expect((await vtex(shop).get('/api/rnb/pvt/archive/coupon/FID-ARCH1')).body).toMatchObject({ couponCode: 'FID-ARCH1', isArchived: true });
    expect(((await vtex(shop).get('/api/rnb/pvt/coupon')).body as Coupon[]).some((c) => c.couponCode === 'FID-ARCH1')).toBe(false);
    expect((await vtex(shop).post('/api/rnb/pvt/unarchive/coupon/FID-ARCH1', {})).body).toBe('FID-ARCH1');
    expect((await vtex(shop).get('/api/rnb/pvt/coupon/FID-ARCH1')).body).toMatchObject({ isArchived: false });
    expect((await vtex(shop).post('/api/rnb/pvt/archive/coupon/NOPE', {})).status).toBe(404);
  });
});

describe('multiple coupons', () => {
  const config = (code: string) => ({ couponCode: code, utmSource: 'fid-reward', utmCampaign: 'lote', maxItemsPerClient: 1, expirationIntervalPerUse: '00:00:00', maxUsage: 1 });

  it('quantity 1 keeps the code; more add random suffixes with the original as groupingKey', async () => {
    const result = await vtex(shop).post('/api/rnb/pvt/multiple-coupons', [{ quantity: 1, couponConfiguration: config('LOTE-UM') }, { quantity: 3, couponConfiguration: config('LOTE') }]);
    expect(result.status).toBe(200);
    const codes = result.body as string[];
    expect(codes).toHaveLength(4);
    expect(codes[0]).toBe('LOTE-UM');
    for (const code of codes.slice(1)) {
      expect(code).toMatch(/^LOTE-[A-Z0-9]{15}$/);
      expect((await vtex(shop).get(`/api/rnb/pvt/coupon/${code}`)).body).toMatchObject({ couponCode: code, groupingKey: 'LOTE' });
    }
    expect(new Set(codes).size).toBe(4);
  });

  it.each([0, 1001, 2.5, '3', undefined])('refuses quantity %s and creates nothing', async (quantity) => {
    const before = ((await vtex(shop).get('/api/rnb/pvt/coupon')).body as Coupon[]).length;
    const result = await vtex(shop).post('/api/rnb/pvt/multiple-coupons', [{ quantity: 2, couponConfiguration: config('OK-LOTE') }, { quantity, couponConfiguration: config('BAD-LOTE') }]);
    expect(result.status).toBe(400);
    expect((result.body as { errors: object }).errors).toHaveProperty(['[1].quantity']);
    expect(((await vtex(shop).get('/api/rnb/pvt/coupon')).body as Coupon[]).length).toBe(before);
  });

  it('accepts the bounds 1000 and refuses a configuration without utmCampaign', async () => {
    const thousand = await vtex(shop).post('/api/rnb/pvt/multiple-coupons', [{ quantity: 1000, couponConfiguration: config('MIL') }]);
    expect(thousand.status).toBe(200);
    expect(new Set(thousand.body as string[]).size).toBe(1000);
    const { utmCampaign: _dropped, ...withoutCampaign } = config('SEMCAMPANHA');
    const refused = await vtex(shop).post('/api/rnb/pvt/multiple-coupons', [{ quantity: 1, couponConfiguration: withoutCampaign }]);
    expect(refused.status).toBe(400);
    expect((refused.body as { errors: object }).errors).toHaveProperty(['[0].couponConfiguration.utmCampaign']);
  });

  it('POST /coupons?quantity=N generates N codes and refuses N outside 1–1000', async () => {
    const made = await vtex(shop).post('/api/rnb/pvt/coupons?quantity=5', config('BULK'));
    expect(made.status).toBe(200);
    expect(made.body as string[]).toHaveLength(5);
    expect((await vtex(shop).post('/api/rnb/pvt/coupons?quantity=0', config('BULK2'))).status).toBe(400);
    expect((await vtex(shop).post('/api/rnb/pvt/coupons?quantity=1001', config('BULK3'))).status).toBe(400);
    expect((await vtex(shop).post('/api/rnb/pvt/coupons', config('BULK4'))).status).toBe(400);
  });
});

describe('coupon usage at checkout (order scenarios)', () => {
  it('an order with the code records usage per profile, carries the code and the discounted prices', async () => {
    await vtex(shop).post('/api/rnb/pvt/coupon', coupon('FID-USE1', { maxUsage: 3, maxItemsPerClient: 3 }));
    const placed = await order(2, 'fid-use1');
    expect(placed.status).toBe(201);
    const orderId = (placed.body as { orderId: string }).orderId;
    const { userId } = await customer(2);
    const usage = (await vtex(shop).get('/api/rnb/pvt/coupon/usage/FID-USE1')).body as Usage;
    expect(usage).toMatchObject({ hostName: shop.name, couponCode: 'FID-USE1' });
    expect(usage.profileUsages[userId]?.orderUsage.map((u) => u.orderId)).toEqual([orderId]);
    const got = (await vtex(shop).get(`/api/oms/pvt/orders/${orderId}`)).body as {
      marketingData: { coupon: string }; ratesAndBenefitsData: { rateAndBenefitsIdentifiers: { name: string }[] }; items: { price: number; sellingPrice: number }[];
    };
    expect(got.marketingData.coupon).toBe('FID-USE1');
    expect(got.ratesAndBenefitsData.rateAndBenefitsIdentifiers[0]?.name).toBe('Recompensa 20%');
    for (const item of got.items) expect(item.sellingPrice).toBe(item.price - Math.floor(item.price * 0.2));
  });

  it('a single-use coupon is refused once used, for the same and for another shopper', async () => {
    await vtex(shop).post('/api/rnb/pvt/coupon', coupon('FID-ONCE'));
    expect((await order(3, 'FID-ONCE')).status).toBe(201);
    const again = await order(3, 'FID-ONCE');
    expect(again.status).toBe(409);
    expect(JSON.stringify(again.body)).toContain('couponUsedUp');
    expect((await order(4, 'FID-ONCE')).status).toBe(409);
    const usage = (await vtex(shop).get('/api/rnb/pvt/coupon/usage/FID-ONCE')).body as Usage;
    expect(Object.values(usage.profileUsages).flatMap((p) => p.orderUsage)).toHaveLength(1);
  });

  it('maxItemsPerClient limits each shopper; expirationIntervalPerUse lets a use lapse', async () => {
    await vtex(shop).post('/api/rnb/pvt/coupon', coupon('FID-DAILY', { maxUsage: 0, maxItemsPerClient: 1, expirationIntervalPerUse: '1.00:00:00' }));
    expect((await order(5, 'FID-DAILY')).status).toBe(201);
    expect((await order(6, 'FID-DAILY')).status).toBe(201);
    expect((await order(5, 'FID-DAILY')).status).toBe(409);
    await control(sandbox, 'POST', '/clock', { advanceMs: 86_400_000 + 1000 });
    expect((await order(5, 'FID-DAILY')).status).toBe(201);
  });

  it('archived, unknown and expired coupons are refused; unarchived ones work again', async () => {
    await vtex(shop).post('/api/rnb/pvt/coupon', coupon('FID-ARCH2', { maxUsage: 0, maxItemsPerClient: 0 }));
    await vtex(shop).post('/api/rnb/pvt/archive/coupon/FID-ARCH2', {});
    const archived = await order(7, 'FID-ARCH2');
    expect(archived.status).toBe(409);
    expect(JSON.stringify(archived.body)).toContain('couponArchived');
    await vtex(shop).post('/api/rnb/pvt/unarchive/coupon/FID-ARCH2', {});
    expect((await order(7, 'FID-ARCH2')).status).toBe(201);
    expect((await order(7, 'NAO-EXISTE')).status).toBe(400);

    const now = Date.parse(((await control(sandbox, 'GET', '/clock')).body as { now: string }).now);
    const ending = await vtex(shop).post('/api/rnb/pvt/calculatorconfiguration', {
      name: 'Relâmpago', type: 'regular', isActive: true, origin: 'marketplace', beginDateUtc: '2020-01-01T00:00:00Z',
      endDateUtc: new Date(now + 3_600_000).toISOString(), percentualShippingDiscountValue: 0, percentualDiscountValue: 30, utmSource: 'flash',
    });
    expect(ending.status).toBe(200);
    await vtex(shop).post('/api/rnb/pvt/coupon', coupon('FLASH', { utmSource: 'flash', maxUsage: 0, maxItemsPerClient: 0 }));
    expect((await order(8, 'FLASH')).status).toBe(201);
    await control(sandbox, 'POST', '/clock', { advanceMs: 2 * 3_600_000 });
    const expired = await order(8, 'FLASH');
    expect(expired.status).toBe(409);
    expect(JSON.stringify(expired.body)).toContain('couponExpired');
  });

  it('the seeded store coupons keep working and are recorded too', async () => {
    const placed = await order(9, 'BEMVINDO10');
    expect(placed.status).toBe(201);
    const usage = (await vtex(shop).get('/api/rnb/pvt/coupon/usage/BEMVINDO10')).body as Usage;
    expect(Object.values(usage.profileUsages).flatMap((p) => p.orderUsage).map((u) => u.orderId)).toContain((placed.body as { orderId: string }).orderId);
  });
});
