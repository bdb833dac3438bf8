// /_sandbox/accounts/{account}/checkout: the checkout without a browser. The shopper is proven
// by a VtexIdclientAutCookie token (as the page does) or named by e-mail/userId for scripts;
// the order is placed through the order scenarios like the page's.

import type { FastifyInstance } from 'fastify';
import type { Account } from '../core/account';
import type { SandboxContext } from '../core/area';
import { bodyOf, controlAccount, controlError, isRecord } from '../core/control-kit';
import { orderTotals, type CouponFacts } from '../data/order-facts';
import { isOrderStatus } from '../data/order-statuses';
import { shopperFromToken } from '../identity/identity-state';
import { priceOrder, type OrderToPrice } from '../oms/order-pricing';
import { placeOrder } from '../oms/order-scenarios';

type Parsed = { customerIndex: number; userId: string; cart: OrderToPrice } | { status: 400 | 401 | 404; message: string };

/** The coupon as answered here: which code, and which promotion priced the order. */
const couponSummary = (coupon: CouponFacts | null) =>
  coupon ? { code: coupon.code, promotionId: coupon.promotionId, promotionName: coupon.promotionName } : null;

function parseRequest(ctx: SandboxContext, account: Account, body: Record<string, unknown>): Parsed {
  let customerIndex: number | undefined;
  if (typeof body.authToken === 'string') {
    const shopper = shopperFromToken(ctx, account, body.authToken);
    if (!shopper) return { status: 401, message: 'authToken is not a valid, unexpired shopper token of this account' };
    customerIndex = shopper.customerIndex;
  } else if (typeof body.userId === 'string') {
    customerIndex = account.customers.indexOfUserId(body.userId);
  } else if (typeof body.email === 'string') {
    customerIndex = account.customers.indexOfEmail(body.email.toLowerCase());
  } else {
    return { status: 400, message: 'give authToken (a VtexIdclientAutCookie value), userId or email' };
  }
  const customer = customerIndex === undefined ? undefined : account.customers.at(customerIndex);
  if (customerIndex === undefined || !customer) return { status: 404, message: 'customer not found' };
  if (!Array.isArray(body.items) || body.items.length === 0) return { status: 400, message: 'items must be a non-empty list of {skuId, quantity}' };
  const items: { skuId: number; quantity: number }[] = [];
  for (const item of body.items) {
    if (!isRecord(item) || typeof item.skuId !== 'number') return { status: 400, message: 'each item needs a numeric skuId' };
    items.push({ skuId: item.skuId, quantity: typeof item.quantity === 'number' ? item.quantity : 1 });
  }
  const couponCode = typeof body.coupon === 'string' && body.coupon.trim() !== '' ? body.coupon.trim() : null;
  return { customerIndex, userId: customer.userId, cart: { items, couponCode } };
}

export function registerCheckoutControlRoutes(scope: FastifyInstance, ctx: SandboxContext): void {
  scope.post('/checkout/simulate', async (request, reply) => {
    const account = controlAccount(ctx, request, reply);
    if (!account) return reply;
    const parsed = parseRequest(ctx, account, bodyOf(request));
    if ('status' in parsed) return controlError(reply, parsed.status, parsed.message);
    const priced = priceOrder(account, parsed.cart, parsed.userId, ctx.clock.now());
    if (!priced.ok) return controlError(reply, priced.status, priced.message);
    const { lines, coupon, totals } = priced.value;
    return { items: lines.map(({ item }) => item), coupon: couponSummary(coupon), totals };
  });

  scope.post('/checkout', async (request, reply) => {
    const account = controlAccount(ctx, request, reply);
    if (!account) return reply;
    const body = bodyOf(request);
    const parsed = parseRequest(ctx, account, body);
    if ('status' in parsed) return controlError(reply, parsed.status, parsed.message);
    const status = typeof body.status === 'string' ? body.status : 'payment-pending';
    if (!isOrderStatus(status)) return controlError(reply, 400, `unknown status ${status}`);
    const placed = placeOrder(account, {
      customerIndex: parsed.customerIndex, items: [...parsed.cart.items], couponCode: parsed.cart.couponCode ?? undefined, status,
    }, ctx.clock.now());
    if (!placed.ok) return controlError(reply, placed.status, placed.message);
    // Answered from the stored order, so the reply is what Get order will show.
    const facts = account.orders.facts(placed.value.index);
    return reply.code(201).send({
      orderId: placed.value.orderId, value: placed.value.value, totals: facts ? orderTotals(facts) : null, userProfileId: parsed.userId,
      coupon: couponSummary(facts?.coupon ?? null),
    });
  });
}
