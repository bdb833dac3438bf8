// What a store does to orders: place one, move it through the workflow, cancel it, accept a
// return. Control routes call these; a later checkout module places orders through here too,
// so hooks and feeds fire the same way whatever created the change.

import { AccountStateKey, type Account } from '../core/account';
import { COUPONS, orderTotals, priceItem, type CouponFacts, type OrderItemFacts } from '../data/order-facts';
import type { OrderChange } from '../data/order-store';
import { isOrderStatus, type OrderStatus } from '../data/order-statuses';

export interface PlaceOrderInput {
  customerIndex: number;
  items: { skuId: number; quantity: number }[];
  couponCode?: string;
  status?: OrderStatus;
  paymentSystemName?: string;
  /** Integer cents; default: a flat R$ 19,90. */
  shipping?: number;
}

export type ScenarioResult<T> = { ok: true; value: T } | { ok: false; status: 400 | 404 | 409; message: string };

const fail = <T>(status: 400 | 404 | 409, message: string): ScenarioResult<T> => ({ ok: false, status, message });

/**
 * Where coupons live when an area owns them (promotions): checkout asks it whether a code may be
 * used now by this shopper, and tells it once an order used the code. Without one, the seeded
 * COUPONS apply with no limits.
 */
export interface CouponLedger {
  resolve(code: string, userId: string, nowMs: number): ScenarioResult<CouponFacts>;
  recordUse(code: string, userId: string, orderId: string, nowMs: number): void;
}

export const couponLedgerKey = new AccountStateKey<{ ledger?: CouponLedger }>('coupon-ledger', () => ({}));

/** The coupon an order placed now by this shopper would carry, or why checkout refuses it. */
export function resolveCoupon(account: Account, code: string, userId: string, nowMs: number): ScenarioResult<CouponFacts> {
  const ledger = account.state(couponLedgerKey).ledger;
  if (ledger) return ledger.resolve(code, userId, nowMs);
  const coupon = COUPONS.find((c) => c.code === code);
  return coupon ? { ok: true, value: coupon } : fail(400, `unknown coupon ${code}; known: ${COUPONS.map((c) => c.code).join(', ')}`);
}

export function placeOrder(account: Account, input: PlaceOrderInput, nowMs: number): ScenarioResult<{ index: number; orderId: string; value: number }> {
  const customer = account.customers.at(input.customerIndex);
  if (!customer) return fail(404, `customer ${input.customerIndex} not found`);
  if (input.items.length === 0) return fail(400, 'an order needs at least one item');
  let coupon: CouponFacts | null = null;
  if (input.couponCode !== undefined) {
    const resolved = resolveCoupon(account, input.couponCode, customer.userId, nowMs);
    if (!resolved.ok) return resolved;
    coupon = resolved.value;
  }
  const items: OrderItemFacts[] = [];
  for (const { skuId, quantity } of input.items) {
    const sku = account.catalog.get(skuId);
    if (!sku) return fail(400, `SKU ${skuId} not found`);
    if (!Number.isInteger(quantity) || quantity < 1) return fail(400, 'item quantity must be a positive integer');
    items.push({ skuId, quantity, ...priceItem(sku.listPrice, sku.price, coupon) });
  }
  const status = input.status ?? 'payment-pending';
  const shipping = coupon?.freeShipping ? 0 : input.shipping ?? 1990;
  const index = account.orders.create({
    customerIndex: input.customerIndex, items, shipping, coupon,
    paymentSystemName: input.paymentSystemName ?? 'Visa', initialStatus: 'order-created',
  }, nowMs);
  const orderId = account.orders.orderIdAt(index);
  // Usage is recorded before the first status change so that a hook receiver reading the
  // coupon's usage already sees this order.
  if (coupon) account.state(couponLedgerKey).ledger?.recordUse(coupon.code, customer.userId, orderId, nowMs);
  // Entering the workflow is a status change like any other: hooks and feeds hear about it.
  if (status !== 'order-created') account.orders.moveStatus(index, status, nowMs);
  return { ok: true, value: { index, orderId, value: orderTotals({ items, shipping }).value } };
}

export function moveOrder(account: Account, orderId: string, status: string, nowMs: number): ScenarioResult<OrderChange> {
  const index = account.orders.indexOf(orderId);
  if (index === undefined) return fail(404, `order ${orderId} not found`);
  if (!isOrderStatus(status)) return fail(400, `unknown status ${status}`);
  const change = account.orders.moveStatus(index, status, nowMs);
  return change ? { ok: true, value: change } : fail(404, `order ${orderId} not found`);
}

/** VTEX cancels through `cancel` to `canceled`; an invoiced order must be returned instead. */
export function cancelOrder(account: Account, orderId: string, reason: string, nowMs: number): ScenarioResult<OrderChange[]> {
  const index = account.orders.indexOf(orderId);
  if (index === undefined) return fail(404, `order ${orderId} not found`);
  const status = account.orders.statusAt(index);
  if (status === 'invoiced') return fail(409, 'an invoiced order cannot be canceled; register a return instead');
  if (status === 'canceled') return fail(409, 'the order is already canceled');
  const changes = [
    account.orders.moveStatus(index, 'cancel', nowMs, reason),
    account.orders.moveStatus(index, 'canceled', nowMs, reason),
  ].filter((change): change is OrderChange => change !== undefined);
  return { ok: true, value: changes };
}

/** Items omitted = everything not yet returned (a full return). */
export function returnOrder(
  account: Account, orderId: string, items: { itemIndex: number; quantity: number }[] | undefined, nowMs: number,
): ScenarioResult<{ refundValue: number; change: OrderChange }> {
  const index = account.orders.indexOf(orderId);
  const facts = index === undefined ? undefined : account.orders.facts(index);
  if (index === undefined || !facts) return fail(404, `order ${orderId} not found`);
  const state = account.orders.state(index, facts);
  if (state.status !== 'invoiced') return fail(409, `only invoiced orders can be returned (status is ${state.status})`);
  const remaining = facts.items.map((item, itemIndex) =>
    item.quantity - state.returns.flatMap((r) => r.items).filter((r) => r.itemIndex === itemIndex).reduce((sum, r) => sum + r.quantity, 0));
  const wanted = items ?? remaining.map((quantity, itemIndex) => ({ itemIndex, quantity })).filter((r) => r.quantity > 0);
  if (wanted.length === 0) return fail(409, 'every item of the order was already returned');
  let refundValue = 0;
  for (const { itemIndex, quantity } of wanted) {
    const item = facts.items[itemIndex];
    const left = remaining[itemIndex] ?? 0;
    if (!item || !Number.isInteger(quantity) || quantity < 1 || quantity > left) {
      return fail(400, `item ${itemIndex}: can return between 1 and ${left} units`);
    }
    refundValue += item.sellingPrice * quantity;
  }
  const invoiceNumber = `DEV-${account.orders.sequenceAt(index)}-${state.returns.length + 1}`;
  const change = account.orders.addReturn(index, { items: wanted, refundValue, invoiceNumber }, nowMs);
  return change ? { ok: true, value: { refundValue, change } } : fail(404, `order ${orderId} not found`);
}
