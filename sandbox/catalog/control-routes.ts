// /_sandbox/accounts/{account}/catalog/skus/{skuId}: read or change what a SKU sells for
// (price, list price in cents, stock, active flag) so a product refresh has changes to find.

import type { FastifyInstance } from 'fastify';
import type { SandboxContext } from '../core/area';
import { bodyOf, controlAccount, controlError } from '../core/control-kit';
import { parseSkuId } from './catalog-access';
import { editSkuOffer, skuOffer, type SkuOffer } from './sku-offers';

type SkuParams = { Params: { account: string; skuId: string } };

function readOfferPatch(body: Record<string, unknown>): Partial<SkuOffer> | string {
  const patch: Partial<SkuOffer> = {};
  for (const [name, value] of Object.entries(body)) {
    if (name === 'isActive') {
      if (typeof value !== 'boolean') return 'isActive must be a boolean';
      patch.isActive = value;
    } else if (name === 'price' || name === 'listPrice' || name === 'availableQuantity') {
      if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 0) return `${name} must be a non-negative integer${name === 'availableQuantity' ? '' : ' (cents)'}`;
      patch[name] = value;
    } else {
      return `${name} cannot be set; editable: price, listPrice, availableQuantity, isActive`;
    }
  }
  return patch;
}

export function registerCatalogControlRoutes(scope: FastifyInstance, ctx: SandboxContext): void {
  scope.get<SkuParams>('/catalog/skus/:skuId', async (request, reply) => {
    const account = controlAccount(ctx, request, reply);
    if (!account) return reply;
    const id = parseSkuId(request.params.skuId);
    const sku = id === undefined ? undefined : account.catalog.get(id);
    if (!sku) return controlError(reply, 404, `SKU ${request.params.skuId} not found`);
    return { skuId: sku.id, ...skuOffer(account, sku) };
  });

  scope.patch<SkuParams>('/catalog/skus/:skuId', async (request, reply) => {
    const account = controlAccount(ctx, request, reply);
    if (!account) return reply;
    const id = parseSkuId(request.params.skuId);
    const sku = id === undefined ? undefined : account.catalog.get(id);
    if (!sku) return controlError(reply, 404, `SKU ${request.params.skuId} not found`);
    const patch = readOfferPatch(bodyOf(request));
    if (typeof patch === 'string') return controlError(reply, 400, patch);
    return { skuId: sku.id, ...editSkuOffer(account, sku, patch) };
  });
}
