// Coupons v1 (VTEX-API.md §6.1): one single-use code per redemption. A coupon is only a code;
// the discount lives in the promotion with the same utmSource. Coupons cannot be deleted, so a
// cancelled redemption archives its code.

import type { VtexTransport } from './http-transport';
import {
  asArray, asObject, decode, optionalBoolean, optionalInteger, optionalString, requiredDate, requiredString, type JsonObject,
} from './json-reader';
import { badInput, mapResult, ok, type VtexResult } from './result';

export interface VtexCouponInput {
  couponCode: string;
  utmSource: string;
  utmCampaign?: string;
  /** How many times the code can be used in the whole store. */
  maxUsage: number;
  /** How many uses one shopper gets. */
  maxItemsPerClient: number;
  /** `d.hh:mm:ss`: how long a use counts against maxItemsPerClient; default forever (`00:00:00`). */
  expirationIntervalPerUse?: string;
}

export interface VtexCoupon {
  couponCode: string;
  utmSource: string | null;
  utmCampaign: string | null;
  isArchived: boolean;
  maxUsage: number | null;
  maxItemsPerClient: number | null;
  expirationIntervalPerUse: string | null;
  raw: JsonObject;
}

export interface VtexCouponUse {
  /** The shopper's profile id, as VTEX keys the usage. */
  profileId: string;
  orderId: string;
  usageDateUtc: string;
}

export interface VtexCouponUsage {
  couponCode: string;
  uses: VtexCouponUse[];
}

const COUPON_CODE = /^[A-Za-z0-9_-]{1,100}$/;

function readCoupon(body: unknown): VtexCoupon {
  const coupon = asObject(body, 'coupon');
  return {
    couponCode: requiredString(coupon, 'couponCode', 'coupon'),
    utmSource: optionalString(coupon, 'utmSource', 'coupon'),
    utmCampaign: optionalString(coupon, 'utmCampaign', 'coupon'),
    isArchived: optionalBoolean(coupon, 'isArchived', 'coupon') ?? false,
    maxUsage: optionalInteger(coupon, 'maxUsage', 'coupon'),
    maxItemsPerClient: optionalInteger(coupon, 'maxItemsPerClient', 'coupon'),
    expirationIntervalPerUse: optionalString(coupon, 'expirationIntervalPerUse', 'coupon'),
    raw: coupon,
  };
}

function readUsage(body: unknown): VtexCouponUsage {
  const usage = asObject(body, 'usage');
  const uses: VtexCouponUse[] = [];
  const profiles = usage.profileUsages === undefined || usage.profileUsages === null ? {} : asObject(usage.profileUsages, 'usage.profileUsages');
  for (const [profileId, profileValue] of Object.entries(profiles)) {
    const path = `usage.profileUsages.${profileId}`;
    const profile = asObject(profileValue, path);
    asArray(profile.orderUsage, `${path}.orderUsage`).forEach((entry, index) => {
      const use = asObject(entry, `${path}.orderUsage[${index}]`);
      uses.push({
        profileId,
        orderId: requiredString(use, 'orderId', `${path}.orderUsage[${index}]`),
        usageDateUtc: requiredDate(use, 'usageDateUtc', `${path}.orderUsage[${index}]`),
      });
    });
  }
  return { couponCode: requiredString(usage, 'couponCode', 'usage'), uses };
}

function codeProblem(code: string): string | undefined {
  return COUPON_CODE.test(code) ? undefined : 'couponCode must be 1–100 letters, digits, - or _';
}

export function couponEndpoints(transport: VtexTransport) {
  return {
    /** Creates the coupon, or updates the one with the same code (VTEX has one call for both). */
    async createCoupon(input: VtexCouponInput): Promise<VtexResult<VtexCoupon>> {
      const problem = codeProblem(input.couponCode);
      if (problem !== undefined) return badInput(problem);
      const response = await transport.send({
        endpoint: 'createCoupon',
        method: 'POST',
        path: '/api/rnb/pvt/coupon',
        body: {
          couponCode: input.couponCode,
          utmSource: input.utmSource,
          utmCampaign: input.utmCampaign ?? null,
          isArchived: false,
          maxUsage: input.maxUsage,
          maxItemsPerClient: input.maxItemsPerClient,
          expirationIntervalPerUse: input.expirationIntervalPerUse ?? '00:00:00',
        },
      });
      return mapResult(response, ({ body }) => decode('saved coupon', body, readCoupon));
    },

    /** not_found for an unknown code. */
    async getCoupon(code: string): Promise<VtexResult<VtexCoupon>> {
      const problem = codeProblem(code);
      if (problem !== undefined) return badInput(problem);
      const response = await transport.send({ endpoint: 'getCoupon', method: 'GET', path: `/api/rnb/pvt/coupon/${code}` });
      return mapResult(response, ({ body }) => decode(`coupon ${code}`, body, readCoupon));
    },

    /** Archiving an archived coupon succeeds again, so a retried cancellation is harmless. */
    async archiveCoupon(code: string): Promise<VtexResult<void>> {
      const problem = codeProblem(code);
      if (problem !== undefined) return badInput(problem);
      const response = await transport.send({ endpoint: 'archiveCoupon', method: 'POST', path: `/api/rnb/pvt/archive/coupon/${code}` });
      return mapResult(response, () => ok(undefined));
    },

    /** The orders that used the code, per shopper profile. */
    async getCouponUsage(code: string): Promise<VtexResult<VtexCouponUsage>> {
      const problem = codeProblem(code);
      if (problem !== undefined) return badInput(problem);
      const response = await transport.send({ endpoint: 'getCouponUsage', method: 'GET', path: `/api/rnb/pvt/coupon/usage/${code}` });
      return mapResult(response, ({ body }) => decode(`usage of coupon ${code}`, body, readUsage));
    },
  };
}
