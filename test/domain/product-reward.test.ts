// Product rewards from the VTEX catalog: given a SKU as VTEX has it (and the reward it already
// made), then this reward — the cost from the price, availability apart from the merchant's switch.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { newProductReward, productCost, refreshProductReward, type CatalogProduct } from '../../src/domain/product-reward';

const NOW = new Date('2026-03-01T10:00:00.000Z');
const LATER = new Date('2026-03-01T16:00:00.000Z');
const rule = { pointsPerCurrencyUnit: 2.5, rewardCostFactor: 1.5 };
const identity = { tenantId: 'ten_1', id: 'rwd_1', now: NOW };

const product = (overrides: Partial<CatalogProduct> = {}): CatalogProduct => ({
  skuId: '1001',
  name: 'Tênis Corrida Leve 40',
  imageUrl: 'https://loja.vteximg.com.br/arquivos/ids/101001/tenis.jpg',
  isActive: true,
  offer: { priceCents: 12_990, availableQuantity: 7, isAvailable: true },
  ...overrides,
});

describe('the cost of an imported product', () => {
  it('is round(price in currency units × points per unit × factor), at least 1', () => {
    expect(productCost(12_990, rule)).toBe(487); // 129.90 × 3.75 = 487.125
    expect(productCost(10_000, { pointsPerCurrencyUnit: 1, rewardCostFactor: 1 })).toBe(100);
    expect(productCost(1_010, { pointsPerCurrencyUnit: 0.5, rewardCostFactor: 1 })).toBe(5); // 5.05
    expect(productCost(1_030, { pointsPerCurrencyUnit: 0.5, rewardCostFactor: 1 })).toBe(5); // 5.15 rounds down
    expect(productCost(1_100, { pointsPerCurrencyUnit: 0.5, rewardCostFactor: 0.1 })).toBe(1); // 0.55 rounds up
    expect(productCost(99, { pointsPerCurrencyUnit: 0.001, rewardCostFactor: 1 })).toBe(1);
    expect(productCost(0, rule)).toBe(1);
  });

  it('is exact where floating point is not: 4-decimal rates and factors (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 100_000_000 }), fc.integer({ min: 0, max: 100_000 }), fc.integer({ min: 1, max: 100_000 }), (cents, rate, factor) => {
        const cost = productCost(cents, { pointsPerCurrencyUnit: rate / 10_000, rewardCostFactor: factor / 10_000 });
        const exact = (BigInt(cents) * BigInt(rate) * BigInt(factor) * 2n + 10n ** 10n) / (2n * 10n ** 10n);
        expect(cost).toBe(Math.min(1_000_000_000, Math.max(1, Number(exact))));
        expect(productCost(cents + 100, { pointsPerCurrencyUnit: rate / 10_000, rewardCostFactor: factor / 10_000 })).toBeGreaterThanOrEqual(cost);
      }),
    );
  });
});

describe('a SKU seen for the first time', () => {
  it('becomes an active, available product reward with its name, image, price and cost', () => {
    expect(newProductReward(product(), rule, identity)).toMatchObject({
      kind: 'product', skuId: '1001', name: 'Tênis Corrida Leve 40', imageUrl: 'https://loja.vteximg.com.br/arquivos/ids/101001/tenis.jpg',
      priceCents: 12_990, cost: 487, active: true, available: true, unavailableReason: null, source: 'vtex', costEdited: false,
      description: null, stock: null, perMemberLimit: null, tenantId: 'ten_1', id: 'rwd_1', createdAt: NOW, updatedAt: NOW,
    });
  });

  it('when inactive in VTEX becomes an unavailable reward without a price, costing 1 until one is seen', () => {
    expect(newProductReward(product({ isActive: false, offer: null }), rule, identity)).toMatchObject({
      active: true, available: false, unavailableReason: 'inactive in VTEX', priceCents: null, cost: 1,
    });
  });

  it('when out of stock is unavailable, and VTEX\'s zero price for it is not taken', () => {
    const soldOut = product({ offer: { priceCents: 0, availableQuantity: 0, isAvailable: false } });
    expect(newProductReward(soldOut, rule, identity)).toMatchObject({ available: false, unavailableReason: 'out of stock', priceCents: null });
  });

  it('when active but not sold in the store (no offer) is unavailable', () => {
    expect(newProductReward(product({ offer: null }), rule, identity)).toMatchObject({ available: false, unavailableReason: 'not sold in the store' });
  });

  it('leaves out an image that is not https, and a name too long or empty is cut or made up', () => {
    expect(newProductReward(product({ imageUrl: 'http://loja.vteximg.com.br/x.jpg' }), rule, identity).imageUrl).toBeNull();
    expect(newProductReward(product({ imageUrl: 'not a url' }), rule, identity).imageUrl).toBeNull();
    expect(newProductReward(product({ name: 'x'.repeat(300) }), rule, identity).name).toHaveLength(200);
    expect(newProductReward(product({ name: '  ' }), rule, identity).name).toBe('SKU 1001');
  });
});

describe('refreshing an imported reward', () => {
  const imported = newProductReward(product(), rule, identity);

  it('changes nothing when VTEX shows the same', () => {
    expect(refreshProductReward(imported, product(), rule, LATER)).toBeNull();
  });

  it('follows the price with the cost, and the program\'s rate and factor', () => {
    expect(refreshProductReward(imported, product({ offer: { priceCents: 20_000, availableQuantity: 7, isAvailable: true } }), rule, LATER))
      .toMatchObject({ priceCents: 20_000, cost: 750, updatedAt: LATER });
    expect(refreshProductReward(imported, product(), { pointsPerCurrencyUnit: 1, rewardCostFactor: 1 }, LATER)).toMatchObject({ cost: 130 });
  });

  it('keeps a cost the merchant set, while the price still follows VTEX', () => {
    const edited = { ...imported, cost: 999, costEdited: true };
    expect(refreshProductReward(edited, product({ offer: { priceCents: 20_000, availableQuantity: 7, isAvailable: true } }), rule, LATER))
      .toMatchObject({ priceCents: 20_000, cost: 999, costEdited: true });
  });

  it('makes it unavailable when the SKU goes inactive, out of stock or missing, keeping the last price — and `active` as the merchant left it', () => {
    const switchedOff = { ...imported, active: false };
    expect(refreshProductReward(switchedOff, product({ isActive: false, offer: null }), rule, LATER))
      .toMatchObject({ available: false, unavailableReason: 'inactive in VTEX', active: false, priceCents: 12_990, cost: 487 });
    expect(refreshProductReward(imported, product({ offer: { priceCents: 0, availableQuantity: 0, isAvailable: false } }), rule, LATER))
      .toMatchObject({ available: false, unavailableReason: 'out of stock', active: true, priceCents: 12_990 });
    expect(refreshProductReward(imported, null, rule, LATER))
      .toMatchObject({ available: false, unavailableReason: 'not found in VTEX', active: true, name: imported.name, imageUrl: imported.imageUrl });
  });

  it('makes it available again when the SKU returns, `active` still the merchant\'s', () => {
    const gone = { ...imported, active: false, available: false, unavailableReason: 'out of stock' };
    expect(refreshProductReward(gone, product(), rule, LATER)).toMatchObject({ available: true, unavailableReason: null, active: false });
  });

  it('computes the cost once a reward imported without a price sees one', () => {
    const unpriced = newProductReward(product({ isActive: false, offer: null }), rule, identity);
    expect(refreshProductReward(unpriced, product(), rule, LATER)).toMatchObject({ priceCents: 12_990, cost: 487, available: true });
  });
});
