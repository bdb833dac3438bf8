// What a cart costs, computed exactly as placing it would (oms/order-scenarios): per-item coupon
// discount rounded down to the cent, R$ 19,90 shipping unless the coupon's promotion frees it.

import type { Account } from '../core/account';
import { orderTotals, priceItem, type CouponFacts, type OrderItemFacts } from '../data/order-facts';
import type { Sku } from '../data/sku-catalog';
import { resolveCoupon, type ScenarioResult } from '../oms/order-scenarios';

/** The shipping placeOrder charges when none is given (integer cents). */
export const DEFAULT_SHIPPING = 1990;

export interface CartLine {
  sku: Sku;
  item: OrderItemFacts;
}

export interface PricedCart {
  lines: CartLine[];
  coupon: CouponFacts | null;
  totals: { items: number; discounts: number; shipping: number; tax: number; value: number };
}

export interface CartInput {
  items: { skuId: number; quantity: number }[];
  couponCode: string | null;
}

export function priceCart(account: Account, cart: CartInput, userId: string, nowMs: number): ScenarioResult<PricedCart> {
  let coupon: CouponFacts | null = null;
  if (cart.couponCode !== null) {
    const resolved = resolveCoupon(account, cart.couponCode, userId, nowMs);
    if (!resolved.ok) return resolved;
    coupon = resolved.value;
  }
  const lines: CartLine[] = [];
  for (const { skuId, quantity } of cart.items) {
    const sku = account.catalog.get(skuId);
    if (!sku) return { ok: false, status: 400, message: `SKU ${skuId} not found` };
    if (!Number.isInteger(quantity) || quantity < 1) return { ok: false, status: 400, message: 'item quantity must be a positive integer' };
    lines.push({ sku, item: { skuId, quantity, ...priceItem(sku.listPrice, sku.price, coupon) } });
  }
  const shipping = coupon?.freeShipping ? 0 : DEFAULT_SHIPPING;
  return { ok: true, value: { lines, coupon, totals: orderTotals({ items: lines.map((l) => l.item), shipping }) } };
}
