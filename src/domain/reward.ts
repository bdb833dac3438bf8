// What points buy: a catalog product given free, an amount or a percentage off the order, or free
// shipping — each paid out as a single-use VTEX coupon. A reward's rules (active window, stock,
// limit per member, minimum order) are checked when it is redeemed.
import { invalidFields, type FieldError } from './errors';

export const REWARD_KINDS = ['product', 'fixed_discount', 'percent_discount', 'free_shipping'] as const;
export type RewardKind = (typeof REWARD_KINDS)[number];

export interface RewardFields {
  kind: RewardKind;
  name: string;
  description: string | null;
  imageUrl: string | null;
  /** Points a member pays. */
  cost: number;
  /** The VTEX SKU given free (`product` only). */
  skuId: string | null;
  /** Amount off the order in cents (`fixed_discount` only). */
  discountCents: number | null;
  /** Percent off the order, up to two decimals (`percent_discount` only). */
  discountPercent: number | null;
  /** The order total the coupon needs, in cents (VTEX's minimum cart value). */
  minOrderCents: number | null;
  activeFrom: Date | null;
  activeUntil: Date | null;
  /** Coupons left to give; null: unlimited. */
  stock: number | null;
  /** Redemptions of this reward per member; null: unlimited. */
  perMemberLimit: number | null;
  active: boolean;
}

export type RewardSource = 'manual' | 'vtex';

/** What the system keeps about a reward besides the merchant's fields. */
export interface RewardState {
  /** manual: the merchant defined it; vtex: imported from the catalog and refreshed from it. */
  source: RewardSource;
  /** The SKU's price in cents when imported from VTEX. */
  priceCents: number | null;
  /** Whether VTEX offers the SKU now (imported rewards); a reward redeems only when active and available. */
  available: boolean;
  unavailableReason: string | null;
  /** The merchant set the cost of an imported reward: the catalog refresh keeps it. */
  costEdited: boolean;
  /** The VTEX promotion its coupons activate, created when its first coupon is issued. */
  vtexPromotionId: string | null;
  /** Why its coupons cannot be issued now (e.g. the store's active-promotions limit). */
  issueError: string | null;
}

export interface Reward extends RewardFields, RewardState {
  tenantId: string;
  id: string;
  createdAt: Date;
  updatedAt: Date;
}

export const MANUAL_REWARD_STATE: RewardState = {
  source: 'manual', priceCents: null, available: true, unavailableReason: null, costEdited: false, vtexPromotionId: null, issueError: null,
};

/** What a caller may send: every field optional on update, dates as ISO text. */
export type RewardInput = Partial<Omit<RewardFields, 'activeFrom' | 'activeUntil'> & { activeFrom: string | null; activeUntil: string | null }>;

const MAX_POINTS = 1_000_000_000;
const MAX_CENTS = 100_000_000_00;
const SKU_ID = /^[A-Za-z0-9_-]{1,50}$/;

function text(errors: FieldError[], field: string, value: unknown, max: number, required: boolean): string | null | undefined {
  if (value === undefined) return undefined;
  if (value === null) {
    if (required) errors.push({ field, message: 'is required' });
    return null;
  }
  if (typeof value !== 'string' || value.trim().length === 0 || value.length > max) {
    errors.push({ field, message: `must be text of 1 to ${max} characters` });
    return undefined;
  }
  return value.trim();
}

function whole(errors: FieldError[], field: string, value: unknown, min: number, max: number): number | null | undefined {
  if (value === undefined || value === null) return value;
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < min || value > max) {
    errors.push({ field, message: `must be a whole number from ${min} to ${max}` });
    return undefined;
  }
  return value;
}

function date(errors: FieldError[], field: string, value: unknown): Date | null | undefined {
  if (value === undefined || value === null) return value;
  const parsed = typeof value === 'string' && /^\d{4}-\d{2}-\d{2}T/.test(value) ? new Date(value) : null;
  if (!parsed || Number.isNaN(parsed.getTime())) {
    errors.push({ field, message: 'must be an ISO 8601 date and time, e.g. 2026-12-01T00:00:00Z' });
    return undefined;
  }
  return parsed;
}

function httpsUrl(errors: FieldError[], field: string, value: unknown): string | null | undefined {
  const url = text(errors, field, value, 2_000, false);
  if (typeof url !== 'string') return url;
  try {
    if (new URL(url).protocol === 'https:') return url;
  } catch {
    // reported below
  }
  errors.push({ field, message: 'must be an https URL' });
  return undefined;
}

/**
 * The reward `input` describes, on top of `current` when it changes one: every invalid field is
 * reported at once (VALIDATION_FAILED), including rules between fields (a `product` needs a SKU,
 * a discount its amount, the window must end after it starts).
 */
