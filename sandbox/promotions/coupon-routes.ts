// Coupons v1 (VTEX-API.md §6.1): create/update, get, list, archive/unarchive, usage, and the two
// bulk generators. Resource: Manage benefits and rates.

import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { AreaKit } from '../core/area';
import { RESOURCES } from '../core/license-resources';
import { randomSuffix, readCouponBody, renderCoupon, type StoredCoupon } from './coupon-config';
import { dotnetUtc, isJsonObject, validationProblem, type JsonObject } from './json';
import { promotionsStateKey, type PromotionsState } from './promotions-state';

type CodeParams = { Params: { account: string; code: string } };

export const MAX_COUPONS_PER_CONFIGURATION = 1000;
const SINGLE_REQUIRED = ['utmSource', 'couponCode', 'maxItemsPerClient', 'expirationIntervalPerUse'];
// The bulk routes' schemas also require utmCampaign.
const BULK_REQUIRED = [...SINGLE_REQUIRED, 'utmCampaign'];

/** A JSON string body (archive/unarchive answer the bare code). */
function sendJsonString(reply: FastifyReply, text: string): FastifyReply {
  return reply.header('content-type', 'application/json; charset=utf-8').send(JSON.stringify(text));
}

function validQuantity(value: unknown): value is number {
  return typeof value === 'number' && Number.isInteger(value) && value >= 1 && value <= MAX_COUPONS_PER_CONFIGURATION;
}

const QUANTITY_MESSAGE = `The field quantity must be between 1 and ${MAX_COUPONS_PER_CONFIGURATION}.`;

/** quantity 1 keeps the code; more add a random suffix, and every code remembers its origin. */
function generate(state: PromotionsState, base: Omit<StoredCoupon, 'lastModifiedMs' | 'groupingKey'>, quantity: number, nowMs: number): string[] {
  const codes: string[] = [];
  while (codes.length < quantity) {
    const couponCode = quantity === 1 ? base.couponCode : `${base.couponCode}-${randomSuffix()}`;
    if (quantity > 1 && state.coupon(couponCode)) continue;
    codes.push(state.saveCoupon({ ...base, couponCode, groupingKey: base.couponCode, lastModifiedMs: nowMs }).coupon.couponCode);
  }
  return codes;
}

export function registerCouponRoutes(scope: FastifyInstance, kit: AreaKit): void {
  const onRequest = kit.gate({ resources: [RESOURCES.manageBenefitsAndRates] });
  const state = (request: FastifyRequest): PromotionsState => kit.account(request).state(promotionsStateKey(kit.ctx));
  const notFound = (reply: FastifyReply, code: string): FastifyReply => kit.fail(reply, 404, `Coupon ${code} not found`);

  scope.post('/api/rnb/pvt/coupon', { onRequest }, async (request, reply) => {
    const input = readCouponBody(request.body, SINGLE_REQUIRED);
    if (!input.ok) return reply.code(400).send(validationProblem(input.errors));
    const { created, coupon } = state(request).saveCoupon({ ...input.coupon, groupingKey: null, lastModifiedMs: kit.ctx.clock.now() });
    return reply.code(created ? 201 : 200).send(renderCoupon(coupon));
  });

  scope.get('/api/rnb/pvt/coupon', { onRequest }, async (request) =>
    state(request).allCoupons().filter((c) => !c.isArchived).map(renderCoupon));

  scope.get<CodeParams>('/api/rnb/pvt/coupon/:code', { onRequest }, async (request, reply) => {
    const coupon = state(request).coupon(request.params.code);
    return coupon ? renderCoupon(coupon) : notFound(reply, request.params.code);
  });

  scope.get<CodeParams>('/api/rnb/pvt/archive/coupon/:code', { onRequest }, async (request, reply) => {
    const coupon = state(request).coupon(request.params.code);
    return coupon?.isArchived ? renderCoupon(coupon) : notFound(reply, request.params.code);
  });

  for (const [path, archived] of [['archive', true], ['unarchive', false]] as const) {
    scope.post<CodeParams>(`/api/rnb/pvt/${path}/coupon/:code`, { onRequest }, async (request, reply) => {
      const coupon = state(request).setCouponArchived(request.params.code, archived, kit.ctx.clock.now());
      return coupon ? sendJsonString(reply, coupon.couponCode) : notFound(reply, request.params.code);
    });
  }

  scope.get<CodeParams>('/api/rnb/pvt/coupon/usage/:code', { onRequest }, async (request, reply) => {
    const promotions = state(request);
    const coupon = promotions.coupon(request.params.code);
    if (!coupon) return notFound(reply, request.params.code);
    const profileUsages: Record<string, { orderUsage: JsonObject[] }> = {};
    for (const use of promotions.usesOf(coupon.couponCode)) {
      (profileUsages[use.userId] ??= { orderUsage: [] }).orderUsage.push({ orderId: use.orderId, usageDateUtc: dotnetUtc(use.usageMs) });
    }
    return { hostName: kit.account(request).name, couponCode: coupon.couponCode, profileUsages };
  });

  scope.post('/api/rnb/pvt/multiple-coupons', { onRequest }, async (request, reply) => {
    const body = request.body;
    if (!Array.isArray(body)) return reply.code(400).send(validationProblem({ '$': ['The JSON value could not be converted to a list of coupon configurations.'] }));
    const errors: Record<string, string[]> = {};
    const planned: { quantity: number; coupon: Omit<StoredCoupon, 'lastModifiedMs' | 'groupingKey'> }[] = [];
    body.forEach((entry: unknown, index) => {
      const quantity = isJsonObject(entry) ? entry.quantity : undefined;
      if (!validQuantity(quantity)) (errors[`[${index}].quantity`] ??= []).push(QUANTITY_MESSAGE);
      const input = readCouponBody(isJsonObject(entry) ? entry.couponConfiguration : undefined, BULK_REQUIRED);
      if (!input.ok) {
        for (const [key, messages] of Object.entries(input.errors)) errors[`[${index}].couponConfiguration.${key}`] = messages;
      } else if (validQuantity(quantity)) {
        planned.push({ quantity, coupon: input.coupon });
      }
    });
    if (body.length === 0) errors['$'] = ['At least one coupon configuration is required.'];
    // All or nothing: a bad entry creates no coupon at all.
    if (Object.keys(errors).length > 0) return reply.code(400).send(validationProblem(errors));
    const now = kit.ctx.clock.now();
    return planned.flatMap(({ quantity, coupon }) => generate(state(request), coupon, quantity, now));
  });

  scope.post<{ Params: { account: string }; Querystring: { quantity?: string } }>('/api/rnb/pvt/coupons', { onRequest }, async (request, reply) => {
    const quantity = Number(request.query.quantity);
    const input = readCouponBody(request.body, BULK_REQUIRED);
    const errors = input.ok ? {} : { ...input.errors };
    if (!validQuantity(quantity)) Object.assign(errors, { quantity: [QUANTITY_MESSAGE] });
    if (!input.ok || Object.keys(errors).length > 0) return reply.code(400).send(validationProblem(errors));
    return generate(state(request), input.coupon, quantity, kit.ctx.clock.now());
  });
}
