// Translation and formatting in the panel's current language. Components call `t('key', vars)`
// while rendering; the app re-renders the whole tree when the language changes (see app.tsx).
//
// Adding messages: shared ones in en.ts (then pt-BR.ts and es.ts, which the typecheck holds to the
// same keys); a page's in pages/<page>.ts, registered once in PAGES below.
import { useEffect, useState } from 'preact/hooks';
import { DEFAULT_LANGUAGE, isLanguage, type Language } from './define';
import { en } from './en';
import { ptBR } from './pt-BR';
import { es } from './es';
import audit from './pages/audit';
import auth from './pages/auth';
import dashboard from './pages/dashboard';
import emails from './pages/emails';
import integration from './pages/integration';
import member from './pages/member';
import members from './pages/members';
import program from './pages/program';
import redemptions from './pages/redemptions';
import rewards from './pages/rewards';
import sync from './pages/sync';
import users from './pages/users';

export { LANGUAGES, isLanguage, type Language } from './define';

const PAGES = [audit, auth, dashboard, emails, integration, member, members, program, redemptions, rewards, sync, users] as const;

type UnionToIntersection<U> = (U extends unknown ? (arg: U) => void : never) extends (arg: infer I) => void ? I : never;
type PageMessages = UnionToIntersection<(typeof PAGES)[number]['en']>;

export type MessageKey = keyof typeof en | keyof PageMessages;
export type MessageVars = Record<string, string | number>;

function merged(language: Language): Record<MessageKey, string> {
  const core = language === 'en' ? en : language === 'es' ? es : ptBR;
  return Object.assign({}, core, ...PAGES.map((page) => page[language])) as Record<MessageKey, string>;
}

const DICTIONARIES: Record<Language, Record<MessageKey, string>> = { 'pt-BR': merged('pt-BR'), en: merged('en'), es: merged('es') };

let current: Language = DEFAULT_LANGUAGE;
const listeners = new Set<(language: Language) => void>();
const STORAGE_KEY = 'pontua.admin.language';

export const currentLanguage = () => current;

/** The language before anyone signs in: the one last chosen on this browser, else pt-BR. */
export function storedLanguage(): Language {
  try {
    const saved = localStorage.getItem(STORAGE_KEY);
    return isLanguage(saved) ? saved : DEFAULT_LANGUAGE;
  } catch {
    return DEFAULT_LANGUAGE;
  }
}

/** The user's language if set, else the program's, else pt-BR. */
export function languageFor(userLanguage: unknown, programLanguage: unknown): Language {
  if (isLanguage(userLanguage)) return userLanguage;
  if (isLanguage(programLanguage)) return programLanguage;
  return DEFAULT_LANGUAGE;
}

export function setLanguage(language: Language, options: { remember?: boolean } = {}) {
  if (options.remember) {
    try {
      localStorage.setItem(STORAGE_KEY, language);
    } catch {
      // Private mode: the choice lasts for this page only.
    }
  }
  if (language === current) return;
  current = language;
  document.documentElement.lang = language;
  for (const listener of listeners) listener(language);
}

/** Re-renders the calling component when the language changes; returns the language. */
export function useLanguage(): Language {
  const [language, setState] = useState(current);
  useEffect(() => {
    listeners.add(setState);
    setState(current);
    return () => void listeners.delete(setState);
  }, []);
  return language;
}

/** The message for `key`, with `{name}` placeholders replaced (numbers formatted). */
export function t(key: MessageKey, vars?: MessageVars): string {
  const template = DICTIONARIES[current][key] ?? key;
  if (!vars) return template;
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => {
    const value = vars[name];
    if (value === undefined) return whole;
    return typeof value === 'number' ? formatNumber(value) : value;
  });
}

export const formatNumber = (value: number, options?: Intl.NumberFormatOptions) => new Intl.NumberFormat(current, options).format(value);

export const formatPercent = (fraction: number) => new Intl.NumberFormat(current, { style: 'percent', maximumFractionDigits: 1 }).format(fraction);

/** Integer cents as Brazilian reais (VTEX's currency for these stores). */
// narrowSymbol: "R$ 20,00" in every language (Spanish would otherwise write "20,00 BRL").
export const formatMoney = (cents: number, currency = 'BRL') =>
  new Intl.NumberFormat(current, { style: 'currency', currency, currencyDisplay: 'narrowSymbol' }).format(cents / 100);

const asDate = (value: string | number | Date) => (value instanceof Date ? value : new Date(value));

/** A calendar date; `YYYY-MM-DD` strings are read as that day, not as UTC midnight. */
export function formatDate(value: string | number | Date): string {
  if (typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value)) {
    const [year, month, day] = value.split('-').map(Number) as [number, number, number];
    return new Intl.DateTimeFormat(current, { dateStyle: 'medium' }).format(new Date(year, month - 1, day));
  }
  return new Intl.DateTimeFormat(current, { dateStyle: 'medium' }).format(asDate(value));
}

export const formatDateTime = (value: string | number | Date) =>
  new Intl.DateTimeFormat(current, { dateStyle: 'medium', timeStyle: 'short' }).format(asDate(value));

/** "3 minutes ago", "in 2 days". */
export function formatRelative(value: string | number | Date, now = Date.now()): string {
  const seconds = Math.round((asDate(value).getTime() - now) / 1000);
  const format = new Intl.RelativeTimeFormat(current, { numeric: 'auto' });
  const abs = Math.abs(seconds);
  if (abs < 60) return format.format(seconds, 'second');
  if (abs < 3600) return format.format(Math.round(seconds / 60), 'minute');
  if (abs < 86400) return format.format(Math.round(seconds / 3600), 'hour');
  return format.format(Math.round(seconds / 86400), 'day');
}

/** A duration in seconds as "45 s", "12 min", "2 h 5 min". */
export function formatDuration(totalSeconds: number): string {
  const seconds = Math.max(0, Math.round(totalSeconds));
  if (seconds < 60) return t('duration.seconds', { n: seconds });
  if (seconds < 3600) return t('duration.minutes', { n: Math.round(seconds / 60) });
  return t('duration.hours', { n: Math.floor(seconds / 3600), m: Math.round((seconds % 3600) / 60) });
}
