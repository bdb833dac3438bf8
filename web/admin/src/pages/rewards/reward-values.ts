// The reward form's values (text as typed) to and from the API's shape, and the checks the server
// makes (src/domain/reward.ts validateReward), so the form names every wrong field before sending.
import { formatNumber, t } from '../../i18n';
import type { RewardKind } from './reward-text';
import type { Reward, RewardInput } from './types';

export interface RewardValues {
  kind: RewardKind;
  name: string;
  description: string;
  imageUrl: string;
  cost: string;
  skuId: string;
  /** Money as typed ("20,00"). */
  discountCents: string;
  discountPercent: string;
  minOrderCents: string;
  /** datetime-local values (this computer's time). */
  activeFrom: string;
  activeUntil: string;
  stock: string;
  perMemberLimit: string;
  active: boolean;
}

export type RewardField = Exclude<keyof RewardValues, 'active'>;
export type RewardErrors = Partial<Record<RewardField | 'active', string>>;

const MAX_POINTS = 1_000_000_000;
const MAX_CENTS = 100_000_000_00;
const SKU_ID = /^[A-Za-z0-9_-]{1,50}$/;

/** The field each kind needs; the other kinds' fields are not sent. */
export const KIND_FIELD: Record<RewardKind, 'skuId' | 'discountCents' | 'discountPercent' | null> = {
  product: 'skuId',
  fixed_discount: 'discountCents',
  percent_discount: 'discountPercent',
  free_shipping: null,
};

export const EMPTY_REWARD: RewardValues = {
  kind: 'fixed_discount',
  name: '',
  description: '',
  imageUrl: '',
  cost: '',
  skuId: '',
  discountCents: '',
  discountPercent: '',
  minOrderCents: '',
  activeFrom: '',
  activeUntil: '',
  stock: '',
  perMemberLimit: '',
  active: true,
};

/** Cents from money as typed: "1.234,56", "1234.56", "R$ 20" — the last `,` or `.` before 1–2 digits is the decimal mark. */
export function parseCents(text: string): number | null {
  const cleaned = text.replace(/[^\d.,]/g, '');
  if (!/^\d[\d.,]*$/.test(cleaned)) return null;
  const mark = Math.max(cleaned.lastIndexOf(','), cleaned.lastIndexOf('.'));
  let whole = cleaned;
  let fraction = '';
  if (mark >= 0 && cleaned.length - mark - 1 <= 2) {
    whole = cleaned.slice(0, mark);
    fraction = cleaned.slice(mark + 1);
  }
  whole = whole.replace(/[.,]/g, '');
  if (!/^\d*$/.test(whole)) return null;
  return Number(whole || '0') * 100 + Number(fraction.padEnd(2, '0'));
}

export const centsText = (cents: number | null) =>
  cents === null ? '' : formatNumber(cents / 100, { minimumFractionDigits: 2, maximumFractionDigits: 2, useGrouping: false });

/** A percentage with up to two decimals, with `,` or `.`; null when it is not one. */
export function parsePercent(text: string): number | null {
  const value = text.trim().replace(',', '.');
  return /^\d+(\.\d{1,2})?$/.test(value) ? Number(value) : null;
}

const pad = (value: number) => String(value).padStart(2, '0');

