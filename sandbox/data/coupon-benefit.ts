// What a coupon's promotion does to an order, and whether it applies to a given cart. Pure, so
// that seeded orders, the checkout and orders placed by scenarios all price coupons the same way.
// The promotions area reads a benefit off a calculatorconfiguration (promotions/promotion-benefit).

import { reais } from './money';
import type { CouponFacts, OrderItemFacts } from './order-facts';
import { spreadProportionally, unitsSoldAt } from './unit-prices';

/** The SKUs a promotion touches (`skus` + `skusAreInclusive`); no ids means every SKU. */
export interface SkuScope {
  skuIds: readonly string[];
  inclusive: boolean;
}

export type ItemDiscount =
  /** Off each affected unit, rounded down to the cent per unit; may have decimals. */
  | { kind: 'percent'; percent: number }
  /** nominalDiscountType `item`: cents off each affected unit, at most its price. */
  | { kind: 'nominalPerUnit'; cents: number }
  /** nominalDiscountType `cart`: cents off the affected units together, at most their value. */
  | { kind: 'nominalPerCart'; cents: number };

export type AffectedUnitsGroup = 'perCart' | 'perSku' | 'perProductId';

export interface CouponBenefit {
  /** null: nothing off the items (a free-shipping promotion). */
  discount: ItemDiscount | null;
  scope: SkuScope;
  /** The most units discounted in each group; 0 = no limit. */
  maxAffectedUnits: number;
  maxAffectedUnitsPer: AffectedUnitsGroup;
  freeShipping: boolean;
  /** Bounds on the items total (integer cents, before discounts) for the promotion to apply; 0 = none. */
  minItemsTotal: number;
  maxItemsTotal: number;
}

const NO_BENEFIT: CouponBenefit = {
  discount: null, scope: { skuIds: [], inclusive: false }, maxAffectedUnits: 0, maxAffectedUnitsPer: 'perCart',
  freeShipping: false, minItemsTotal: 0, maxItemsTotal: 0,
};

export function couponBenefit(parts: Partial<CouponBenefit>): CouponBenefit {
  return { ...NO_BENEFIT, ...parts };
}

/** A running promotion a coupon activates. */
export interface CouponPromotion {
  promotionId: string;
  promotionName: string;
  benefit: CouponBenefit;
}

/** A usable coupon: its code as stored and every promotion it activates now, oldest first. */
export interface CouponOffer {
  code: string;
  promotions: readonly CouponPromotion[];
}

/** A cart line at the prices it sells for before any coupon (integer cents). */
export interface ItemToPrice {
  skuId: number;
  productId: number;
  quantity: number;
  listPrice: number;
  price: number;
}

export type BenefitResult =
  | { applies: true; items: OrderItemFacts[]; discount: number; freeShipping: boolean }
  | { applies: false; reason: string };

export function withoutCoupon(items: readonly ItemToPrice[]): OrderItemFacts[] {
  return items.map(({ skuId, quantity, listPrice, price }) => ({ skuId, quantity, listPrice, price, sellingPrice: price }));
}

export function applyBenefit(items: readonly ItemToPrice[], benefit: CouponBenefit): BenefitResult {
  const itemsTotal = items.reduce((sum, item) => sum + item.price * item.quantity, 0);
  if (benefit.minItemsTotal > 0 && itemsTotal < benefit.minItemsTotal) {
    return { applies: false, reason: `the items total ${reais(itemsTotal)} is below ${reais(benefit.minItemsTotal)}` };
  }
  if (benefit.maxItemsTotal > 0 && itemsTotal > benefit.maxItemsTotal) {
    return { applies: false, reason: `the items total ${reais(itemsTotal)} is above ${reais(benefit.maxItemsTotal)}` };
  }
  const covered = items.map((item) => covers(benefit.scope, item.skuId));
  // A promotion for some SKUs needs one of them in the cart; one for the whole catalog applies
  // even to an empty cart (a coupon may be typed before the first item is added).
  const restricted = benefit.scope.skuIds.length > 0 && (benefit.scope.inclusive || items.length > 0);
  if (restricted && !covered.includes(true)) return { applies: false, reason: outOfScope(benefit.scope) };
  const units = affectedUnits(items, covered, benefit);
  const discounts = itemDiscounts(items, units, benefit.discount);
  return {
    applies: true,
    items: items.map((item, i) => unitsSoldAt(item, units[i] ?? 0, discounts[i] ?? 0)),
    discount: discounts.reduce((sum, d) => sum + d, 0),
    freeShipping: benefit.freeShipping,
  };
}

