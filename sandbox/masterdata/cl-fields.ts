// The CL fields this sandbox serves and how Master Data compares each kind. Every one is
// filterable here (on real stores these are indexes of the native CL entity).

import type { Customer } from '../data/customers';

export type FieldKind = 'text' | 'boolean' | 'date';

export type ClField = keyof Customer;

export const CL_FIELDS: Readonly<Record<ClField, FieldKind>> = {
  id: 'text',
  email: 'text',
  firstName: 'text',
  lastName: 'text',
  document: 'text',
  documentType: 'text',
  phone: 'text',
  birthDate: 'date',
  isNewsletterOptIn: 'boolean',
  userId: 'text',
  createdIn: 'date',
  updatedIn: 'date',
};

export const CL_FIELD_NAMES = Object.keys(CL_FIELDS) as ClField[];

export function isClField(name: string): name is ClField {
  return Object.hasOwn(CL_FIELDS, name);
}

/** birthDate is stored without a zone ("1990-05-17T00:00:00"); Master Data reads it as UTC. */
export function parseDateMs(text: string): number | undefined {
  const iso = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d{1,7})?)?)?$/.test(text) ? `${text}${text.length > 10 ? 'Z' : ''}` : text;
  if (!/^\d{4}-\d{2}-\d{2}/.test(iso)) return undefined;
  const ms = Date.parse(iso);
  return Number.isNaN(ms) ? undefined : ms;
}
