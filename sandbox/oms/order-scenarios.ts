// What a store does to orders: place one, move it through the workflow, cancel it, accept a
// return. Control routes call these; a later checkout module places orders through here too,
// so hooks and feeds fire the same way whatever created the change.

import type { Account } from '../core/account';
import type { OrderChange } from '../data/order-store';
import { isOrderStatus, type OrderStatus } from '../data/order-statuses';
import { returnedValue } from '../data/unit-prices';
import { recordCouponUse } from './coupon-ledger';
import { priceOrder } from './order-pricing';

export interface PlaceOrderInput {
  customerIndex: number;
  items: { skuId: number; quantity: number }[];
  couponCode?: string;
  status?: OrderStatus;
  paymentSystemName?: string;
  /** Integer cents; default: a flat R$ 19,90 (order-pricing DEFAULT_SHIPPING). */
  shipping?: number;
}

export type ScenarioResult<T> = { ok: true; value: T } | { ok: false; status: 400 | 404 | 409; message: string };

const fail = <T>(status: 400 | 404 | 409, message: string): ScenarioResult<T> => ({ ok: false, status, message });

export function placeOrder(account: Account, input: PlaceOrderInput, nowMs: number): ScenarioResult<{ index: number; orderId: string; value: number }> {
  const customer = account.customers.at(input.customerIndex);
  if (!customer) return fail(404, `customer ${input.customerIndex} not found`);
  if (input.items.length === 0) return fail(400, 'an order needs at least one item');
  const priced = priceOrder(account, { items: input.items, couponCode: input.couponCode ?? null, shipping: input.shipping }, customer.userId, nowMs);
  if (!priced.ok) return priced;
  const { coupon, shipping, totals } = priced.value;
  const items = priced.value.lines.map((line) => line.item);
  const status = input.status ?? 'payment-pending';
  const index = account.orders.create({
    customerIndex: input.customerIndex, items, shipping, coupon,
    paymentSystemName: input.paymentSystemName ?? 'Visa', initialStatus: 'order-created',
  }, nowMs);
  const orderId = account.orders.orderIdAt(index);
  // Usage is recorded before the first status change so that a hook receiver reading the
  // coupon's usage already sees this order.
  if (coupon) recordCouponUse(account, coupon.code, customer.userId, orderId, nowMs);
  // Entering the workflow is a status change like any other: hooks and feeds hear about it.
  if (status !== 'order-created') account.orders.moveStatus(index, status, nowMs);
  return { ok: true, value: { index, orderId, value: totals.value } };
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
    refundValue += returnedValue(item, item.quantity - left, quantity);
  }
  const invoiceNumber = `DEV-${account.orders.sequenceAt(index)}-${state.returns.length + 1}`;
  const change = account.orders.addReturn(index, { items: wanted, refundValue, invoiceNumber }, nowMs);
  return change ? { ok: true, value: { refundValue, change } } : fail(404, `order ${orderId} not found`);
}