/** An ISO instant as a datetime-local value in this computer's time. */
export function localInput(iso: string | null): string {
  if (!iso) return '';
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return '';
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}T${pad(date.getHours())}:${pad(date.getMinutes())}`;
}

/** A datetime-local value as an ISO instant; null when it is not a date. */
export function isoFromLocal(value: string): string | null {
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/.test(value)) return null;
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? null : date.toISOString();
}

const wholeNumber = (text: string) => (/^\d+$/.test(text.trim()) ? Number(text.trim()) : null);

export function valuesFromReward(reward: Reward): RewardValues {
  const kind = (Object.keys(KIND_FIELD) as RewardKind[]).find((value) => value === reward.kind) ?? 'fixed_discount';
  return {
    kind,
    name: reward.name,
    description: reward.description ?? '',
    imageUrl: reward.imageUrl ?? '',
    cost: String(reward.cost),
    skuId: reward.skuId ?? '',
    discountCents: centsText(reward.discountCents),
    discountPercent: reward.discountPercent === null ? '' : formatNumber(reward.discountPercent, { maximumFractionDigits: 2, useGrouping: false }),
    minOrderCents: centsText(reward.minOrderCents),
    activeFrom: localInput(reward.activeFrom),
    activeUntil: localInput(reward.activeUntil),
    stock: reward.stock === null ? '' : String(reward.stock),
    perMemberLimit: reward.perMemberLimit === null ? '' : String(reward.perMemberLimit),
    active: reward.active,
  };
}

/** Every wrong field at once, in the panel's language. */
export function checkReward(values: RewardValues): RewardErrors {
  const errors: RewardErrors = {};
  const name = values.name.trim();
  if (!name) errors.name = t('validation.required');
  else if (name.length > 200) errors.name = t('validation.maxLength', { max: 200 });
  if (values.description.trim().length > 2000) errors.description = t('validation.maxLength', { max: 2000 });
  const image = values.imageUrl.trim();
  if (image) {
    let https = false;
    try {
      https = new URL(image).protocol === 'https:';
    } catch {
      https = false;
    }
    if (!https || image.length > 2000) errors.imageUrl = t('rewards.error.https');
  }
  const cost = wholeNumber(values.cost);
  if (!values.cost.trim()) errors.cost = t('validation.required');
  else if (cost === null || cost < 1 || cost > MAX_POINTS) errors.cost = t('rewards.error.cost');
  const need = KIND_FIELD[values.kind];
  if (need === 'skuId') {
    if (!values.skuId.trim()) errors.skuId = t('validation.required');
    else if (!SKU_ID.test(values.skuId.trim())) errors.skuId = t('rewards.error.sku');
  }
  if (need === 'discountCents') {
    const cents = parseCents(values.discountCents);
    if (!values.discountCents.trim()) errors.discountCents = t('validation.required');
    else if (cents === null || cents < 1 || cents > MAX_CENTS) errors.discountCents = t('rewards.error.amount');
  }
  if (need === 'discountPercent') {
    const percent = parsePercent(values.discountPercent);
    if (!values.discountPercent.trim()) errors.discountPercent = t('validation.required');
    else if (percent === null || percent <= 0 || percent > 100) errors.discountPercent = t('rewards.error.percent');
  }
  if (values.minOrderCents.trim()) {
    const cents = parseCents(values.minOrderCents);
    if (cents === null || cents < 1 || cents > MAX_CENTS) errors.minOrderCents = t('rewards.error.amount');
  }
  const from = values.activeFrom ? isoFromLocal(values.activeFrom) : null;
  const until = values.activeUntil ? isoFromLocal(values.activeUntil) : null;
  if (values.activeFrom && !from) errors.activeFrom = t('rewards.error.date');
  if (values.activeUntil && !until) errors.activeUntil = t('rewards.error.date');
  if (from && until && until <= from) errors.activeUntil = t('rewards.error.untilAfterFrom');
  if (values.stock.trim()) {
    const stock = wholeNumber(values.stock);
    if (stock === null || stock > MAX_POINTS) errors.stock = t('rewards.error.stock');
  }
  if (values.perMemberLimit.trim()) {
    const limit = wholeNumber(values.perMemberLimit);
    if (limit === null || limit < 1 || limit > 10_000) errors.perMemberLimit = t('rewards.error.limit');
  }
  return errors;
}

const orNull = (text: string) => (text.trim() === '' ? null : text.trim());

/** The API input for valid `values`: the common fields and the chosen kind's (the server clears the others). */
export function inputFromValues(values: RewardValues): RewardInput {
  const input: RewardInput = {
    kind: values.kind,
    name: values.name.trim(),
    description: orNull(values.description),
    imageUrl: orNull(values.imageUrl),
    cost: wholeNumber(values.cost),
    minOrderCents: values.minOrderCents.trim() ? parseCents(values.minOrderCents) : null,
    activeFrom: values.activeFrom ? isoFromLocal(values.activeFrom) : null,
    activeUntil: values.activeUntil ? isoFromLocal(values.activeUntil) : null,
    stock: values.stock.trim() ? wholeNumber(values.stock) : null,
    perMemberLimit: values.perMemberLimit.trim() ? wholeNumber(values.perMemberLimit) : null,
    active: values.active,
  };
  const need = KIND_FIELD[values.kind];
  if (need === 'skuId') input.skuId = values.skuId.trim();
  if (need === 'discountCents') input.discountCents = parseCents(values.discountCents);
  if (need === 'discountPercent') input.discountPercent = parsePercent(values.discountPercent);
  return input;
}

/** The server's message for a field, in the panel's language where we know what it means. */
export function serverFieldMessage(field: string, message: string): string {
  if (/required/i.test(message)) return t('validation.required');
  if (/does not apply/i.test(message)) return t('rewards.error.notApplicable');
  switch (field) {
    case 'imageUrl':
      return t('rewards.error.https');
    case 'cost':
      return t('rewards.error.cost');
    case 'skuId':
      return t('rewards.error.sku');
    case 'discountCents':
    case 'minOrderCents':
      return t('rewards.error.amount');
    case 'discountPercent':
      return t('rewards.error.percent');
    case 'activeFrom':
      return t('rewards.error.date');
    case 'activeUntil':
      return /after/i.test(message) ? t('rewards.error.untilAfterFrom') : t('rewards.error.date');
    case 'stock':
      return t('rewards.error.stock');
    case 'perMemberLimit':
      return t('rewards.error.limit');
    default:
      return message;
  }
}
