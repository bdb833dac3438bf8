// How values look in a message: numbers, points and dates in the program's language and time zone;
// and the guards on what reaches the HTML: escaping, http(s) links only, a #rrggbb colour.
import type { Language } from '../program';

const LOCALE: Record<Language, string> = { 'pt-BR': 'pt-BR', en: 'en-US', es: 'es-ES' };

const DEFAULT_POINTS_NAMES: Record<Language, { singular: string; plural: string }> = {
  'pt-BR': { singular: 'ponto', plural: 'pontos' },
  en: { singular: 'point', plural: 'points' },
  es: { singular: 'punto', plural: 'puntos' },
};

export const DEFAULT_COLOR = '#1d4ed8';

export interface Formatter {
  /** `1.234` (pt-BR, es), `1,234` (en). */
  number(value: number): string;
  /** `1 ponto`, `1.234 pontos`: the singular name for exactly one. */
  points(value: number): string;
  /** The calendar day in the program's zone, long form: `30 de novembro de 2026`, `November 30, 2026`. */
  date(value: Date): string;
  /** The plural points name (the language's default when the program's is blank). */
  pointsPlural: string;
}

export interface FormatSettings {
  language: Language;
  timezone: string;
  pointsNameSingular: string;
  pointsNamePlural: string;
}

// A NaN or a fraction would reach the shopper as "NaN pontos": the message is refused instead.
export function createFormatter(settings: FormatSettings): Formatter {
  const locale = LOCALE[settings.language];
  // 'always': es-ES would otherwise print 1234 but 12.345.
  const numbers = new Intl.NumberFormat(locale, { useGrouping: 'always', maximumFractionDigits: 0 });
  const dates = new Intl.DateTimeFormat(locale, { dateStyle: 'long', timeZone: settings.timezone });
  const defaults = DEFAULT_POINTS_NAMES[settings.language];
  const singular = settings.pointsNameSingular.trim() || defaults.singular;
  const plural = settings.pointsNamePlural.trim() || defaults.plural;
  const number = (value: number) => {
    if (!Number.isSafeInteger(value)) throw new RangeError(`e-mail: ${value} is not a whole number of points`);
    return numbers.format(value);
  };
  return {
    number,
    points: (value) => `${number(value)} ${Math.abs(value) === 1 ? singular : plural}`,
    date: (value) => {
      if (Number.isNaN(value.getTime())) throw new RangeError('e-mail: invalid date');
      return dates.format(value);
    },
    pointsPlural: plural,
  };
}

const HTML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

export const escapeHtml = (value: string) => value.replace(/[&<>"']/g, (char) => HTML_ESCAPES[char] ?? char);

/** The URL normalised, or null when it is not an absolute URL with one of the schemes (or carries credentials). */
export function safeUrl(value: string | null | undefined, schemes: readonly string[] = ['https:', 'http:']): string | null {
  if (value === null || value === undefined) return null;
  let url: URL;
  try {
    url = new URL(value.trim());
  } catch {
    return null;
  }
  if (!schemes.includes(url.protocol) || url.username !== '' || url.password !== '') return null;
  return url.href;
}

export const safeColor = (value: string) => (/^#[0-9a-f]{6}$/i.test(value) ? value.toLowerCase() : DEFAULT_COLOR);

const DARK_TEXT = '#111827';

function luminance(color: string): number {
  const channel = (offset: number) => {
    const c = parseInt(color.slice(offset, offset + 2), 16) / 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * channel(1) + 0.7152 * channel(3) + 0.0722 * channel(5);
}

/** White or near-black, whichever contrasts more with the (#rrggbb) brand colour (WCAG ratio). */
export function textColorOn(background: string): string {
  const l = luminance(background);
  const withWhite = 1.05 / (l + 0.05);
  const withDark = (l + 0.05) / (luminance(DARK_TEXT) + 0.05);
  return withWhite >= withDark ? '#ffffff' : DARK_TEXT;
}

/** Whitespace, line breaks included, collapsed to single spaces. */
export const oneLine = (value: string) => value.replace(/\s+/g, ' ').trim();
