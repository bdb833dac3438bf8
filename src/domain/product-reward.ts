// Product rewards imported from the VTEX catalog: what a SKU, as VTEX has it now, makes of its
// reward. The cost follows the price (price × points per currency unit × the program's factor)
// until the merchant sets it by hand; availability follows VTEX (inactive, out of stock, gone) and
// is kept apart from `active`, the merchant's own switch, which an import never changes.
import type { Reward, RewardFields } from './reward';

/** What the storefront sells the SKU at now. */
export interface SkuOffer {
  priceCents: number;
  availableQuantity: number;
  isAvailable: boolean;
}

/** A catalog SKU as VTEX has it now. */
export interface CatalogProduct {
  skuId: string;
  /** Product and SKU name together, as the store shows it. */
  name: string;
  imageUrl: string | null;
  isActive: boolean;
  /** null when the store does not sell it (an inactive SKU or product, one left out of the search). */
  offer: SkuOffer | null;
}

/** How the cost of an imported product is derived from its price. */
export interface ProductCostRule {
  /** Points per currency unit, up to 4 decimals. */
  pointsPerCurrencyUnit: number;
  /** Up to 4 decimals, more than 0. */
  rewardCostFactor: number;
}

/** Why an imported product cannot be redeemed, as the merchant reads it. */
export const PRODUCT_UNAVAILABLE = {
  inactive: 'inactive in VTEX',
  notSold: 'not sold in the store',
  outOfStock: 'out of stock',
  missing: 'not found in VTEX',
  unlisted: "not among the integration's reward SKUs",
} as const;

const MAX_COST = 1_000_000_000;
const MAX_NAME = 200;
const MAX_IMAGE_URL = 2_000;

const tenThousandths = (value: number) => BigInt(Math.round(value * 10_000));

/**
 * max(1, round(price in currency units × points per unit × factor)), in integers: the rate and
 * the factor have at most 4 decimals, so price × rate × factor is exact in ten-thousandths squared.
 */
export function productCost(priceCents: number, rule: ProductCostRule): number {
  const scaled = BigInt(Math.max(0, Math.trunc(priceCents))) * tenThousandths(rule.pointsPerCurrencyUnit) * tenThousandths(rule.rewardCostFactor);
  const unit = 100n * 10_000n * 10_000n;
  const rounded = (scaled * 2n + unit) / (2n * unit);
  return Math.min(MAX_COST, Math.max(1, Number(rounded)));
}

/** Whether a member can have the product now, judged by VTEX alone; `product` null: VTEX has no such SKU. */
export function productAvailability(product: CatalogProduct | null): Pick<Reward, 'available' | 'unavailableReason'> {
  const unavailable = (reason: string) => ({ available: false, unavailableReason: reason });
  if (!product) return unavailable(PRODUCT_UNAVAILABLE.missing);
  if (!product.isActive) return unavailable(PRODUCT_UNAVAILABLE.inactive);
  if (!product.offer) return unavailable(PRODUCT_UNAVAILABLE.notSold);
  if (!product.offer.isAvailable || product.offer.availableQuantity <= 0) return unavailable(PRODUCT_UNAVAILABLE.outOfStock);
  return { available: true, unavailableReason: null };
}

/** The price to go by: the offer's while the SKU is on sale (VTEX shows 0 for one out of stock). */
function offeredPrice(product: CatalogProduct): number | null {
  const { offer } = product;
  return offer && offer.isAvailable && offer.availableQuantity > 0 ? offer.priceCents : null;
}

function productName(product: CatalogProduct): string {
  const name = product.name.trim();
  return name.length === 0 ? `SKU ${product.skuId}` : name.slice(0, MAX_NAME).trim();
}

/** Reward images must be https (the admin panel and the widget show them on https pages); others are left out. */
function usableImage(url: string | null): string | null {
  if (url === null || url.length > MAX_IMAGE_URL) return null;
  try {
    return new URL(url).protocol === 'https:' ? url : null;
  } catch {
    return null;
  }
}

const PRODUCT_FIELDS: Omit<RewardFields, 'name' | 'imageUrl' | 'cost' | 'skuId'> = {
  kind: 'product', description: null, discountCents: null, discountPercent: null, minOrderCents: null,
  activeFrom: null, activeUntil: null, stock: null, perMemberLimit: null, active: true,
};

/**
 * The reward a SKU seen for the first time becomes: active (the merchant may switch it off),
 * available as VTEX says. Without a price yet (not on sale) it costs 1 point until a refresh sees one;
 * being unavailable, it cannot be redeemed meanwhile.
 */
export function newProductReward(product: CatalogProduct, rule: ProductCostRule, identity: { tenantId: string; id: string; now: Date }): Reward {
  const price = offeredPrice(product);
  return {
    ...PRODUCT_FIELDS,
    name: productName(product),
    imageUrl: usableImage(product.imageUrl),
    cost: productCost(price ?? 0, rule),
    skuId: product.skuId,
    source: 'vtex',
    priceCents: price,
    ...productAvailability(product),
    costEdited: false,
    vtexPromotionId: null,
    issueError: null,
    tenantId: identity.tenantId,
    id: identity.id,
    createdAt: identity.now,
    updatedAt: identity.now,
  };
}

/** The catalog fields a refresh writes; everything else on the reward is the merchant's. */
export type RefreshedProductFields = Pick<Reward, 'name' | 'imageUrl' | 'priceCents' | 'cost' | 'available' | 'unavailableReason'>;

/**
 * An imported reward brought up to date with VTEX (`product` null: VTEX no longer has the SKU),
 * or null when nothing changed. The cost is recomputed from the price (the last one seen while
 * the SKU is not on sale) unless the merchant set it; `active` is never touched.
 */
export function refreshProductReward(current: Reward, product: CatalogProduct | null, rule: ProductCostRule, now: Date): Reward | null {
  const price = (product && offeredPrice(product)) ?? current.priceCents;
  const next: RefreshedProductFields = {
    name: product ? productName(product) : current.name,
    imageUrl: product ? usableImage(product.imageUrl) : current.imageUrl,
    priceCents: price,
    cost: current.costEdited || price === null ? current.cost : productCost(price, rule),
    ...productAvailability(product),
  };
  const changed = (Object.keys(next) as (keyof RefreshedProductFields)[]).some((field) => next[field] !== current[field]);
  return changed ? { ...current, ...next, updatedAt: now } : null;
}
