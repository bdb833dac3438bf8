// One account's rates-and-benefits data: promotions, coupons and coupon usage. It is also the
// account's CouponLedger, so orders placed through the order scenarios (control API, checkout)
// are checked against these coupons and recorded in their usage.

import { randomUUID } from 'node:crypto';
import { AccountStateKey } from '../core/account';
import type { SandboxContext } from '../core/area';
import type { CouponOffer } from '../data/coupon-benefit';
import { COUPONS } from '../data/order-facts';
import type { CouponLedger } from '../oms/coupon-ledger';
import type { ScenarioResult } from '../oms/order-scenarios';
import { parseTimeSpan, type StoredCoupon } from './coupon-config';
import { benefitOf, promotionFieldsFor } from './promotion-benefit';
import { isActiveAt, isRunningAt, readPromotionBody, type StoredPromotion } from './promotion-config';

export const ACTIVE_PROMOTIONS_LIMIT = 100;

export interface CouponUse {
  userId: string;
  orderId: string;
  usageMs: number;
}

export type SavePromotionResult =
  | { ok: true; promotion: StoredPromotion }
  | { ok: false; status: 400; errors: Record<string, string[]> }
  | { ok: false; status: 404; message: string };

/** The promotions every seeded order's coupon points at (data/order-facts COUPONS), and their coupons. */
const SEEDED_SINCE = '2020-01-01T00:00:00Z';

export class PromotionsState implements CouponLedger {
  private readonly promotions = new Map<string, StoredPromotion>();
  /** Keyed by lower-cased code: codes are matched without regard to case. */
  private readonly coupons = new Map<string, StoredCoupon>();
  private readonly uses = new Map<string, CouponUse[]>();

  constructor(createdMs: number) {
    for (const seeded of COUPONS) {
      const utm = seeded.code.toLowerCase();
      const input = readPromotionBody({
        name: seeded.promotionName, type: 'regular', isActive: true, origin: 'marketplace', beginDateUtc: SEEDED_SINCE,
        ...promotionFieldsFor(seeded.benefit), utmSource: utm,
      }, undefined);
      if (input.ok) this.promotions.set(seeded.promotionId, { id: seeded.promotionId, fields: input.fields, lastModifiedMs: createdMs });
      this.coupons.set(utm, {
        couponCode: seeded.code, utmSource: utm, utmCampaign: null, isArchived: false, maxItemsPerClient: 0,
        expirationIntervalPerUse: '00:00:00', maxUsage: null, groupingKey: null, lastModifiedMs: createdMs,
      });
    }
  }

  // ---- promotions

  promotion(id: string): StoredPromotion | undefined {
    return this.promotions.get(id);
  }

  allPromotions(): StoredPromotion[] {
    return [...this.promotions.values()];
  }

  activeCount(nowMs: number): number {
    let count = 0;
    for (const promotion of this.promotions.values()) if (isActiveAt(promotion, nowMs)) count += 1;
    return count;
  }

  /** Create (no id) or update (known id). A promotion that would become active past the limit is refused. */
  savePromotion(body: unknown, nowMs: number): SavePromotionResult {
    const requestedId = typeof body === 'object' && body !== null && 'idCalculatorConfiguration' in body ? body.idCalculatorConfiguration : undefined;
    const existing = typeof requestedId === 'string' && requestedId !== '' ? this.promotions.get(requestedId) : undefined;
    if (typeof requestedId === 'string' && requestedId !== '' && !existing) {
      return { ok: false, status: 404, message: `Promotion ${requestedId} not found` };
    }
    const input = readPromotionBody(body, existing?.fields);
    if (!input.ok) return { ok: false, status: 400, errors: input.errors };
    const promotion: StoredPromotion = { id: existing?.id ?? randomUUID(), fields: input.fields, lastModifiedMs: nowMs };
    const wasActive = existing !== undefined && isActiveAt(existing, nowMs);
    if (!wasActive && isActiveAt(promotion, nowMs) && this.activeCount(nowMs) >= ACTIVE_PROMOTIONS_LIMIT) {
      return { ok: false, status: 400, errors: { '': [`The account already has ${ACTIVE_PROMOTIONS_LIMIT} active promotions, the maximum allowed. Deactivate or archive one first.`] } };
    }
    this.promotions.set(promotion.id, promotion);
    return { ok: true, promotion };
  }

  /** Archive or unarchive; unarchiving may hit the active limit again. */
  setPromotionArchived(id: string, archived: boolean, nowMs: number): 'ok' | 'not-found' | 'limit' {
    const promotion = this.promotions.get(id);
    if (!promotion) return 'not-found';
    const next: StoredPromotion = { ...promotion, fields: { ...promotion.fields, isArchived: archived }, lastModifiedMs: nowMs };
    if (!archived && !isActiveAt(promotion, nowMs) && isActiveAt(next, nowMs) && this.activeCount(nowMs) >= ACTIVE_PROMOTIONS_LIMIT) return 'limit';
    this.promotions.set(id, next);
    return 'ok';
  }

