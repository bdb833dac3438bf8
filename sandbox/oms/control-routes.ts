// /_sandbox/accounts/{account}/orders… and …/hooks: drive orders through the workflow and
// see what the hooks sent. No VTEX auth: these are the test's hands, not a VTEX API.

import type { FastifyInstance } from 'fastify';
import type { SandboxContext } from '../core/area';
import { bodyOf, controlAccount, controlError } from '../core/control-kit';
import { isOrderStatus } from '../data/order-statuses';
import { omsStateKey } from './oms-state';
import { cancelOrder, moveOrder, placeOrder, returnOrder } from './order-scenarios';
import { renderOrder } from './render-order';

type OrderParams = { Params: { account: string; orderId: string } };

function parseItems(value: unknown): { first: number; second: number }[] | undefined | string {
  if (value === undefined) return undefined;
  if (!Array.isArray(value)) return 'items must be a list';
  const out: { first: number; second: number }[] = [];
  for (const item of value) {
    if (typeof item !== 'object' || item === null) return 'items must be objects';
    const entries = item as Record<string, unknown>;
    const first = entries.skuId ?? entries.itemIndex;
    const second = entries.quantity ?? 1;
    if (typeof first !== 'number' || typeof second !== 'number') return 'items need numeric skuId/itemIndex and quantity';
    out.push({ first, second });
  }
  return out;
}

export function registerOmsControlRoutes(scope: FastifyInstance, ctx: SandboxContext): void {
  scope.post('/orders', async (request, reply) => {
    const account = controlAccount(ctx, request, reply);
    if (!account) return reply;
    const body = bodyOf(request);
    let customerIndex = typeof body.customerIndex === 'number' ? body.customerIndex : undefined;
    if (typeof body.userId === 'string') customerIndex = account.customers.indexOfUserId(body.userId) ?? -1;
    if (typeof body.email === 'string') customerIndex = account.customers.indexOfEmail(body.email) ?? -1;
    if (customerIndex === undefined) return controlError(reply, 400, 'give customerIndex, userId or email');
    const items = parseItems(body.items);
    if (typeof items === 'string') return controlError(reply, 400, items);
    const status = typeof body.status === 'string' ? body.status : undefined;
    if (status !== undefined && !isOrderStatus(status)) return controlError(reply, 400, `unknown status ${status}`);
    const defaultSku = account.catalog.atIndex(0);
    const result = placeOrder(account, {
      customerIndex,
      items: items?.map(({ first, second }) => ({ skuId: first, quantity: second })) ?? (defaultSku ? [{ skuId: defaultSku.id, quantity: 1 }] : []),
      couponCode: typeof body.coupon === 'string' ? body.coupon : undefined,
      status,
      paymentSystemName: typeof body.paymentSystemName === 'string' ? body.paymentSystemName : undefined,
      shipping: typeof body.shipping === 'number' ? body.shipping : undefined,
    }, ctx.clock.now());
    if (!result.ok) return controlError(reply, result.status, result.message);
    return reply.code(201).send(result.value);
  });

  scope.get<OrderParams>('/orders/:orderId', async (request, reply) => {
    const account = controlAccount(ctx, request, reply);
    if (!account) return reply;
    const index = account.orders.indexOf(request.params.orderId);
    const facts = index === undefined ? undefined : account.orders.facts(index);
    if (index === undefined || !facts) return controlError(reply, 404, `order ${request.params.orderId} not found`);
    return renderOrder(account, facts, account.orders.state(index, facts));
  });

  scope.post<OrderParams>('/orders/:orderId/status', async (request, reply) => {
    const account = controlAccount(ctx, request, reply);
    if (!account) return reply;
    const status = bodyOf(request).status;
    const result = moveOrder(account, request.params.orderId, typeof status === 'string' ? status : '', ctx.clock.now());
    if (!result.ok) return controlError(reply, result.status, result.message);
    return { orderId: result.value.orderId, from: result.value.from, to: result.value.to };
  });

  scope.post<OrderParams>('/orders/:orderId/cancel', async (request, reply) => {
    const account = controlAccount(ctx, request, reply);
    if (!account) return reply;
    const reason = bodyOf(request).reason;
    const result = cancelOrder(account, request.params.orderId, typeof reason === 'string' ? reason : 'Cancelado pela loja', ctx.clock.now());
    if (!result.ok) return controlError(reply, result.status, result.message);
    return { orderId: request.params.orderId, status: 'canceled' };
  });

  scope.post<OrderParams>('/orders/:orderId/return', async (request, reply) => {
    const account = controlAccount(ctx, request, reply);
    if (!account) return reply;
    const items = parseItems(bodyOf(request).items);
    if (typeof items === 'string') return controlError(reply, 400, items);
    const result = returnOrder(account, request.params.orderId,
      items?.map(({ first, second }) => ({ itemIndex: first, quantity: second })), ctx.clock.now());
    if (!result.ok) return controlError(reply, result.status, result.message);
    return { orderId: request.params.orderId, refundValue: result.value.refundValue };
  });

  scope.get('/hooks', async (request, reply) => {
    const account = controlAccount(ctx, request, reply);
    if (!account) return reply;
    const oms = account.state(omsStateKey(ctx));
    return { total: oms.deliverer.log.pushed, deliveries: oms.deliverer.log.toArray() };
  });
}
