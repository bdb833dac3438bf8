// A v1 coupon (VTEX-API.md §6.1): only a code linked to promotions through utmSource/utmCampaign,
// with usage limits. Here: reading a create body, the `d.hh:mm:ss` interval, and the JSON form.

import { randomInt } from 'node:crypto';
import { dotnetUtc, isJsonObject, type JsonObject } from './json';

export interface StoredCoupon {
  couponCode: string;
  utmSource: string;
  utmCampaign: string | null;
  isArchived: boolean;
  /** Uses allowed per shopper; 0 = no limit. */
  maxItemsPerClient: number;
  /** As sent (`d.hh:mm:ss`): how long one use counts against maxItemsPerClient; zero = forever. */
  expirationIntervalPerUse: string;
  /** Uses allowed in the whole store; null or 0 = no limit. */
  maxUsage: number | null;
  /** The code it was generated from by multiple-coupons or coupons?quantity=. */
  groupingKey: string | null;
  lastModifiedMs: number;
}

export type CouponInput = { ok: true; coupon: Omit<StoredCoupon, 'lastModifiedMs' | 'groupingKey'> } | { ok: false; errors: Record<string, string[]> };

const TIME_SPAN = /^(?:(\d+)\.)?(\d{1,2}):([0-5]\d):([0-5]\d)(?:\.\d{1,7})?$/;

/** Milliseconds of a .NET TimeSpan text, or undefined when it is not one. */
export function parseTimeSpan(text: string): number | undefined {
  const match = TIME_SPAN.exec(text);
  if (!match) return undefined;
  const [days, hours, minutes, seconds] = [match[1] ?? '0', match[2] ?? '0', match[3] ?? '0', match[4] ?? '0'].map(Number);
  if (hours === undefined || hours > 23) return undefined;
  return ((((days ?? 0) * 24 + hours) * 60 + (minutes ?? 0)) * 60 + (seconds ?? 0)) * 1000;
}

/**
 * `required` lists the fields that must be present: the single-coupon route requires utmSource,
 * couponCode, maxItemsPerClient and expirationIntervalPerUse; the bulk ones also utmCampaign.
 */
export function readCouponBody(body: unknown, required: readonly string[]): CouponInput {
  if (!isJsonObject(body)) return { ok: false, errors: { '$': ['The JSON value could not be converted to the coupon model.'] } };
  const errors: Record<string, string[]> = {};
  const add = (key: string, message: string): void => {
    (errors[key] ??= []).push(message);
  };
  for (const field of required) {
    if (body[field] === undefined || body[field] === null || body[field] === '') add(field, `The ${field} field is required.`);
  }
  const text = (field: string): string | null => {
    const value = body[field];
    if (value === undefined || value === null) return null;
    if (typeof value !== 'string') add(`$.${field}`, `The JSON value could not be converted to System.String. Path: $.${field}`);
    return typeof value === 'string' ? value : null;
  };
  const integer = (field: string): number | null => {
    const value = body[field];
    if (value === undefined || value === null) return null;
    if (typeof value !== 'number' || !Number.isInteger(value)) add(`$.${field}`, `The JSON value could not be converted to System.Int32. Path: $.${field}`);
    else if (value < 0) add(field, `The field ${field} must not be negative.`);
    return typeof value === 'number' ? value : null;
  };
  const couponCode = text('couponCode') ?? '';
  const utmSource = text('utmSource') ?? '';
  const utmCampaign = text('utmCampaign');
  const interval = text('expirationIntervalPerUse') ?? '00:00:00';
  const maxItemsPerClient = integer('maxItemsPerClient') ?? 0;
  const maxUsage = integer('maxUsage');
  const isArchived = body.isArchived;
  if (isArchived !== undefined && isArchived !== null && typeof isArchived !== 'boolean') {
    add('$.isArchived', 'The JSON value could not be converted to System.Boolean. Path: $.isArchived');
  }
  if (couponCode !== '' && !/^[\w-]{1,100}$/.test(couponCode)) add('couponCode', 'The coupon code may only have letters, digits, "-" and "_" (at most 100).');
  if (parseTimeSpan(interval) === undefined) add('expirationIntervalPerUse', `The value '${interval}' is not a valid time interval (d.hh:mm:ss).`);
  if (Object.keys(errors).length > 0) return { ok: false, errors };
  return {
    ok: true,
    coupon: { couponCode, utmSource, utmCampaign, isArchived: isArchived === true, maxItemsPerClient, expirationIntervalPerUse: interval, maxUsage },
  };
}

/** Absent optional fields are left out rather than sent as null: the spec types them as strings/integers. */
export function renderCoupon(coupon: StoredCoupon): JsonObject {
  const json: JsonObject = { lastModifiedUtc: dotnetUtc(coupon.lastModifiedMs), utmSource: coupon.utmSource };
  if (coupon.utmCampaign !== null) json.utmCampaign = coupon.utmCampaign;
  json.couponCode = coupon.couponCode;
  json.isArchived = coupon.isArchived;
  json.maxItemsPerClient = coupon.maxItemsPerClient;
  json.expirationIntervalPerUse = coupon.expirationIntervalPerUse;
  if (coupon.maxUsage !== null) json.maxUsage = coupon.maxUsage;
  if (coupon.groupingKey !== null) json.groupingKey = coupon.groupingKey;
  return json;
}

const SUFFIX_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';

/** The 15-character upper-case suffix VTEX appends to bulk-generated codes (spec example). */
export function randomSuffix(): string {
  let suffix = '';
  for (let i = 0; i < 15; i += 1) suffix += SUFFIX_ALPHABET[randomInt(SUFFIX_ALPHABET.length)] ?? 'X';
  return suffix;
}