  // ---- coupons

  coupon(code: string): StoredCoupon | undefined {
    return this.coupons.get(code.toLowerCase());
  }

  allCoupons(): StoredCoupon[] {
    return [...this.coupons.values()];
  }

  /** Same code = update (keeping the stored spelling); answers whether it was created. */
  saveCoupon(coupon: StoredCoupon): { created: boolean; coupon: StoredCoupon } {
    const key = coupon.couponCode.toLowerCase();
    const existing = this.coupons.get(key);
    const saved: StoredCoupon = existing
      ? { ...coupon, couponCode: existing.couponCode, groupingKey: coupon.groupingKey ?? existing.groupingKey }
      : coupon;
    this.coupons.set(key, saved);
    return { created: !existing, coupon: saved };
  }

  setCouponArchived(code: string, archived: boolean, nowMs: number): StoredCoupon | undefined {
    const coupon = this.coupons.get(code.toLowerCase());
    if (!coupon) return undefined;
    const next = { ...coupon, isArchived: archived, lastModifiedMs: nowMs };
    this.coupons.set(code.toLowerCase(), next);
    return next;
  }

  usesOf(code: string): readonly CouponUse[] {
    return this.uses.get(code.toLowerCase()) ?? [];
  }

  // ---- CouponLedger: what checkout asks

  resolve(code: string, userId: string, nowMs: number): ScenarioResult<CouponOffer> {
    const coupon = this.coupon(code);
    if (!coupon) return { ok: false, status: 400, message: `couponNotFound: the coupon code ${code} does not exist` };
    if (coupon.isArchived) return { ok: false, status: 409, message: `couponArchived: the coupon ${coupon.couponCode} is archived` };
    const uses = this.usesOf(code);
    if (coupon.maxUsage !== null && coupon.maxUsage > 0 && uses.length >= coupon.maxUsage) {
      return { ok: false, status: 409, message: `couponUsedUp: the coupon ${coupon.couponCode} reached its ${coupon.maxUsage} uses` };
    }
    if (coupon.maxItemsPerClient > 0) {
      const window = parseTimeSpan(coupon.expirationIntervalPerUse) ?? 0;
      const counted = uses.filter((use) => use.userId === userId && (window === 0 || use.usageMs + window > nowMs)).length;
      if (counted >= coupon.maxItemsPerClient) {
        return { ok: false, status: 409, message: `couponUsedUp: this shopper already used the coupon ${coupon.couponCode} ${counted} time(s)` };
      }
    }
    const promotions = this.promotionsFor(coupon, nowMs);
    if (promotions.length === 0) return { ok: false, status: 409, message: `couponExpired: no running promotion is linked to the coupon ${coupon.couponCode}` };
    // Read now rather than when the coupon was made: an updated promotion prices the next cart.
    return {
      ok: true,
      value: {
        code: coupon.couponCode,
        promotions: promotions.map((p) => ({ promotionId: p.id, promotionName: typeof p.fields.name === 'string' ? p.fields.name : '', benefit: benefitOf(p.fields) })),
      },
    };
  }

  recordUse(code: string, userId: string, orderId: string, nowMs: number): void {
    const key = code.toLowerCase();
    const list = this.uses.get(key) ?? [];
    list.push({ userId, orderId, usageMs: nowMs });
    this.uses.set(key, list);
  }

  /** A coupon activates every running promotion sharing its utmSource or utmCampaign (§6). */
  private promotionsFor(coupon: StoredCoupon, nowMs: number): StoredPromotion[] {
    const same = (a: unknown, b: string | null): boolean => typeof a === 'string' && a !== '' && b !== null && a.toLowerCase() === b.toLowerCase();
    return this.allPromotions().filter((p) => isRunningAt(p, nowMs) && p.fields.type !== 'tax'
      && (same(p.fields.utmSource, coupon.utmSource) || same(p.fields.utmCampaign, coupon.utmCampaign)));
  }
}

const keys = new WeakMap<SandboxContext, AccountStateKey<PromotionsState>>();

/** Per sandbox, so that each account's state is created with its sandbox's clock. */
export function promotionsStateKey(ctx: SandboxContext): AccountStateKey<PromotionsState> {
  let key = keys.get(ctx);
  if (!key) {
    key = new AccountStateKey('promotions', () => new PromotionsState(ctx.clock.now()));
    keys.set(ctx, key);
  }
  return key;
}
