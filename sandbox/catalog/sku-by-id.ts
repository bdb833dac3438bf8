// The two SKU reads, each with its own spec's field names: the "SKU and context" view of
// catalog_system (NameComplete, ProductCategories, AlternateIds…) and the raw SKU record of the
// newer catalog API (Name, RefId, PackagedWeightKg…). Neither carries price or stock.

import type { FastifyInstance } from 'fastify';
import type { Account } from '../core/account';
import type { AreaKit } from '../core/area';
import type { Sku } from '../data/sku-catalog';
import { parseSkuId, READ_SKUS, type SkuParams } from './catalog-access';
import { skuOffer } from './sku-offers';

function skuContext(account: Account, sku: Sku): Record<string, unknown> {
  const offer = skuOffer(account, sku);
  const fileId = 100000 + sku.id;
  const variant = sku.name.slice(sku.productName.length).trim();
  const cubicWeight = Math.round((sku.height * sku.width * sku.length) / 6000 * 10000) / 10000;
  return {
    Id: sku.id, ProductId: sku.productId, NameComplete: sku.name, ComplementName: '', ProductName: sku.productName,
    ProductDescription: sku.productName, ProductRefId: `PROD-${sku.productId}`, TaxCode: '', SkuName: variant || sku.name,
    IsActive: offer.isActive, IsTransported: true, IsInventoried: true, IsGiftCardRecharge: false,
    ImageUrl: sku.imageUrl, DetailUrl: sku.detailUrl, CSCIdentification: null,
    BrandId: String(sku.brandId), BrandName: sku.brandName, IsBrandActive: true,
    Dimension: { cubicweight: cubicWeight, height: sku.height, length: sku.length, weight: sku.weight, width: sku.width },
    RealDimension: { realCubicWeight: cubicWeight, realHeight: sku.height, realLength: sku.length, realWeight: sku.weight, realWidth: sku.width },
    ManufacturerCode: '', IsKit: false, KitItems: [], Services: [], Categories: [], CategoriesFullPath: [`/${sku.categoryId}/`],
    Attachments: [], Collections: [],
    SkuSellers: [{ SellerId: '1', StockKeepingUnitId: sku.id, SellerStockKeepingUnitId: String(sku.id), IsActive: true, FreightCommissionPercentage: 0, ProductCommissionPercentage: 0 }],
    SalesChannels: [1],
    Images: [{ ImageUrl: sku.imageUrl.replace(/-55-55\//, '/'), ImageName: '', FileId: fileId }],
    Videos: [], SkuSpecifications: [], ProductSpecifications: [], ProductClustersIds: '',
    ProductCategoryIds: `/${sku.categoryId}/`, IsDirectCategoryActive: true, ProductGlobalCategoryId: null,
    ProductCategories: { [String(sku.categoryId)]: sku.categoryName },
    CommercialConditionId: 1, RewardValue: 0,
    AlternateIds: { Ean: sku.ean, RefId: sku.refId }, AlternateIdValues: [sku.ean, sku.refId],
    EstimatedDateArrival: null, MeasurementUnit: 'un', UnitMultiplier: 1, InformationSource: 'Indexer', ModalType: null,
    KeyWords: '', ReleaseDate: '2023-01-01T00:00:00', ProductIsVisible: true, ShowIfNotAvailable: true,
    IsProductActive: offer.isActive, ProductFinalScore: 0,
  };
}

function rawSku(account: Account, sku: Sku): Record<string, unknown> {
  const offer = skuOffer(account, sku);
  const weightKg = sku.weight / 1000;
  return {
    Id: sku.id, ProductId: sku.productId, IsActive: offer.isActive, ActivateIfPossible: true,
    Name: sku.name.slice(sku.productName.length).trim() || sku.name, RefId: sku.refId,
    PackagedHeight: sku.height, PackagedLength: sku.length, PackagedWidth: sku.width, PackagedWeightKg: Math.ceil(weightKg),
    Height: sku.height, Length: sku.length, Width: sku.width, WeightKg: weightKg,
    CubicWeight: Math.round((sku.height * sku.width * sku.length) / 6000 * 10000) / 10000,
    IsKit: false, CreationDate: '2023-01-01T00:00:00', RewardValue: 0, EstimatedDateArrival: null, ManufacturerCode: '',
    CommercialConditionId: 1, MeasurementUnit: 'un', UnitMultiplier: 1, ModalType: null, KitItensSellApart: false, Videos: [],
  };
}

export function registerSkuById(scope: FastifyInstance, kit: AreaKit): void {
  const find = (account: Account, text: string): Sku | undefined => {
    const id = parseSkuId(text);
    return id === undefined ? undefined : account.catalog.get(id);
  };

  scope.get<SkuParams>('/api/catalog_system/pvt/sku/stockkeepingunitbyid/:skuId', { onRequest: kit.gate(READ_SKUS) }, async (request, reply) => {
    const account = kit.account(request);
    const sku = find(account, request.params.skuId);
    if (!sku) return kit.fail(reply, 404, 'SKU not found');
    return skuContext(account, sku);
  });

  scope.get<SkuParams>('/api/catalog/pvt/stockkeepingunit/:skuId', { onRequest: kit.gate(READ_SKUS) }, async (request, reply) => {
    const account = kit.account(request);
    const sku = find(account, request.params.skuId);
    if (!sku) return kit.fail(reply, 404, 'SKU not found');
    return rawSku(account, sku);
  });
}
