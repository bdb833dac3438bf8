// A shopper enrolled in a tenant's program, and the rules for the personal data we keep.
import { invalid } from './errors';

/** The statuses a merchant sets. */
export const MEMBER_STATUSES = ['active', 'blocked'] as const;
/**
 * `erased`: the member's personal data was erased at their request (LGPD; see
 * src/app/members/erase-member.ts). Only erasure sets it and nothing takes it back.
 */
export type MemberStatus = (typeof MEMBER_STATUSES)[number] | 'erased';

export interface Member {
  id: string;
  tenantId: string;
  externalId: string | null;
  vtexUserId: string | null;
  email: string | null;
  name: string | null;
  document: string | null;
  phone: string | null;
  birthDate: string | null;
  marketingOptIn: boolean;
  status: MemberStatus;
  createdAt: Date;
  updatedAt: Date;
}

export type MemberFields = Partial<Omit<Member, 'id' | 'tenantId' | 'createdAt' | 'updatedAt'>>;

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** True for a CPF with valid check digits (and not all one digit). */
export function isValidCpf(digits: string): boolean {
  if (!/^\d{11}$/.test(digits) || /^(\d)\1{10}$/.test(digits)) return false;
  const check = (length: number) => {
    let sum = 0;
    for (let i = 0; i < length; i++) sum += Number(digits[i]) * (length + 1 - i);
    const rest = (sum * 10) % 11;
    return rest === 10 ? 0 : rest;
  };
  return check(9) === Number(digits[9]) && check(10) === Number(digits[10]);
}

function optionalText(value: string | null | undefined, field: string, max: number): string | null | undefined {
  if (value === undefined || value === null) return value;
  const text = value.trim();
  if (text.length > max) throw invalid(field, `must be at most ${max} characters`);
  return text.length === 0 ? null : text;
}

/**
 * Normalises and checks member fields: e-mail lower-cased, a CPF (with or without punctuation)
 * kept as its 11 digits and checked, birth date a real past calendar date.
 */
export function validateMemberFields(fields: MemberFields, today: Date): MemberFields {
  const out: MemberFields = { ...fields };
  const email = optionalText(fields.email, 'email', 254);
  if (email !== undefined) {
    if (email !== null && !EMAIL.test(email)) throw invalid('email', 'must be an e-mail address');
    out.email = email === null ? null : email.toLowerCase();
  }
  for (const [field, max] of [['externalId', 200], ['vtexUserId', 200], ['name', 200], ['phone', 32]] as const) {
    const value = optionalText(fields[field], field, max);
    if (value !== undefined) out[field] = value;
  }
  const document = optionalText(fields.document, 'document', 32);
  if (document !== undefined) {
    if (document !== null && /^[\d.\-\s]+$/.test(document)) {
      const digits = document.replace(/\D/g, '');
      if (digits.length === 11 && !isValidCpf(digits)) throw invalid('document', 'is not a valid CPF');
      out.document = digits;
    } else {
      out.document = document;
    }
  }
  if (fields.birthDate !== undefined && fields.birthDate !== null) {
    const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(fields.birthDate);
    const date = match ? new Date(`${fields.birthDate}T00:00:00Z`) : null;
    if (!date || Number.isNaN(date.getTime()) || date.toISOString().slice(0, 10) !== fields.birthDate) {
      throw invalid('birthDate', 'must be a date as YYYY-MM-DD');
    }
    if (date.getTime() > today.getTime() || date.getUTCFullYear() < 1900) throw invalid('birthDate', 'must be a past date after 1900');
  }
  if (fields.status !== undefined && !(MEMBER_STATUSES as readonly string[]).includes(fields.status)) {
    throw invalid('status', `must be one of ${MEMBER_STATUSES.join(', ')}`);
  }
  return out;
}

/** A store customer (VTEX Master Data CL) as far as a member is concerned. */
export interface CustomerRecord {
  userId: string | null;
  email: string | null;
  firstName: string | null;
  lastName: string | null;
  document: string | null;
  phone: string | null;
  birthDate: string | null;
  isNewsletterOptIn: boolean | null;
}

/** What of a customer a member keeps; every field already valid. */
export type CustomerMemberFields = Pick<Member, 'vtexUserId' | 'email' | 'name' | 'document' | 'phone' | 'birthDate' | 'marketingOptIn'>;

const fits = (value: string | null | undefined, max: number): string | null => {
  const text = value?.trim() ?? '';
  return text.length > 0 && text.length <= max ? text : null;
};

/**
 * The member fields a customer's data gives. Data the store holds that our rules refuse (a
 * malformed e-mail, an invalid CPF, an unreadable birth date) is left out, never fatal: the
 * customer still joins with what is valid.
 */
export function memberFieldsFromCustomer(customer: CustomerRecord, fallbackName: string | null = null): CustomerMemberFields {
  const email = fits(customer.email, 254);
  const digits = customer.document?.replace(/\D/g, '') ?? '';
  const name = fits([customer.firstName, customer.lastName].map((part) => part?.trim()).filter(Boolean).join(' '), 200) ?? fits(fallbackName, 200);
  return {
    vtexUserId: fits(customer.userId, 200),
    email: email && EMAIL.test(email) ? email.toLowerCase() : null,
    name,
    document: digits.length === 11 && isValidCpf(digits) ? digits : null,
    phone: fits(customer.phone, 32),
    birthDate: customer.birthDate && /^\d{4}-\d{2}-\d{2}/.test(customer.birthDate) ? customer.birthDate.slice(0, 10) : null,
    marketingOptIn: customer.isNewsletterOptIn === true,
  };
}
