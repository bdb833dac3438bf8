// GET /api/catalog_system/pvt/sku/stockkeepingunitids?page=&pagesize=: every SKU id (active or
// not), ascending, `pagesize` at most 1000, pages counted from 1; past the end → [].

import type { FastifyInstance } from 'fastify';
import type { AreaKit } from '../core/area';
import { READ_SKUS } from './catalog-access';

export const MAX_SKU_PAGE_SIZE = 1000;

type IdsQuery = { Params: { account: string }; Querystring: { page?: string; pagesize?: string } };

function positiveInt(text: string | undefined, fallback: number): number | undefined {
  if (text === undefined || text === '') return fallback;
  return /^\d+$/.test(text) && Number(text) >= 1 ? Number(text) : undefined;
}

export function registerSkuIds(scope: FastifyInstance, kit: AreaKit): void {
  scope.get<IdsQuery>('/api/catalog_system/pvt/sku/stockkeepingunitids', { onRequest: kit.gate(READ_SKUS) }, async (request, reply) => {
    const page = positiveInt(request.query.page, 1);
    const pageSize = positiveInt(request.query.pagesize, MAX_SKU_PAGE_SIZE);
    if (page === undefined) return kit.fail(reply, 400, 'page must be an integer starting at 1');
    if (pageSize === undefined || pageSize > MAX_SKU_PAGE_SIZE) return kit.fail(reply, 400, `pagesize must be an integer between 1 and ${MAX_SKU_PAGE_SIZE}`);
    const ids = kit.account(request).catalog.all().map((sku) => sku.id).sort((a, b) => a - b);
    return ids.slice((page - 1) * pageSize, page * pageSize);
  });
}
