// A promotion's fields as the checkout prices them (data/coupon-benefit), and back: the seeded
// promotions are written from the benefits the seeded orders were priced with.
//
// Priced: discountType `percentual` (percentualDiscountValue) or `nominal` (nominalDiscountValue in
// currency units, per unit for nominalDiscountType `item`, spread over the cart for `cart`); the
// `skus` scope; maxNumberOfAffectedItems per group; 100 % shipping; totalValueFloor/Celing.
// Everything else a promotion can say (gifts, partial shipping, other scopes, clusters…) is stored
// and echoed but does not change a price.

import type { CouponBenefit, ItemDiscount } from '../data/coupon-benefit';
import { isJsonObject, type JsonObject } from './json';

/** Currency units (20.5 = R$ 20,50) to integer cents. */
const cents = (units: number): number => Math.round(units * 100);

function numberField(fields: JsonObject, name: string): number {
  const value = fields[name];
  return typeof value === 'number' ? value : 0;
}

function discountOf(fields: JsonObject): ItemDiscount | null {
  if (fields.discountType === 'nominal') {
    const amount = cents(numberField(fields, 'nominalDiscountValue'));
    if (amount <= 0) return null;
    return fields.nominalDiscountType === 'cart' ? { kind: 'nominalPerCart', cents: amount } : { kind: 'nominalPerUnit', cents: amount };
  }
  const percent = numberField(fields, 'percentualDiscountValue');
  return percent > 0 ? { kind: 'percent', percent } : null;
}

/** Read when a coupon is resolved, so an updated promotion prices the next cart. */
export function benefitOf(fields: JsonObject): CouponBenefit {
  const skus = Array.isArray(fields.skus) ? fields.skus : [];
  const group = fields.maxNumberOfAffectedItemsGroupKey;
  return {
    discount: discountOf(fields),
    scope: {
      skuIds: skus.flatMap((sku) => (isJsonObject(sku) && (typeof sku.id === 'string' || typeof sku.id === 'number') ? [String(sku.id)] : [])),
      inclusive: fields.skusAreInclusive === true,
    },
    maxAffectedUnits: Math.max(0, numberField(fields, 'maxNumberOfAffectedItems')),
    maxAffectedUnitsPer: group === 'perSku' || group === 'perProductId' ? group : 'perCart',
    freeShipping: numberField(fields, 'percentualShippingDiscountValue') >= 100,
    minItemsTotal: cents(numberField(fields, 'totalValueFloor')),
    maxItemsTotal: cents(numberField(fields, 'totalValueCeling')),
  };
}

/** The calculatorconfiguration fields that give `benefit` (benefitOf reads it back unchanged). */
export function promotionFieldsFor(benefit: CouponBenefit): JsonObject {
  const { discount } = benefit;
  const fields: JsonObject = {
    discountType: discount?.kind === 'nominalPerUnit' || discount?.kind === 'nominalPerCart' ? 'nominal' : 'percentual',
    percentualDiscountValue: discount?.kind === 'percent' ? discount.percent : 0,
    nominalDiscountValue: discount?.kind === 'nominalPerUnit' || discount?.kind === 'nominalPerCart' ? discount.cents / 100 : 0,
    nominalDiscountType: discount?.kind === 'nominalPerCart' ? 'cart' : 'item',
    percentualShippingDiscountValue: benefit.freeShipping ? 100 : 0,
    skus: benefit.scope.skuIds.map((id) => ({ id, name: `SKU ${id}` })),
    skusAreInclusive: benefit.scope.inclusive,
    maxNumberOfAffectedItems: benefit.maxAffectedUnits,
    maxNumberOfAffectedItemsGroupKey: benefit.maxAffectedUnitsPer,
    totalValueFloor: benefit.minItemsTotal / 100,
    totalValueCeling: benefit.maxItemsTotal / 100,
  };
  return fields;
}
