// A promotion (calculatorconfiguration) as rnb stores it: every field of the Promotions spec with
// a default, the validation a create/update body goes through, and the row the list shows.

import { isJsonObject, type Json, type JsonObject } from './json';

export interface StoredPromotion {
  id: string;
  fields: JsonObject;
  lastModifiedMs: number;
}

/** What a new promotion holds for every field the body leaves out. */
const DEFAULTS: JsonObject = {
  name: '', description: '', daysAgoOfPurchases: 0, isArchived: false, isFeatured: false, disableDeal: false,
  activeDaysOfWeek: [], offset: -3, activateGiftsMultiplier: false, newOffset: -3, maxPricesPerItems: [], cumulative: false,
  discountType: 'percentual', nominalShippingDiscountValue: 0, absoluteShippingDiscountValue: 0, nominalDiscountValue: 0,
  nominalDiscountType: 'item', maximumUnitPriceDiscount: 0, percentualDiscountValue: 0, rebatePercentualDiscountValue: 0,
  percentualTax: 0, shippingPercentualTax: 0, percentualDiscountValueList1: 0, percentualDiscountValueList2: 0,
  skusGift: { quantitySelectable: 0 }, nominalRewardValue: 0, percentualRewardValue: 0, orderStatusRewardValue: 'invoiced',
  maxNumberOfAffectedItems: 0, maxNumberOfAffectedItemsGroupKey: 'perCart', applyToAllShippings: false, nominalTax: 0,
  idSellerIsInclusive: false, idsSalesChannel: [], areSalesChannelIdsExclusive: false, marketingTags: [],
  marketingTagsAreNotInclusive: false, paymentsMethods: [], stores: [], campaigns: [], conditionsIds: [], storesAreInclusive: false,
  categories: [], categoriesAreInclusive: false, brands: [], brandsAreInclusive: false, products: [], productsAreInclusive: false,
  skus: [], skusAreInclusive: false, utmSource: '', utmCampaign: '', collections1BuyTogether: [], collections2BuyTogether: [],
  minimumQuantityBuyTogether: 0, quantityToAffectBuyTogether: 0, enableBuyTogetherPerSku: false, listSku1BuyTogether: [],
  listSku2BuyTogether: [], coupon: [], totalValueFloor: 0, totalValueCeling: 0, totalValueIncludeAllItems: false,
  totalValueMode: 'IncludeMatchedItems', collections: [], collectionsIsInclusive: false, restrictionsBins: [], cardIssuers: [],
  totalValuePurchase: 0, slasIds: [], isSlaSelected: false, isFirstBuy: false, firstBuyIsProfileOptimistic: false,
  compareListPriceAndPrice: false, isDifferentListPriceAndPrice: false, zipCodeRanges: [], itemMaxPrice: 0, itemMinPrice: 0,
  installment: 0, isMinMaxInstallments: false, minInstallment: 0, maxInstallment: 0, merchants: [], clusterExpressions: [],
  paymentsRules: [], giftListTypes: [], productsSpecifications: [], affiliates: [], maxUsage: 0, maxUsagePerClient: 0,
  shouldDistributeDiscountAmongMatchedItems: false, multipleUsePerClient: false, accumulateWithManualPrice: false,
  useNewProgressiveAlgorithm: false, percentualDiscountValueList: [],
};

const REQUIRED = ['type', 'isActive', 'origin', 'beginDateUtc', 'percentualShippingDiscountValue'] as const;
/** Fields with no default: required ones, and optional ones a promotion may simply not have. */
const OPTIONAL_TYPES: Record<string, 'string' | 'number' | 'boolean'> = {
  type: 'string', isActive: 'boolean', origin: 'string', beginDateUtc: 'string', percentualShippingDiscountValue: 'number',
  endDateUtc: 'string', idSeller: 'string',
};
const INTEGER_FIELDS = new Set(['daysAgoOfPurchases', 'offset', 'maxNumberOfAffectedItems', 'minimumQuantityBuyTogether',
  'quantityToAffectBuyTogether', 'installment', 'minInstallment', 'maxInstallment', 'maxUsage', 'maxUsagePerClient']);
