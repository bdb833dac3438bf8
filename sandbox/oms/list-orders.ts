// GET /api/oms/pvt/orders — List orders (VTEX-API.md §4.2).

import type { FastifyInstance } from 'fastify';
import type { AreaKit } from '../core/area';
import { RESOURCES } from '../core/license-resources';
import { pageIndexes, parseOrderQuery, summarize, summaryKey, type NumberStats } from './order-query';
import { omsStateKey } from './oms-state';
import { renderListRow } from './render-order';

type Query = Record<string, string | string[] | undefined>;

export function registerListOrders(scope: FastifyInstance, kit: AreaKit): void {
  scope.get<{ Querystring: Query }>('/api/oms/pvt/orders', {
    onRequest: kit.gate({ resources: [RESOURCES.listOrders, RESOURCES.ordersFullAccess] }),
  }, async (request, reply) => {
    const account = kit.account(request);
    const parsed = parseOrderQuery(request.query, account);
    if (!parsed.ok) return kit.fail(reply, 400, parsed.message);
    const query = parsed.value;
    const oms = account.state(omsStateKey(kit.ctx));
    const summary = oms.cachedSummary(summaryKey(query), () => summarize(account, query));
    const list = pageIndexes(account, query).map((index) => renderListRow(account, index));
    return reply.header('content-type', 'application/json; charset=utf-8').send({
      list,
      facets: [],
      paging: {
        total: summary.total,
        pages: Math.ceil(summary.total / query.perPage),
        currentPage: query.page,
        perPage: query.perPage,
      },
      stats: { stats: { totalValue: withFacets(summary.totalValue), totalItems: withFacets(summary.totalItems) } },
    });
  });
}

/** Every seeded order is a BRL Marketplace order, so the facets repeat the overall numbers. */
function withFacets(stats: NumberStats): Record<string, unknown> {
  const empty: NumberStats = { Count: 0, Max: 0, Mean: 0, Min: 0, Missing: 0, StdDev: 0, Sum: 0, SumOfSquares: 0 };
  return {
    ...stats,
    Facets: {
      origin: { Fulfillment: { ...empty, Facets: null }, Marketplace: { ...stats, Facets: null } },
      currencyCode: { BRL: { ...stats, Facets: null } },
    },
  };
}
