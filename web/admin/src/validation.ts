// Client-side checks that mirror the server's, so a form says what is wrong before sending. The
// server still decides: its per-field errors (ApiError.fieldMap()) are shown the same way.
import { t } from './i18n';

/** A check on a field's text: null when fine, else the message to show. */
export type Rule = (value: string) => string | null;

export const required: Rule = (value) => (value.trim() === '' ? t('validation.required') : null);

// Non-empty values only: combine with `required` for mandatory fields.
const when = (check: (value: string) => boolean, message: () => string): Rule => (value) =>
  value.trim() === '' || check(value.trim()) ? null : message();

export const email: Rule = when((value) => /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(value), () => t('validation.email'));

export const httpsUrl: Rule = when((value) => {
  try {
    const url = new URL(value);
    return url.protocol === 'https:' || url.protocol === 'http:';
  } catch {
    return false;
  }
}, () => t('validation.url'));

export const minLength = (min: number): Rule => (value) => (value.length > 0 && value.length < min ? t('validation.minLength', { min }) : null);
export const maxLength = (max: number): Rule => (value) => (value.length > max ? t('validation.maxLength', { max }) : null);
export const integer: Rule = when((value) => /^-?\d+$/.test(value), () => t('validation.integer'));
export const atLeast = (min: number): Rule => when((value) => Number(value) >= min, () => t('validation.min', { min }));
export const atMost = (max: number): Rule => when((value) => Number(value) <= max, () => t('validation.max', { max }));
export const matches = (pattern: RegExp, message?: () => string): Rule => when((value) => pattern.test(value), message ?? (() => t('validation.pattern')));
export const hexColor: Rule = when((value) => /^#[0-9a-fA-F]{6}$/.test(value), () => t('validation.color'));

/** The first failing rule's message per field; an empty object when all pass. */
export function validate<F extends string>(values: Record<F, string>, rules: Partial<Record<F, Rule[]>>): Partial<Record<F, string>> {
  const errors: Partial<Record<F, string>> = {};
  for (const field of Object.keys(rules) as F[]) {
    for (const rule of rules[field] ?? []) {
      const message = rule(values[field] ?? '');
      if (message) {
        errors[field] = message;
        break;
      }
    }
  }
  return errors;
}

export const hasErrors = (errors: object) => Object.values(errors).some(Boolean);

/** The server's rule for panel passwords (src/domain/admin-user.ts). */
export const PASSWORD_MIN = 10;
