// A tenant's loyalty program: what it is called, how points are named and how they are earned.
import { invalid } from './errors';
import { EMAIL_TYPES } from './email/types';

export const LANGUAGES = ['pt-BR', 'en', 'es'] as const;
export type Language = (typeof LANGUAGES)[number];

export interface Program {
  tenantId: string;
  name: string;
  pointsNameSingular: string;
  pointsNamePlural: string;
  /** Points per currency unit (R$ 1), up to 4 decimal places. */
  pointsPerCurrencyUnit: number;
  language: Language;
  timezone: string;
  /** Days after which available points expire; null: they never do. */
  pointsExpiryDays: number | null;
  /** Products imported from VTEX cost price × pointsPerCurrencyUnit × this factor (default 1). */
  rewardCostFactor: number;
  /** Whether a reward coupon that expires unused gives its points back (default no). */
  expiredCouponsReturnPoints: boolean;
  /** The e-mails' (and widget's) colour, #rrggbb, and logo (an https URL or null). */
  brandColor: string;
  logoUrl: string | null;
  /** E-mail types the merchant turned off (see EMAIL_TYPES in src/domain/email). */
  emailTypesOff: string[];
  /** Names the program to the storefront widget; not a secret. */
  publicKey: string;
  /** The program's rules as the widget's page shows them. */
  rulesText: string | null;
  createdAt: Date;
  updatedAt: Date;
}

export type ProgramChanges = Partial<Omit<Program, 'tenantId' | 'publicKey' | 'createdAt' | 'updatedAt'>>;

const MAX_RATE = 10_000;

export function requireRate(value: number, field = 'pointsPerCurrencyUnit'): string {
  if (!Number.isFinite(value) || value < 0 || value > MAX_RATE) throw invalid(field, `must be between 0 and ${MAX_RATE}`);
  const fixed = value.toFixed(4);
  if (Math.abs(Number(fixed) - value) > 1e-9) throw invalid(field, 'must have at most 4 decimal places');
  return fixed;
}

export function requireTimezone(value: string, field = 'timezone'): string {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: value });
    return value;
  } catch {
    throw invalid(field, 'must be an IANA time zone such as America/Sao_Paulo');
  }
}

export function requireText(value: string, field: string, max: number): string {
  const text = value.trim();
  if (text.length === 0) throw invalid(field, 'must not be empty');
  if (text.length > max) throw invalid(field, `must be at most ${max} characters`);
  return text;
}

/** Validates a change to the program; returns it normalised. */
export function validateProgramChanges(changes: ProgramChanges): ProgramChanges {
  const out: ProgramChanges = {};
  if (changes.name !== undefined) out.name = requireText(changes.name, 'name', 120);
  if (changes.pointsNameSingular !== undefined) out.pointsNameSingular = requireText(changes.pointsNameSingular, 'pointsNameSingular', 40);
  if (changes.pointsNamePlural !== undefined) out.pointsNamePlural = requireText(changes.pointsNamePlural, 'pointsNamePlural', 40);
  if (changes.pointsPerCurrencyUnit !== undefined) {
    out.pointsPerCurrencyUnit = Number(requireRate(changes.pointsPerCurrencyUnit));
  }
  if (changes.language !== undefined) {
    if (!LANGUAGES.includes(changes.language)) throw invalid('language', `must be one of ${LANGUAGES.join(', ')}`);
    out.language = changes.language;
  }
  if (changes.timezone !== undefined) out.timezone = requireTimezone(changes.timezone);
  if (changes.pointsExpiryDays !== undefined) {
    const days = changes.pointsExpiryDays;
    if (days !== null && (!Number.isSafeInteger(days) || days < 1 || days > 3650)) {
      throw invalid('pointsExpiryDays', 'must be null or a whole number of days from 1 to 3650');
    }
    out.pointsExpiryDays = days;
  }
  if (changes.rewardCostFactor !== undefined) {
    const factor = changes.rewardCostFactor;
    // Checked as stored (4 decimal places): 1e-300 is "more than 0" but is stored as 0.
    const stored = Number.isFinite(factor) ? Number(factor.toFixed(4)) : NaN;
    if (!(stored > 0) || factor > 1000 || Math.abs(stored - factor) > 1e-9) {
      throw invalid('rewardCostFactor', 'must be more than 0 and at most 1000, with up to 4 decimal places');
    }
    out.rewardCostFactor = factor;
  }
  if (changes.brandColor !== undefined) {
    if (typeof changes.brandColor !== 'string' || !/^#[0-9a-fA-F]{6}$/.test(changes.brandColor)) throw invalid('brandColor', 'must be a colour as #rrggbb');
    out.brandColor = changes.brandColor.toLowerCase();
  }
  if (changes.logoUrl !== undefined) {
    const url = changes.logoUrl;
    if (url !== null) {
      let ok = false;
      try {
        ok = typeof url === 'string' && url.length <= 2000 && new URL(url).protocol === 'https:';
      } catch {
        ok = false;
      }
      if (!ok) throw invalid('logoUrl', 'must be an https URL (or null)');
    }
    out.logoUrl = url;
  }
  if (changes.emailTypesOff !== undefined) {
    const types = changes.emailTypesOff;
    const unknown = Array.isArray(types) ? types.filter((type) => !(EMAIL_TYPES as readonly string[]).includes(type)) : null;
    if (unknown === null || unknown.length > 0) throw invalid('emailTypesOff', `must list e-mail types among ${EMAIL_TYPES.join(', ')}`);
    out.emailTypesOff = [...new Set(types)];
  }
  if (changes.rulesText !== undefined) {
    const rules = changes.rulesText;
    if (rules !== null && (typeof rules !== 'string' || rules.length > 10_000)) throw invalid('rulesText', 'must be text of at most 10,000 characters (or null)');
    out.rulesText = rules === null || rules.trim() === '' ? null : rules.trim();
  }
  if (changes.expiredCouponsReturnPoints !== undefined) {
    if (typeof changes.expiredCouponsReturnPoints !== 'boolean') throw invalid('expiredCouponsReturnPoints', 'must be true or false');
    out.expiredCouponsReturnPoints = changes.expiredCouponsReturnPoints;
  }
  return out;
}
