// Issuing a reward's coupons in VTEX (VTEX-API.md §6): one promotion per reward, linked by its
// utmSource to single-use coupons, one per redemption. The calls are made while a shopper waits,
// so they are patient only briefly (short timeout, two tries); the redemption job retries later.
import type { VtexConnection } from '../../app/ports';
import type { RewardPromotion, VtexCouponGateway, VtexCouponGatewayFactory } from '../../app/rewards/ports';
import type { VtexClientOptions } from './http-transport';
import type { VtexPromotion, VtexPromotionInput } from './promotions';
import { clientFor, perConnection, toVtexRead } from './per-connection';

const read = toVtexRead;

const units = (cents: number) => cents / 100;

/**
 * What VTEX is asked to give for each kind of reward. A product is 100 % off one unit of its SKU
 * (the shopper adds it to the cart), the option VTEX-API.md §6.3 calls verifiable.
 */
export function promotionInput(promotion: RewardPromotion, beginDateUtc: string): VtexPromotionInput {
  const base: VtexPromotionInput = {
    name: `Pontua: ${promotion.name}`.slice(0, 150),
    description: `Loyalty reward ${promotion.rewardId}: coupons issued by Pontua, one per redemption.`,
    type: 'regular',
    isActive: true,
    origin: 'marketplace',
    beginDateUtc,
    endDateUtc: null,
    utmSource: promotion.utmSource,
    cumulative: false,
    percentualShippingDiscountValue: 0,
    ...(promotion.minOrderCents !== null ? { extra: { totalValueFloor: units(promotion.minOrderCents) } } : {}),
  };
  switch (promotion.kind) {
    case 'product':
      return {
        ...base,
        discountType: 'percentual',
        percentualDiscountValue: 100,
        skus: [{ id: promotion.skuId ?? '', name: promotion.name }],
        skusAreInclusive: true,
        maxNumberOfAffectedItems: 1,
        maxNumberOfAffectedItemsGroupKey: 'perCart',
      };
    case 'fixed_discount':
      return { ...base, discountType: 'nominal', nominalDiscountValue: units(promotion.discountCents ?? 0), nominalDiscountType: 'cart' };
    case 'percent_discount':
      return { ...base, discountType: 'percentual', percentualDiscountValue: promotion.discountPercent ?? 0 };
    case 'free_shipping':
      return { ...base, discountType: 'percentual', percentualDiscountValue: 0, percentualShippingDiscountValue: 100 };
  }
}

/** The fields that decide what a coupon gives: equal means the stored promotion is still right. */
function terms(fields: Record<string, unknown>) {
  const number = (name: string) => (typeof fields[name] === 'number' ? fields[name] : 0);
  const skus = Array.isArray(fields.skus) ? fields.skus.map((sku) => String((sku as { id?: unknown }).id ?? '')).sort() : [];
  return JSON.stringify({
    utmSource: typeof fields.utmSource === 'string' ? fields.utmSource.toLowerCase() : null,
    percent: number('percentualDiscountValue'),
    nominal: number('nominalDiscountValue'),
    shipping: number('percentualShippingDiscountValue'),
    floor: number('totalValueFloor'),
    skus,
  });
}

function wanted(input: VtexPromotionInput): Record<string, unknown> {
  return { ...input.extra, ...input };
}

function gives(stored: VtexPromotion, input: VtexPromotionInput): boolean {
  return stored.isActive && !stored.isArchived && terms(stored.raw) === terms(wanted(input));
}

export function vtexCouponGatewayFactory(options: Pick<VtexClientOptions, 'baseUrlTemplate' | 'concurrency' | 'timeoutMs'> & { now?: () => Date } = {}): VtexCouponGatewayFactory {
  const now = options.now ?? (() => new Date());
  return perConnection((connection: VtexConnection): VtexCouponGateway => {
    const client = clientFor(connection, {
      baseUrlTemplate: options.baseUrlTemplate,
      // Every redemption of the store at once needs its coupon call: VTEX's own limits, not ours, should pace them.
      concurrency: options.concurrency ?? 32,
      timeoutMs: options.timeoutMs ?? 5_000,
      retry: { maxAttempts: 2, baseDelayMs: 200, maxBackoffMs: 1_000, maxRetryAfterMs: 2_000, rateLimitFloorMs: 1_000 },
    });
    return {
      async findPromotion(utmSource) {
        return read(await client.listPromotions(), (list) =>
          list.promotions.find((promotion) => !promotion.isArchived && promotion.utmSource?.toLowerCase() === utmSource.toLowerCase())?.id ?? null);
      },
      async createPromotion(promotion) {
        return read(await client.createPromotion(promotionInput(promotion, now().toISOString())), (saved) => saved.id);
      },
      async confirmPromotion(promotionId, promotion) {
        const stored = await client.getPromotion(promotionId);
        if (!stored.ok) return read(stored, () => promotionId);
        const input = promotionInput(promotion, stored.value.beginDateUtc ?? now().toISOString());
        if (gives(stored.value, input)) return { ok: true, value: promotionId };
        const saved = await client.updatePromotion(promotionId, input);
        if (!saved.ok) return read(saved, () => promotionId);
        return gives(saved.value, input)
          ? { ok: true, value: promotionId }
          : { ok: false, retryable: false, message: `VTEX saved promotion ${promotionId} without the reward's terms (read back: ${terms(saved.value.raw)})` };
      },
      async saveCoupon(couponCode, utmSource) {
        return read(await client.createCoupon({ couponCode, utmSource, maxUsage: 1, maxItemsPerClient: 1, expirationIntervalPerUse: '00:00:00' }), () => undefined);
      },
      async archiveCoupon(couponCode) {
        const archived = await client.archiveCoupon(couponCode);
        if (!archived.ok && archived.error.kind === 'not_found') return { ok: true, value: undefined };
        return read(archived, () => undefined);
      },
      async couponOrders(couponCode) {
        const usage = await client.getCouponUsage(couponCode);
        if (!usage.ok && usage.error.kind === 'not_found') return { ok: true, value: [] };
        return read(usage, (value) => value.uses.map((use) => use.orderId));
      },
    };
  });
}
