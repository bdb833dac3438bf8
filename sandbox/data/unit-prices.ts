// The units of an order line need not all sell at one price: a promotion may free one unit of
// three, and a fixed discount spread over a cart leaves cents that only some units can carry.
// VTEX keeps such a line whole and lists its prices in priceDefinition.sellingPrices; so do we.

import type { OrderItemFacts } from './order-facts';

export interface UnitPrice {
  /** Integer cents per unit. */
  value: number;
  quantity: number;
}

/**
 * The line with `discount` cents taken off `affected` of its units, as evenly as cents allow
 * (some units may carry one cent more). The caller keeps `discount` within the affected units' value.
 */
export function unitsSoldAt(
  item: Pick<OrderItemFacts, 'skuId' | 'quantity' | 'listPrice' | 'price'>, affected: number, discount: number,
): OrderItemFacts {
  const { skuId, quantity, listPrice, price } = item;
  const each = affected === 0 ? 0 : Math.floor(discount / affected);
  const oneCentMore = affected === 0 ? 0 : discount - each * affected;
  const groups: UnitPrice[] = [];
  for (const group of [
    { value: price, quantity: quantity - affected },
    { value: price - each, quantity: affected - oneCentMore },
    { value: price - each - 1, quantity: oneCentMore },
  ]) {
    const same = groups.find((g) => g.value === group.value);
    if (same) same.quantity += group.quantity;
    else if (group.quantity > 0) groups.push({ ...group });
  }
  const [only] = groups;
  // One price for every unit: the plain form, as seeded orders have always been stored.
  if (groups.length === 1 && only) return { skuId, quantity, listPrice, price, sellingPrice: only.value };
  const total = groups.reduce((sum, g) => sum + g.value * g.quantity, 0);
  return { skuId, quantity, listPrice, price, sellingPrice: Math.round(total / quantity), sellingPrices: groups };
}

export function unitPrices(item: OrderItemFacts): UnitPrice[] {
  return item.sellingPrices ?? [{ value: item.sellingPrice, quantity: item.quantity }];
}

/** What the line's units cost together after promotions (integer cents). */
export function itemTotal(item: OrderItemFacts): number {
  return unitPrices(item).reduce((sum, g) => sum + g.value * g.quantity, 0);
}

/**
 * The refund for `quantity` more units when `alreadyReturned` went back before: the line's total
 * shared over its units, so that returning every unit, in any steps, refunds exactly that total.
 */
export function returnedValue(item: OrderItemFacts, alreadyReturned: number, quantity: number): number {
  const total = itemTotal(item);
  const upTo = (units: number): number => Math.floor((total * units) / item.quantity);
  return upTo(alreadyReturned + quantity) - upTo(alreadyReturned);
}

/**
 * `amount` cents split over `weights` in proportion, never more than their sum. The cents the
 * rounding down leaves go one each to the largest remainders, so the parts add up exactly and
 * none exceeds its weight. BigInt because amount × weight can pass 2^53 on a large cart.
 */
export function spreadProportionally(amount: number, weights: readonly number[]): number[] {
  const whole = weights.reduce((sum, w) => sum + w, 0);
  const total = Math.max(0, Math.min(amount, whole));
  if (total === 0) return weights.map(() => 0);
  const shares = weights.map((w) => ({ part: (BigInt(total) * BigInt(w)) / BigInt(whole), rest: (BigInt(total) * BigInt(w)) % BigInt(whole) }));
  const parts = shares.map((s) => Number(s.part));
  let left = total - parts.reduce((sum, p) => sum + p, 0);
  const byRest = shares.map((_, i) => i).sort((a, b) => {
    const [x, y] = [shares[a]?.rest ?? 0n, shares[b]?.rest ?? 0n];
    return x === y ? a - b : x > y ? -1 : 1;
  });
  for (const i of byRest) {
    if (left === 0) break;
    parts[i] = (parts[i] ?? 0) + 1;
    left -= 1;
  }
  return parts;
}