export function validateReward(input: RewardInput, current: RewardFields | null): RewardFields {
  const errors: FieldError[] = [];
  let kind: RewardKind | undefined = current?.kind;
  if (input.kind !== undefined) {
    if (REWARD_KINDS.includes(input.kind)) kind = input.kind;
    else errors.push({ field: 'kind', message: `must be one of ${REWARD_KINDS.join(', ')}` });
  } else if (!current) {
    errors.push({ field: 'kind', message: 'is required' });
  }
  const name = text(errors, 'name', input.name, 200, true);
  if (name === undefined && !current && input.name === undefined) errors.push({ field: 'name', message: 'is required' });
  const description = text(errors, 'description', input.description, 2_000, false);
  const imageUrl = httpsUrl(errors, 'imageUrl', input.imageUrl);
  const cost = whole(errors, 'cost', input.cost, 1, MAX_POINTS);
  if (input.cost === null || (input.cost === undefined && !current)) errors.push({ field: 'cost', message: 'is required: a whole number of points from 1' });
  let skuId: string | null | undefined = input.skuId;
  if (skuId !== undefined && skuId !== null && (typeof skuId !== 'string' || !SKU_ID.test(skuId))) {
    errors.push({ field: 'skuId', message: 'must be a VTEX SKU id (letters, digits, - and _, up to 50)' });
    skuId = undefined;
  }
  const discountCents = whole(errors, 'discountCents', input.discountCents, 1, MAX_CENTS);
  let discountPercent: number | null | undefined = input.discountPercent;
  if (discountPercent !== undefined && discountPercent !== null) {
    const valid = typeof discountPercent === 'number' && Number.isFinite(discountPercent) && discountPercent > 0 && discountPercent <= 100
      && Math.round(discountPercent * 100) === discountPercent * 100;
    if (!valid) {
      errors.push({ field: 'discountPercent', message: 'must be more than 0 and at most 100, with up to two decimals' });
      discountPercent = undefined;
    }
  }
  const minOrderCents = whole(errors, 'minOrderCents', input.minOrderCents, 1, MAX_CENTS);
  const activeFrom = date(errors, 'activeFrom', input.activeFrom);
  const activeUntil = date(errors, 'activeUntil', input.activeUntil);
  const stock = whole(errors, 'stock', input.stock, 0, MAX_POINTS);
  const perMemberLimit = whole(errors, 'perMemberLimit', input.perMemberLimit, 1, 10_000);
  if (input.active !== undefined && typeof input.active !== 'boolean') errors.push({ field: 'active', message: 'must be true or false' });

  const pick = <T>(value: T | undefined, old: T | undefined, fallback: T): T => (value !== undefined ? value : old !== undefined ? old : fallback);
  const merged: RewardFields = {
    kind: kind ?? 'fixed_discount',
    name: pick(name ?? undefined, current?.name, ''),
    description: pick(description, current?.description, null),
    imageUrl: pick(imageUrl, current?.imageUrl, null),
    cost: pick(cost ?? undefined, current?.cost, 0),
    skuId: pick(skuId, current?.skuId, null),
    discountCents: pick(discountCents, current?.discountCents, null),
    discountPercent: pick(discountPercent, current?.discountPercent, null),
    minOrderCents: pick(minOrderCents, current?.minOrderCents, null),
    activeFrom: pick(activeFrom, current?.activeFrom, null),
    activeUntil: pick(activeUntil, current?.activeUntil, null),
    stock: pick(stock, current?.stock, null),
    perMemberLimit: pick(perMemberLimit, current?.perMemberLimit, null),
    active: typeof input.active === 'boolean' ? input.active : (current?.active ?? true),
  };
  if (errors.length === 0) {
    // The fields each kind needs, and the ones it cannot have (a kind change clears the others).
    const needs: Record<RewardKind, keyof RewardFields | null> = {
      product: 'skuId',
      fixed_discount: 'discountCents',
      percent_discount: 'discountPercent',
      free_shipping: null,
    };
    const need = needs[merged.kind];
    if (need && merged[need] === null) errors.push({ field: need, message: `is required for a ${merged.kind} reward` });
    for (const other of ['skuId', 'discountCents', 'discountPercent'] as const) {
      if (other === need || merged[other] === null) continue;
      if (input[other] !== undefined) errors.push({ field: other, message: `does not apply to a ${merged.kind} reward` });
      else merged[other] = null;
    }
    if (merged.activeFrom && merged.activeUntil && merged.activeUntil <= merged.activeFrom) {
      errors.push({ field: 'activeUntil', message: 'must be after activeFrom' });
    }
  }
  if (errors.length > 0) throw invalidFields(errors);
  return merged;
}

/** Why a member cannot redeem the reward now, or null. */
export function unavailableReason(reward: RewardFields & Partial<Pick<RewardState, 'available' | 'unavailableReason'>>, now: Date): string | null {
  if (!reward.active) return 'the reward is not active';
  if (reward.available === false) return `the product is not available in the store${reward.unavailableReason ? ` (${reward.unavailableReason})` : ''}`;
  if (reward.activeFrom && now < reward.activeFrom) return 'the reward is not available yet';
  if (reward.activeUntil && now >= reward.activeUntil) return 'the reward is no longer available';
  if (reward.stock !== null && reward.stock <= 0) return 'the reward is out of stock';
  return null;
}
