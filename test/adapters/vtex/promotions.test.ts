import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { VtexPromotionInput } from '../../../src/adapters/vtex';
import type { RunningSandbox } from '../../../sandbox/main';
import { clientFor, control, controlOk, createShop, startTestSandbox, valueOf, type Shop } from '../../harness/vtex-sandbox';

let sandbox: RunningSandbox;
let shop: Shop;

beforeAll(async () => {
  sandbox = await startTestSandbox();
  shop = await createShop(sandbox, 'promoshop', { customers: 10, orders: 0 });
});
afterAll(() => sandbox.close());

const TEN_PERCENT: VtexPromotionInput = {
  name: 'Pontua - 10% off', isActive: true, beginDateUtc: '2026-01-01T00:00:00Z', endDateUtc: '2036-01-01T00:00:00Z',
  utmSource: 'pontua-10pct', discountType: 'percentual', percentualDiscountValue: 10, cumulative: false, maxUsage: 0,
};

describe('promotions', () => {
  it('creates, reads, updates and lists a reward promotion', async () => {
    const { client } = clientFor(sandbox, shop);
    const created = valueOf(await client.createPromotion(TEN_PERCENT));
    expect(created).toMatchObject({ name: TEN_PERCENT.name, type: 'regular', isActive: true, isArchived: false, utmSource: 'pontua-10pct' });
    expect(created.raw.percentualDiscountValue).toBe(10);
    expect(valueOf(await client.getPromotion(created.id))).toMatchObject({ id: created.id, name: TEN_PERCENT.name });

    const updated = valueOf(await client.updatePromotion(created.id, { ...TEN_PERCENT, name: 'Pontua - 15% off', percentualDiscountValue: 15 }));
    expect(updated).toMatchObject({ id: created.id, name: 'Pontua - 15% off' });
    expect(updated.raw.percentualDiscountValue).toBe(15);

    const list = valueOf(await client.listPromotions());
    expect(list.limit).toBe(100);
    expect(list.promotions).toContainEqual(expect.objectContaining({ id: created.id, name: 'Pontua - 15% off', status: 'active' }));
    expect(list.activesCount).toBe(list.promotions.filter((p) => p.status === 'active').length);
  });

  it('passes VTEX field errors back as bad_request; not_found for an unknown promotion', async () => {
    const { client } = clientFor(sandbox, shop);
    const invalid = await client.createPromotion({ ...TEN_PERCENT, percentualDiscountValue: 150 });
    expect(invalid).toMatchObject({ ok: false, error: { kind: 'bad_request', status: 400, retryable: false } });
    expect(invalid.ok ? '' : invalid.error.message).toContain('percentualDiscountValue');
    expect(await client.getPromotion('00000000-0000-4000-8000-000000000000')).toMatchObject({ ok: false, error: { kind: 'not_found' } });
  });
});

describe('coupons', () => {
  it('creates a single-use coupon, reads it, sees its use by an order, and archives it', async () => {
    const { client } = clientFor(sandbox, shop);
    valueOf(await client.createPromotion({ ...TEN_PERCENT, name: 'Coupon target', utmSource: 'pontua-coupons' }));
    const coupon = valueOf(await client.createCoupon({ couponCode: 'PONTUA-7K2Q9X', utmSource: 'pontua-coupons', maxUsage: 1, maxItemsPerClient: 1 }));
    expect(coupon).toMatchObject({ couponCode: 'PONTUA-7K2Q9X', utmSource: 'pontua-coupons', isArchived: false, maxUsage: 1, maxItemsPerClient: 1, expirationIntervalPerUse: '00:00:00' });
    expect(valueOf(await client.getCoupon('PONTUA-7K2Q9X'))).toMatchObject({ couponCode: 'PONTUA-7K2Q9X', maxUsage: 1 });
    expect(valueOf(await client.getCouponUsage('PONTUA-7K2Q9X')).uses).toEqual([]);

    const customer = await controlOk<{ userId: string }>(sandbox, 'GET', `/accounts/${shop.name}/customers/2`);
    const order = await controlOk<{ orderId: string }>(sandbox, 'POST', `/accounts/${shop.name}/orders`, { customerIndex: 2, coupon: 'PONTUA-7K2Q9X' });
    const usage = valueOf(await client.getCouponUsage('PONTUA-7K2Q9X'));
    expect(usage.couponCode).toBe('PONTUA-7K2Q9X');
    expect(usage.uses).toEqual([{ profileId: customer.userId, orderId: order.orderId, usageDateUtc: expect.any(String) }]);

    valueOf(await client.archiveCoupon('PONTUA-7K2Q9X'));
    expect(valueOf(await client.getCoupon('PONTUA-7K2Q9X')).isArchived).toBe(true);
    valueOf(await client.archiveCoupon('PONTUA-7K2Q9X'));
    const refused = await control(sandbox, 'POST', `/accounts/${shop.name}/orders`, { customerIndex: 3, coupon: 'PONTUA-7K2Q9X' });
    expect(refused.status).toBe(409);
  });

  it('not_found for an unknown coupon; a code with other characters is refused locally', async () => {
    const { client, logs } = clientFor(sandbox, shop);
    expect(await client.getCoupon('NOPE-404')).toMatchObject({ ok: false, error: { kind: 'not_found', status: 404 } });
    expect(await client.getCouponUsage('NOPE-404')).toMatchObject({ ok: false, error: { kind: 'not_found' } });
    const calls = logs.length;
    expect(await client.archiveCoupon('../archive/all')).toMatchObject({ ok: false, error: { kind: 'bad_request', status: null } });
    expect(logs).toHaveLength(calls);
  });
});