/** The spec's 400 example lists these: each entry must be an object with an id. */
const ID_LISTS = ['skus', 'products', 'brands', 'categories', 'paymentsMethods', 'collections', 'listSku1BuyTogether', 'listSku2BuyTogether'];
const PROMOTION_TYPES = ['regular', 'combo', 'forThePriceOf', 'progressive', 'buyAndWin', 'maxPricePerItem', 'campaign', 'multipleEffects', 'tax'];
const ORIGINS = ['marketplace', 'Fulfillment'];
const GROUP_KEYS = ['perProductId', 'perCart', 'perSku'];
/** The spec shows only `percentual`; `nominal` is the fixed-amount benefit (VTEX-API.md §6.3). */
const DISCOUNT_TYPES = ['percentual', 'nominal'];
/** The spec: "This field only accepts two string values". */
const NOMINAL_DISCOUNT_TYPES = ['item', 'cart'];
/** Amounts (currency units) and counts that make no sense below zero. */
const NON_NEGATIVE = ['nominalDiscountValue', 'totalValueFloor', 'totalValueCeling', 'maxNumberOfAffectedItems'];
const DOTNET_TYPES = { string: 'System.String', number: 'System.Decimal', boolean: 'System.Boolean', array: 'System.Collections.Generic.List', object: 'System.Object' };

function kindOf(value: Json): keyof typeof DOTNET_TYPES {
  if (Array.isArray(value)) return 'array';
  if (value === null) return 'object';
  return typeof value === 'string' ? 'string' : typeof value === 'number' ? 'number' : typeof value === 'boolean' ? 'boolean' : 'object';
}

function hasValidId(entry: Json): boolean {
  if (!isJsonObject(entry)) return false;
  const id = entry.id;
  return (typeof id === 'string' && id.trim() !== '') || (typeof id === 'number' && Number.isFinite(id));
}

/** The spec types these ids as strings; a numeric id is kept as its text, as a lenient reader would. */
function withTextId(entry: Json): Json {
  return isJsonObject(entry) && typeof entry.id === 'number' ? { ...entry, id: String(entry.id) } : entry;
}

export type PromotionInput = { ok: true; fields: JsonObject; id: string | undefined } | { ok: false; errors: Record<string, string[]> };

/**
 * Checks a create/update body and merges it over `base` (the stored promotion on update, the
 * defaults on create). Unknown fields are dropped, as a typed .NET model would drop them.
 */
export function readPromotionBody(body: unknown, base: JsonObject | undefined): PromotionInput {
  if (!isJsonObject(body)) return { ok: false, errors: { '$': ['The JSON value could not be converted to the promotion model.'] } };
  const errors: Record<string, string[]> = {};
  const add = (key: string, message: string): void => {
    (errors[key] ??= []).push(message);
  };
  const merged: JsonObject = { ...DEFAULTS, ...base };
  for (const [key, value] of Object.entries(body)) {
    const expected = key in DEFAULTS ? kindOf(DEFAULTS[key] ?? null) : OPTIONAL_TYPES[key];
    if (expected === undefined || value === null) continue;
    if (kindOf(value) !== expected || (INTEGER_FIELDS.has(key) && !Number.isInteger(value))) {
      add(`$.${key}`, `The JSON value could not be converted to ${INTEGER_FIELDS.has(key) ? 'System.Int32' : DOTNET_TYPES[expected]}. Path: $.${key}`);
      continue;
    }
    merged[key] = value;
  }
  for (const field of REQUIRED) {
    const unreadable = errors[`$.${field}`] !== undefined;
    if (!unreadable && (merged[field] === undefined || merged[field] === null)) add(field, `The ${field} field is required.`);
  }
  for (const list of ID_LISTS) {
    const entries = merged[list];
    if (!Array.isArray(entries)) continue;
    if (!entries.every(hasValidId)) add('', `The \`${list}\` object needs to have a valid \`id\` attribute.`);
    else merged[list] = entries.map(withTextId);
  }
  const { type, origin, beginDateUtc, endDateUtc } = merged;
  if (typeof type === 'string' && !PROMOTION_TYPES.includes(type)) add('type', `The type '${type}' is not a valid promotion type.`);
  if (typeof origin === 'string' && !ORIGINS.some((o) => o.toLowerCase() === origin.toLowerCase())) add('origin', `The origin '${origin}' must be marketplace or Fulfillment.`);
  if (typeof beginDateUtc === 'string' && Number.isNaN(Date.parse(beginDateUtc))) add('beginDateUtc', 'The beginDateUtc field is not a valid date.');
  if (typeof endDateUtc === 'string' && Number.isNaN(Date.parse(endDateUtc))) add('endDateUtc', 'The endDateUtc field is not a valid date.');
  const { discountType, nominalDiscountType } = merged;
  if (typeof discountType === 'string' && !DISCOUNT_TYPES.includes(discountType)) {
    add('discountType', `The discountType '${discountType}' is not supported here: use ${DISCOUNT_TYPES.join(' or ')}.`);
  }
  if (typeof nominalDiscountType === 'string' && !NOMINAL_DISCOUNT_TYPES.includes(nominalDiscountType)) {
    add('nominalDiscountType', `The nominalDiscountType '${nominalDiscountType}' must be item or cart.`);
  }
  for (const field of NON_NEGATIVE) {
    const value = merged[field];
    if (typeof value === 'number' && value < 0) add(field, `The field ${field} must not be negative.`);
  }
  const groupKey = merged.maxNumberOfAffectedItemsGroupKey;
  if (typeof groupKey === 'string' && !GROUP_KEYS.includes(groupKey)) add('maxNumberOfAffectedItemsGroupKey', `The value '${groupKey}' is not valid.`);
  for (const percent of ['percentualDiscountValue', 'percentualShippingDiscountValue']) {
    const value = merged[percent];
    if (typeof value === 'number' && (value < 0 || value > 100)) add(percent, `The field ${percent} must be between 0 and 100.`);
  }
  if (Object.keys(errors).length > 0) return { ok: false, errors };
  const id = body.idCalculatorConfiguration;
  return { ok: true, fields: merged, id: typeof id === 'string' && id !== '' ? id : undefined };
}

