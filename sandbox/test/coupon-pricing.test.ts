// The coupon arithmetic without HTTP: spreading a fixed discount, units at different prices,
// refunds of such lines, the per-group unit limit, and promotion fields ⇄ benefit.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { applyBenefit, applyCoupon, couponBenefit, type CouponBenefit, type ItemToPrice } from '../data/coupon-benefit';
import { COUPONS } from '../data/order-facts';
import { itemTotal, returnedValue, spreadProportionally, unitsSoldAt } from '../data/unit-prices';
import { benefitOf, promotionFieldsFor } from '../promotions/promotion-benefit';
import { readPromotionBody } from '../promotions/promotion-config';

const line = (skuId: number, productId: number, quantity: number, price: number): ItemToPrice => ({ skuId, productId, quantity, listPrice: price, price });

describe('spreadProportionally', () => {
  it('splits exactly min(amount, sum), no part above its weight nor a cent away from its share', () => {
    fc.assert(fc.property(fc.nat(5_000_000), fc.array(fc.nat(2_000_000), { minLength: 1, maxLength: 8 }), (amount, weights) => {
      const parts = spreadProportionally(amount, weights);
      const whole = weights.reduce((a, b) => a + b, 0);
      const spread = Math.min(amount, whole);
      expect(parts.reduce((a, b) => a + b, 0)).toBe(spread);
      parts.forEach((part, i) => {
        const weight = weights[i] ?? 0;
        expect(part).toBeLessThanOrEqual(weight);
        if (whole > 0) expect(Math.abs(part - (spread * weight) / whole)).toBeLessThan(1);
      });
    }));
  });
});

describe('units at different prices', () => {
  it('a line keeps its total whatever the discount, and returns in any steps refund exactly that total', () => {
    fc.assert(fc.property(fc.integer({ min: 1, max: 9 }), fc.integer({ min: 1, max: 100_000 }), fc.nat(), fc.nat(), fc.array(fc.integer({ min: 1, max: 3 })), (quantity, price, a, d, steps) => {
      const affected = a % (quantity + 1);
      const discount = d % (affected * price + 1);
      const item = unitsSoldAt({ skuId: 1, quantity, listPrice: price, price }, affected, discount);
      expect(itemTotal(item)).toBe(price * quantity - discount);
      let returned = 0;
      let refunded = 0;
      for (const step of [...steps, quantity]) {
        const units = Math.min(step, quantity - returned);
        refunded += returnedValue(item, returned, units);
        returned += units;
      }
      expect(refunded).toBe(itemTotal(item));
    }));
  });

  it('a line whose units all sell at one price keeps the plain form seeded orders have', () => {
    expect(unitsSoldAt({ skuId: 1, quantity: 3, listPrice: 900, price: 800 }, 3, 300)).toEqual({ skuId: 1, quantity: 3, listPrice: 900, price: 800, sellingPrice: 700 });
  });
});

describe('applyBenefit', () => {
  const oneFreePer = (per: CouponBenefit['maxAffectedUnitsPer']) => couponBenefit({ discount: { kind: 'percent', percent: 100 }, maxAffectedUnits: 1, maxAffectedUnitsPer: per });
  const cart = [line(1, 10, 2, 1000), line(2, 10, 2, 500), line(3, 20, 1, 300)];

  it.each([['perCart', 1000], ['perSku', 1800], ['perProductId', 1300]] as const)('maxNumberOfAffectedItems 1 %s frees %i cents', (per, freed) => {
    const result = applyBenefit(cart, oneFreePer(per));
    expect(result.applies && result.discount).toBe(freed);
  });

  it('several promotions on one coupon: the largest discount for this cart wins, shipping is free if any frees it', () => {
    const big = { promotionId: 'big', promotionName: 'R$ 50', benefit: couponBenefit({ discount: { kind: 'nominalPerCart', cents: 5000 }, minItemsTotal: 100_000 }) };
    const offer = {
      code: 'X', promotions: [
        { promotionId: 'ship', promotionName: 'Frete', benefit: couponBenefit({ freeShipping: true }) },
        { promotionId: 'pct', promotionName: '10%', benefit: couponBenefit({ discount: { kind: 'percent', percent: 10 } }) },
        big,
      ],
    };
    const applied = applyCoupon(cart, offer);
    expect(applied.ok && [applied.coupon.promotionId, applied.freeShipping]).toEqual(['pct', true]);
    expect(applyCoupon(cart, { code: 'X', promotions: [big] })).toEqual({ ok: false, reason: 'the items total R$ 33,00 is below R$ 1.000,00' });
  });
});

describe('promotion fields ⇄ benefit', () => {
  it('the seeded coupons\' promotions read back as the benefits their orders were priced with', () => {
    for (const coupon of COUPONS) {
      const input = readPromotionBody({ type: 'regular', isActive: true, origin: 'marketplace', beginDateUtc: '2020-01-01T00:00:00Z', ...promotionFieldsFor(coupon.benefit) }, undefined);
      expect(input.ok && benefitOf(input.fields)).toEqual(coupon.benefit);
    }
  });

  it('reads the reward shapes Pontua sends', () => {
    expect(benefitOf({ discountType: 'nominal', nominalDiscountValue: 20.1, nominalDiscountType: 'cart', totalValueFloor: 99.99 }))
      .toMatchObject({ discount: { kind: 'nominalPerCart', cents: 2010 }, minItemsTotal: 9999 });
    expect(benefitOf({ percentualDiscountValue: 100, skus: [{ id: '7', name: 'x' }], skusAreInclusive: true, maxNumberOfAffectedItems: 1, maxNumberOfAffectedItemsGroupKey: 'perCart' }))
      .toMatchObject({ discount: { kind: 'percent', percent: 100 }, scope: { skuIds: ['7'], inclusive: true }, maxAffectedUnits: 1, maxAffectedUnitsPer: 'perCart' });
    expect(benefitOf({ percentualDiscountValue: 0, percentualShippingDiscountValue: 100 })).toMatchObject({ discount: null, freeShipping: true });
  });
});
