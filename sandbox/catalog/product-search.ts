// GET /api/catalog_system/pub/products/search?fq=skuId:{id}: the public (no key) legacy search
// a storefront uses, and the way to read a SKU's price and stock as the store offers it:
// items[].sellers[].commertialOffer (VTEX's spelling) with Price/ListPrice in decimal units.
// Inactive SKUs are not in the search. `_from`/`_to` window at most 50, default 0-9.

import type { FastifyInstance } from 'fastify';
import type { Account } from '../core/account';
import type { AreaKit } from '../core/area';
import type { Sku } from '../data/sku-catalog';
import { parseSkuId, toDecimal } from './catalog-access';
import { skuOffer } from './sku-offers';

const MAX_WINDOW = 50;
const DAY_MS = 86_400_000;

type SearchQuery = { Params: { account: string }; Querystring: { fq?: string | string[]; _from?: string; _to?: string } };

/** The SKUs an fq list selects (skuId: and productId: filters, ANDed), or an error text. */
function selectSkus(account: Account, fq: string[]): Sku[] | string {
  let selected = account.catalog.all().filter((sku) => skuOffer(account, sku).isActive);
  for (const filter of fq) {
    const match = /^(skuId|productId):(\d+)$/.exec(filter.trim());
    if (!match?.[1] || !match[2]) return `Unsupported fq '${filter}': this sandbox filters by skuId:{id} or productId:{id}`;
    const id = parseSkuId(match[2]);
    selected = selected.filter((sku) => (match[1] === 'skuId' ? sku.id : sku.productId) === id);
  }
  return selected;
}

function renderProduct(account: Account, sku: Sku, nowMs: number): Record<string, unknown> {
  const offer = skuOffer(account, sku);
  const slug = sku.detailUrl.replace(/^\//, '').replace(/\/p$/, '');
  return {
    productId: String(sku.productId), productName: sku.productName, brand: sku.brandName, brandId: sku.brandId,
    linkText: slug, productReference: `PROD-${sku.productId}`, categoryId: String(sku.categoryId),
    categories: [`/${sku.categoryName}/`], categoriesIds: [`/${sku.categoryId}/`],
    link: `https://${account.name}.vtexcommercestable.com.br${sku.detailUrl}`, description: sku.productName,
    items: [{
      itemId: String(sku.id), name: sku.name.slice(sku.productName.length).trim() || sku.name, nameComplete: sku.name,
      complementName: '', ean: sku.ean, referenceId: [{ Key: 'RefId', Value: sku.refId }], measurementUnit: 'un', unitMultiplier: 1,
      images: [{ imageId: String(100000 + sku.id), imageLabel: '', imageTag: '', imageUrl: sku.imageUrl.replace(/-55-55\//, '/'), imageText: sku.productName }],
      sellers: [{
        sellerId: '1', sellerName: account.name, addToCartLink: `https://${account.name}.vtexcommercestable.com.br/checkout/cart/add?sku=${sku.id}&qty=1&seller=1&sc=1`,
        sellerDefault: true,
        commertialOffer: {
          Price: toDecimal(offer.price), ListPrice: toDecimal(offer.listPrice), PriceWithoutDiscount: toDecimal(offer.price),
          RewardValue: 0, PriceValidUntil: new Date(nowMs + 365 * DAY_MS).toISOString(),
          AvailableQuantity: offer.availableQuantity, IsAvailable: offer.availableQuantity > 0, Tax: 0,
          Installments: [], DiscountHighLight: [], Teasers: [], GiftSkuIds: [], BuyTogether: [],
        },
      }],
    }],
  };
}

export function registerProductSearch(scope: FastifyInstance, kit: AreaKit): void {
  scope.get<SearchQuery>('/api/catalog_system/pub/products/search', { onRequest: kit.gate('public') }, async (request, reply) => {
    const account = kit.account(request);
    const fq = request.query.fq === undefined ? [] : Array.isArray(request.query.fq) ? request.query.fq : [request.query.fq];
    const from = request.query._from === undefined ? 0 : Number(request.query._from);
    const to = request.query._to === undefined ? from + 9 : Number(request.query._to);
    if (!Number.isInteger(from) || !Number.isInteger(to) || from < 0 || to < from) return kit.fail(reply, 400, '_from and _to must be integers with _from ≤ _to');
    if (to - from + 1 > MAX_WINDOW) return kit.fail(reply, 400, `The maximum number of items per request is ${MAX_WINDOW}`);
    const skus = selectSkus(account, fq);
    if (typeof skus === 'string') return kit.fail(reply, 400, skus);
    const page = skus.slice(from, to + 1);
    reply.header('resources', `${from}-${Math.max(from, from + page.length - 1)}/${skus.length}`);
    const now = kit.ctx.clock.now();
    return page.map((sku) => renderProduct(account, sku, now));
  });
}
