// GET /api/oms/pvt/orders/{orderId} — Get order (VTEX-API.md §4.3); {orderId} may be seq{n}.

import type { FastifyInstance } from 'fastify';
import type { AreaKit } from '../core/area';
import { RESOURCES } from '../core/license-resources';
import { renderOrder } from './render-order';

export function registerGetOrder(scope: FastifyInstance, kit: AreaKit): void {
  scope.get<{ Params: { orderId: string } }>('/api/oms/pvt/orders/:orderId', {
    onRequest: kit.gate({ resources: [RESOURCES.viewOrder, RESOURCES.ordersFullAccess] }),
  }, async (request, reply) => {
    const account = kit.account(request);
    const index = account.orders.indexOf(request.params.orderId);
    const facts = index === undefined ? undefined : account.orders.facts(index);
    if (index === undefined || !facts) return kit.fail(reply, 404, `Order ${request.params.orderId} not found`);
    return renderOrder(account, facts, account.orders.state(index, facts));
  });
}