/** Counts toward the 100-active limit: switched on, not archived, and not past its end date. */
export function isActiveAt(promotion: StoredPromotion, nowMs: number): boolean {
  const { isActive, isArchived, endDateUtc } = promotion.fields;
  if (isActive !== true || isArchived === true) return false;
  return typeof endDateUtc !== 'string' || Date.parse(endDateUtc) > nowMs;
}

/** Applies to an order placed now: active and already begun. */
export function isRunningAt(promotion: StoredPromotion, nowMs: number): boolean {
  const begin = promotion.fields.beginDateUtc;
  return isActiveAt(promotion, nowMs) && (typeof begin !== 'string' || Date.parse(begin) <= nowMs);
}

export function renderPromotion(promotion: StoredPromotion, lastModified: string): JsonObject {
  return { idCalculatorConfiguration: promotion.id, ...promotion.fields, lastModified };
}

function countOf(value: Json | undefined): number {
  return Array.isArray(value) ? value.length : 0;
}

/** One row of "Get all promotions" (note the spec's own spelling, `utmCampain`). */
export function renderPromotionRow(promotion: StoredPromotion, lastModifiedUtc: string, nowMs: number): JsonObject {
  const f = promotion.fields;
  const scope = {
    allCatalog: ['skus', 'products', 'collections', 'categories', 'brands'].every((list) => countOf(f[list]) === 0),
    skus: countOf(f.skus), skusAreInclusive: f.skusAreInclusive ?? false,
    products: countOf(f.products), productsAreInclusive: f.productsAreInclusive ?? false,
    collections: countOf(f.collections), collectionsAreInclusive: f.collectionsIsInclusive ?? false,
    categories: countOf(f.categories), categoriesAreInclusive: f.categoriesAreInclusive ?? false,
    brands: countOf(f.brands), brandsAreInclusive: f.brandsAreInclusive ?? false,
    sellers: 0, sellersAreInclusive: f.idSellerIsInclusive ?? false,
  };
  const row: JsonObject = {
    idCalculatorConfiguration: promotion.id, lastModifiedUtc, name: f.name ?? '', beginDate: f.beginDateUtc ?? '',
    isActive: f.isActive ?? false, description: f.description ?? '', type: f.type ?? 'regular',
    utmSource: f.utmSource ?? '', utmCampain: f.utmCampaign ?? '', utmiCampaign: '',
    status: isActiveAt(promotion, nowMs) ? 'active' : 'inactive', percentualTax: f.percentualTax ?? 0,
    isArchived: f.isArchived ?? false, hasMaxPricePerItem: false, isTax: f.type === 'tax', campaigns: f.campaigns ?? [],
    conditionsIds: f.conditionsIds ?? [], activateGiftsMultiplier: f.activateGiftsMultiplier ?? false, scope,
    maxUsage: f.maxUsage ?? 0, idsSalesChannel: f.idsSalesChannel ?? [], areSalesChannelIdsExclusive: f.areSalesChannelIdsExclusive ?? false,
  };
  if (typeof f.endDateUtc === 'string') row.endDate = f.endDateUtc;
  if (typeof f.nominalDiscountType === 'string') row.nominalDiscountType = f.nominalDiscountType;
  return row;
}