export type CouponApplication =
  | { ok: true; coupon: CouponFacts; items: OrderItemFacts[]; freeShipping: boolean }
  | { ok: false; reason: string };

/**
 * Of the coupon's promotions that apply to these items, the one taking most off the items wins
 * (the oldest on a tie); shipping is free when any applicable one frees it.
 */
export function applyCoupon(items: readonly ItemToPrice[], offer: CouponOffer): CouponApplication {
  let best: { promotion: CouponPromotion; discount: number; items: OrderItemFacts[]; freeShipping: boolean } | undefined;
  let freeShipping = false;
  const reasons: string[] = [];
  for (const promotion of offer.promotions) {
    const result = applyBenefit(items, promotion.benefit);
    if (!result.applies) {
      reasons.push(result.reason);
      continue;
    }
    freeShipping ||= result.freeShipping;
    const better = !best || result.discount > best.discount || (result.discount === best.discount && result.freeShipping && !best.freeShipping);
    if (better) best = { promotion, ...result };
  }
  if (!best) return { ok: false, reason: [...new Set(reasons)].join('; ') };
  return { ok: true, coupon: { code: offer.code, ...best.promotion }, items: best.items, freeShipping };
}

function covers(scope: SkuScope, skuId: number): boolean {
  return scope.skuIds.length === 0 || scope.skuIds.includes(String(skuId)) === scope.inclusive;
}

function outOfScope(scope: SkuScope): string {
  if (!scope.inclusive) return 'every SKU in the cart is excluded from the promotion';
  return scope.skuIds.length === 1 ? `SKU ${scope.skuIds[0]} is not in the cart` : `none of the SKUs ${scope.skuIds.join(', ')} is in the cart`;
}

/** Units each line may discount: covered ones, within the per-group limit, in cart order. */
function affectedUnits(items: readonly ItemToPrice[], covered: readonly boolean[], benefit: CouponBenefit): number[] {
  const left = new Map<string, number>();
  return items.map((item, i) => {
    if (!covered[i]) return 0;
    if (benefit.maxAffectedUnits <= 0) return item.quantity;
    const group = benefit.maxAffectedUnitsPer === 'perSku' ? `sku ${item.skuId}`
      : benefit.maxAffectedUnitsPer === 'perProductId' ? `product ${item.productId}` : 'cart';
    const units = Math.min(item.quantity, left.get(group) ?? benefit.maxAffectedUnits);
    left.set(group, (left.get(group) ?? benefit.maxAffectedUnits) - units);
    return units;
  });
}

/** Integer cents off each line, over its affected units. */
function itemDiscounts(items: readonly ItemToPrice[], units: readonly number[], discount: ItemDiscount | null): number[] {
  const perUnit = (off: (price: number) => number) => items.map((item, i) => off(item.price) * (units[i] ?? 0));
  switch (discount?.kind) {
    case undefined:
      return items.map(() => 0);
    case 'percent':
      // The epsilon keeps a decimal percentage from landing a hair under a whole cent in binary
      // floating point; whole percentages (the seeded coupons) give exact hundredths, which it cannot
      // push over a cent, so seeded prices are unchanged.
      return perUnit((price) => Math.min(price, Math.floor((price * discount.percent) / 100 + 1e-9)));
    case 'nominalPerUnit':
      return perUnit((price) => Math.min(price, discount.cents));
    case 'nominalPerCart':
      return spreadProportionally(discount.cents, items.map((item, i) => item.price * (units[i] ?? 0)));
  }
}
