import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { awardFor, eligibleCents, pointsKeptAfterReturns, type ScorableOrder } from '../../src/domain/scoring';
import { reachedScoringStatus } from '../../src/domain/vtex-order-status';

const order = (overrides: Partial<ScorableOrder> = {}): ScorableOrder => ({
  orderId: '1-01',
  status: 'invoiced',
  itemsCents: 25_990,
  discountsCents: -2_599,
  shippingCents: 1_500,
  refundedCents: 0,
  ...overrides,
});

describe('scoring an order', () => {
  it('earns floor(items + discounts [+ shipping]) × rate, in integers', () => {
    expect(awardFor(order(), { rate: '1.0000', includeShipping: false })).toEqual({ eligibleCents: 23_391, rate: '1.0000', includeShipping: false, points: 233 });
    expect(awardFor(order(), { rate: '1.0000', includeShipping: true }).points).toBe(248);
    expect(awardFor(order(), { rate: '2.5000', includeShipping: false }).points).toBe(584);
    expect(awardFor(order(), { rate: '0.0100', includeShipping: false }).points).toBe(2);
  });

  it('never earns on a negative eligible value', () => {
    expect(eligibleCents(order({ itemsCents: 100, discountsCents: -500 }), false)).toBe(0);
  });

  it('after a partial return keeps what the remaining value earns at the award rate', () => {
    const award = awardFor(order(), { rate: '1.0000', includeShipping: false });
    expect(pointsKeptAfterReturns(award, 10_000)).toBe(133);
    expect(pointsKeptAfterReturns(award, 23_391)).toBe(0);
    expect(pointsKeptAfterReturns(award, 99_999)).toBe(0);
  });

  it('keeps at most what was awarded, and less the more is refunded (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 10_000_000 }), fc.integer({ min: 0, max: 10_000_000 }), fc.integer({ min: 0, max: 10_000_000 }), (items, a, b) => {
        const award = awardFor(order({ itemsCents: items, discountsCents: 0 }), { rate: '1.2500', includeShipping: false });
        const [small, large] = a < b ? [a, b] : [b, a];
        expect(pointsKeptAfterReturns(award, small)).toBeLessThanOrEqual(award.points);
        expect(pointsKeptAfterReturns(award, large)).toBeLessThanOrEqual(pointsKeptAfterReturns(award, small));
      }),
    );
  });
});

describe('which scoring status an order has reached', () => {
  it('is its own status when that scores', () => {
    expect(reachedScoringStatus('invoiced', ['invoiced'])).toBe('invoiced');
  });
  it('is a scoring status the order passed on the main line', () => {
    expect(reachedScoringStatus('invoiced', ['payment-approved'])).toBe('payment-approved');
    expect(reachedScoringStatus('handling', ['payment-approved', 'invoiced'])).toBe('payment-approved');
  });
  it('is none before the scoring status, or off the main line', () => {
    expect(reachedScoringStatus('handling', ['invoiced'])).toBeNull();
    expect(reachedScoringStatus('canceled', ['payment-approved'])).toBeNull();
    expect(reachedScoringStatus('window-to-cancel', ['payment-approved'])).toBeNull();
  });
});
