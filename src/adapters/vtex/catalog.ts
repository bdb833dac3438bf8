// Catalog: SKUs offered as rewards (VTEX-API.md §5). The private APIs give no price or stock,
// so the offer comes from the public product search, which shows what a shopper would pay.

import type { VtexTransport } from './http-transport';
import {
  asArray, asObject, decode, invalid, optionalBoolean, optionalString, requiredBoolean, requiredId, requiredInteger, requiredNumber,
  requiredString, type JsonObject,
} from './json-reader';
import { badInput, mapResult, type VtexResult } from './result';

export interface VtexSku {
  id: string;
  productId: string;
  /** Product and SKU name together, as the store shows it. */
  name: string;
  productName: string | null;
  isActive: boolean;
  isProductActive: boolean | null;
  imageUrl: string | null;
  detailUrl: string | null;
  refId: string | null;
  raw: JsonObject;
}

export interface VtexSkuOffer {
  skuId: string;
  /** Cents: the search sends decimal currency units, converted here once. */
  price: number;
  listPrice: number;
  availableQuantity: number;
  isAvailable: boolean;
}

export const MAX_SKU_PAGE_SIZE = 1000;
// SKU ids are int32 in the Catalog API.
const MAX_SKU_ID = 2_147_483_647;

function skuIdProblem(skuId: number): string | undefined {
  return Number.isInteger(skuId) && skuId >= 1 && skuId <= MAX_SKU_ID ? undefined : 'skuId must be a positive 32-bit integer';
}

function readSku(body: unknown): VtexSku {
  const sku = asObject(body, 'sku');
  const alternateIds = sku.AlternateIds;
  const refId = typeof alternateIds === 'object' && alternateIds !== null && !Array.isArray(alternateIds)
    ? optionalString(alternateIds as JsonObject, 'RefId', 'sku.AlternateIds')
    : null;
  return {
    id: requiredId(sku, 'Id', 'sku'),
    productId: requiredId(sku, 'ProductId', 'sku'),
    name: requiredString(sku, 'NameComplete', 'sku'),
    productName: optionalString(sku, 'ProductName', 'sku'),
    isActive: requiredBoolean(sku, 'IsActive', 'sku'),
    isProductActive: optionalBoolean(sku, 'IsProductActive', 'sku'),
    imageUrl: optionalString(sku, 'ImageUrl', 'sku'),
    detailUrl: optionalString(sku, 'DetailUrl', 'sku'),
    refId,
    raw: sku,
  };
}

function toCents(units: number): number {
  return Math.round(units * 100);
}

/** The SKU's offer in a product search answer, or null when the SKU is not in it. */
function readOffer(skuId: string) {
  return (body: unknown): VtexSkuOffer | null => {
    for (const [productIndex, productValue] of asArray(body, 'products').entries()) {
      const product = asObject(productValue, `products[${productIndex}]`);
      for (const [itemIndex, itemValue] of asArray(product.items, `products[${productIndex}].items`).entries()) {
        const path = `products[${productIndex}].items[${itemIndex}]`;
        const item = asObject(itemValue, path);
        if (requiredId(item, 'itemId', path) !== skuId) continue;
        const sellers = asArray(item.sellers, `${path}.sellers`).map((seller, index) => asObject(seller, `${path}.sellers[${index}]`));
        const seller = sellers.find((candidate) => candidate.sellerDefault === true) ?? sellers[0] ?? invalid(`${path}.sellers`, 'is empty');
        const offerPath = `${path}.sellers.commertialOffer`;
        // VTEX's spelling: commertialOffer.
        const offer = asObject(seller.commertialOffer, offerPath);
        return {
          skuId,
          price: toCents(requiredNumber(offer, 'Price', offerPath)),
          listPrice: toCents(requiredNumber(offer, 'ListPrice', offerPath)),
          availableQuantity: requiredInteger(offer, 'AvailableQuantity', offerPath),
          isAvailable: requiredBoolean(offer, 'IsAvailable', offerPath),
        };
      }
    }
    return null;
  };
}

export function catalogEndpoints(transport: VtexTransport) {
  return {
    /** "SKU and context": names, image and link for the rewards catalog; not_found for an unknown id. */
    async getSku(skuId: number): Promise<VtexResult<VtexSku>> {
      const problem = skuIdProblem(skuId);
      if (problem !== undefined) return badInput(problem);
      const response = await transport.send({ endpoint: 'getSku', method: 'GET', path: `/api/catalog_system/pvt/sku/stockkeepingunitbyid/${skuId}` });
      return mapResult(response, ({ body }) => decode(`SKU ${skuId}`, body, readSku));
    },

    /** Ascending SKU ids, pages from 1; an empty list past the end. */
    async listSkuIds(page: number, pageSize: number): Promise<VtexResult<number[]>> {
      if (!Number.isInteger(page) || page < 1) return badInput('page must be an integer from 1');
      if (!Number.isInteger(pageSize) || pageSize < 1 || pageSize > MAX_SKU_PAGE_SIZE) {
        return badInput(`pageSize must be an integer from 1 to ${MAX_SKU_PAGE_SIZE}`);
      }
      const response = await transport.send({
        endpoint: 'listSkuIds',
        method: 'GET',
        path: '/api/catalog_system/pvt/sku/stockkeepingunitids',
        query: { page: String(page), pagesize: String(pageSize) },
      });
      return mapResult(response, ({ body }) => decode('SKU ids', body, (value) => asArray(value, 'ids').map((id, index) => {
        if (typeof id !== 'number' || !Number.isSafeInteger(id)) return invalid(`ids[${index}]`, 'should be an integer');
        return id;
      })));
    },

    /** Price and stock as the storefront offers them; null when the SKU is not sold (inactive or unknown). */
    async getSkuOffer(skuId: number): Promise<VtexResult<VtexSkuOffer | null>> {
      const problem = skuIdProblem(skuId);
      if (problem !== undefined) return badInput(problem);
      const response = await transport.send({
        endpoint: 'getSkuOffer',
        method: 'GET',
        path: '/api/catalog_system/pub/products/search',
        query: { fq: `skuId:${skuId}` },
      });
      return mapResult(response, ({ body }) => decode(`offer of SKU ${skuId}`, body, readOffer(String(skuId))));
    },
  };
}

