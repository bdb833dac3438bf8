// What an order costs before it exists: the SKUs' current offers (catalog/sku-offers), the coupon
// (its promotions from the coupon ledger, applied to these items) and shipping. The checkout shows
// this and placeOrder stores it, so a simulated total is always the placed order's value.

import { skuOffer } from '../catalog/sku-offers';
import type { Account } from '../core/account';
import { applyCoupon, withoutCoupon, type ItemToPrice } from '../data/coupon-benefit';
import { orderTotals, type CouponFacts, type OrderItemFacts } from '../data/order-facts';
import type { Sku } from '../data/sku-catalog';
import { resolveCoupon } from './coupon-ledger';
import type { ScenarioResult } from './order-scenarios';

/** Integer cents charged for shipping when the caller names none: a flat R$ 19,90. */
export const DEFAULT_SHIPPING = 1990;

export interface OrderToPrice {
  items: readonly { skuId: number; quantity: number }[];
  couponCode: string | null;
  /** Integer cents; default DEFAULT_SHIPPING. A free-shipping promotion makes it 0. */
  shipping?: number;
}

export interface PricedOrder {
  lines: { sku: Sku; item: OrderItemFacts }[];
  coupon: CouponFacts | null;
  shipping: number;
  totals: ReturnType<typeof orderTotals>;
}

/**
 * Refuses unknown SKUs and bad quantities (400), the coupon ledger's refusals, and a coupon none
 * of whose promotions applies to these items (409 couponNotApplicable, with the reason).
 */
export function priceOrder(account: Account, order: OrderToPrice, userId: string, nowMs: number): ScenarioResult<PricedOrder> {
  const skus: Sku[] = [];
  const toPrice: ItemToPrice[] = [];
  for (const { skuId, quantity } of order.items) {
    const sku = account.catalog.get(skuId);
    if (!sku) return { ok: false, status: 400, message: `SKU ${skuId} not found` };
    if (!Number.isInteger(quantity) || quantity < 1) return { ok: false, status: 400, message: 'item quantity must be a positive integer' };
    const offer = skuOffer(account, sku);
    skus.push(sku);
    toPrice.push({ skuId, productId: sku.productId, quantity, listPrice: offer.listPrice, price: offer.price });
  }
  let items = withoutCoupon(toPrice);
  let coupon: CouponFacts | null = null;
  let freeShipping = false;
  if (order.couponCode !== null) {
    const resolved = resolveCoupon(account, order.couponCode, userId, nowMs);
    if (!resolved.ok) return resolved;
    const applied = applyCoupon(toPrice, resolved.value);
    if (!applied.ok) {
      return { ok: false, status: 409, message: `couponNotApplicable: the coupon ${resolved.value.code} does not apply to this cart: ${applied.reason}` };
    }
    ({ items, coupon, freeShipping } = applied);
  }
  const shipping = freeShipping ? 0 : order.shipping ?? DEFAULT_SHIPPING;
  // Pricing keeps the lines in order, one item per SKU read above.
  const lines = items.flatMap((item, i) => (skus[i] ? [{ sku: skus[i], item }] : []));
  return { ok: true, value: { lines, coupon, shipping, totals: orderTotals({ items, shipping }) } };
}
