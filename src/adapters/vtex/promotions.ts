// Rates and Benefits promotions (calculatorconfiguration), VTEX-API.md §6.3. A reward type is
// one promotion, linked to its single-use coupons through utmSource; Pontua types the fields it
// sets and passes any other field through untouched.

import type { VtexTransport } from './http-transport';
import {
  asArray, asObject, decode, optionalBoolean, optionalDate, optionalString, requiredBoolean, requiredId, requiredInteger,
  requiredObject, requiredString, type JsonObject,
} from './json-reader';
import { badInput, mapResult, type VtexResult } from './result';

export interface VtexPromotionInput {
  name: string;
  description?: string;
  /** Default `regular`. */
  type?: string;
  isActive: boolean;
  beginDateUtc: string;
  endDateUtc?: string | null;
  utmSource?: string;
  utmCampaign?: string;
  discountType?: string;
  percentualDiscountValue?: number;
  /** Currency units, not cents (VTEX-API.md §6.3). */
  nominalDiscountValue?: number;
  nominalDiscountType?: 'item' | 'cart';
  /** Required by VTEX; default 0. */
  percentualShippingDiscountValue?: number;
  skus?: { id: string; name: string }[];
  skusAreInclusive?: boolean;
  skusGift?: { gifts: string[]; quantitySelectable: number };
  maxNumberOfAffectedItems?: number;
  maxNumberOfAffectedItemsGroupKey?: 'perCart' | 'perProductId' | 'perSku';
  cumulative?: boolean;
  maxUsage?: number;
  maxUsagePerClient?: number;
  idsSalesChannel?: string[];
  /** Default `marketplace`. */
  origin?: 'marketplace' | 'Fulfillment';
  /** Any other calculatorconfiguration field, sent as is. */
  extra?: Readonly<JsonObject>;
}

export interface VtexPromotion {
  id: string;
  name: string;
  type: string;
  isActive: boolean;
  isArchived: boolean;
  beginDateUtc: string | null;
  endDateUtc: string | null;
  utmSource: string | null;
  utmCampaign: string | null;
  raw: JsonObject;
}

export interface VtexPromotionSummary {
  id: string;
  name: string;
  isActive: boolean;
  isArchived: boolean;
  utmSource: string | null;
  /** VTEX's list status: `active` or `inactive`. */
  status: string;
}

export interface VtexPromotionList {
  promotions: VtexPromotionSummary[];
  activesCount: number;
  /** VTEX allows this many active promotions (100). */
  limit: number;
}

const PROMOTION_ID = /^[A-Za-z0-9-]+$/;

function promotionBody(input: VtexPromotionInput, id?: string): JsonObject {
  const { extra, ...fields } = input;
  const body: JsonObject = { ...extra, type: 'regular', origin: 'marketplace', percentualShippingDiscountValue: 0 };
  // An explicit `undefined` must not erase a default VTEX requires.
  for (const [name, value] of Object.entries(fields)) if (value !== undefined) body[name] = value;
  if (id !== undefined) body.idCalculatorConfiguration = id;
  return body;
}

function readPromotion(body: unknown): VtexPromotion {
  const promotion = asObject(body, 'promotion');
  const text = (name: string): string | null => {
    const value = optionalString(promotion, name, 'promotion');
    return value === '' ? null : value;
  };
  return {
    id: requiredId(promotion, 'idCalculatorConfiguration', 'promotion'),
    name: requiredString(promotion, 'name', 'promotion'),
    type: requiredString(promotion, 'type', 'promotion'),
    isActive: requiredBoolean(promotion, 'isActive', 'promotion'),
    isArchived: optionalBoolean(promotion, 'isArchived', 'promotion') ?? false,
    beginDateUtc: optionalDate(promotion, 'beginDateUtc', 'promotion'),
    endDateUtc: optionalDate(promotion, 'endDateUtc', 'promotion'),
    utmSource: text('utmSource'),
    utmCampaign: text('utmCampaign'),
    raw: promotion,
  };
}

function readPromotionList(body: unknown): VtexPromotionList {
  const list = asObject(body, 'promotions');
  const limits = requiredObject(list, 'limitConfiguration', 'promotions');
  return {
    promotions: asArray(list.items, 'promotions.items').map((entry, index) => {
      const path = `promotions.items[${index}]`;
      const row = asObject(entry, path);
      const utmSource = optionalString(row, 'utmSource', path);
      return {
        id: requiredId(row, 'idCalculatorConfiguration', path),
        name: requiredString(row, 'name', path),
        isActive: requiredBoolean(row, 'isActive', path),
        isArchived: optionalBoolean(row, 'isArchived', path) ?? false,
        utmSource: utmSource === '' ? null : utmSource,
        status: requiredString(row, 'status', path),
      };
    }),
    activesCount: requiredInteger(limits, 'activesCount', 'promotions.limitConfiguration'),
    limit: requiredInteger(limits, 'limit', 'promotions.limitConfiguration'),
  };
}

export function promotionEndpoints(transport: VtexTransport) {
  const save = async (endpoint: 'createPromotion' | 'updatePromotion', body: JsonObject): Promise<VtexResult<VtexPromotion>> => {
    const response = await transport.send({ endpoint, method: 'POST', path: '/api/rnb/pvt/calculatorconfiguration', body });
    return mapResult(response, ({ body: saved }) => decode('saved promotion', saved, readPromotion));
  };

  return {
    /** bad_request carries VTEX's field errors, including the 101st active promotion. */
    createPromotion: (input: VtexPromotionInput): Promise<VtexResult<VtexPromotion>> => save('createPromotion', promotionBody(input)),

    /** Sends the whole promotion: VTEX replaces what it stores with the body. */
    async updatePromotion(id: string, input: VtexPromotionInput): Promise<VtexResult<VtexPromotion>> {
      if (!PROMOTION_ID.test(id)) return badInput('promotion id must be letters, digits and dashes');
      return save('updatePromotion', promotionBody(input, id));
    },

    async getPromotion(id: string): Promise<VtexResult<VtexPromotion>> {
      if (!PROMOTION_ID.test(id)) return badInput('promotion id must be letters, digits and dashes');
      const response = await transport.send({ endpoint: 'getPromotion', method: 'GET', path: `/api/rnb/pvt/calculatorconfiguration/${id}` });
      return mapResult(response, ({ body }) => decode(`promotion ${id}`, body, readPromotion));
    },

    /** The promotions that are not archived, with the active count against VTEX's limit. */
    async listPromotions(): Promise<VtexResult<VtexPromotionList>> {
      const response = await transport.send({ endpoint: 'listPromotions', method: 'GET', path: '/api/rnb/pvt/benefits/calculatorconfiguration' });
      return mapResult(response, ({ body }) => decode('promotion list', body, readPromotionList));
    },
  };
}
