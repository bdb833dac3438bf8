// The dashboard's range of days, kept in the query string: `?days=7|30|90` for the presets, or
// `?from=YYYY-MM-DD&to=YYYY-MM-DD` for a custom range. Days are calendar days; the server counts
// them in the program's time zone.

export const PRESETS = [7, 30, 90] as const;
export type Preset = (typeof PRESETS)[number];
export const DEFAULT_PRESET: Preset = 30;
/** The server's limit (src/domain/day-range.ts). */
export const MAX_RANGE_DAYS = 366;

export interface DayRange {
  /** null: a custom range. */
  preset: Preset | null;
  from: string;
  to: string;
}

const DAY = /^(\d{4})-(\d{2})-(\d{2})$/;
const DAY_MS = 86_400_000;

/** A real calendar date written YYYY-MM-DD. */
export function isDay(value: string | null | undefined): value is string {
  if (!value || !DAY.test(value)) return false;
  const date = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === value;
}

/** Today on this computer's calendar. */
export function localToday(now = new Date()): string {
  const pad = (value: number) => String(value).padStart(2, '0');
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
}

export const addDays = (day: string, days: number) => new Date(Date.parse(`${day}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);

/** Days from `from` to `to`, both included. */
export const daysBetween = (from: string, to: string) => Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / DAY_MS) + 1;

export const presetRange = (preset: Preset, today: string): DayRange => ({ preset, from: addDays(today, -(preset - 1)), to: today });

export function rangeFromQuery(query: URLSearchParams, today: string): DayRange {
  const from = query.get('from');
  const to = query.get('to');
  if (isDay(from) && isDay(to) && from <= to && daysBetween(from, to) <= MAX_RANGE_DAYS) return { preset: null, from, to };
  const days = Number(query.get('days'));
  const preset = PRESETS.find((value) => value === days) ?? DEFAULT_PRESET;
  return presetRange(preset, today);
}

/** What is wrong with a custom range, per field; empty when it is fine. */
export function checkRange(from: string, to: string): { from?: 'required' | 'invalid'; to?: 'required' | 'invalid' | 'beforeFrom' | 'tooLong' } {
  const errors: ReturnType<typeof checkRange> = {};
  if (!from) errors.from = 'required';
  else if (!isDay(from)) errors.from = 'invalid';
  if (!to) errors.to = 'required';
  else if (!isDay(to)) errors.to = 'invalid';
  if (!errors.from && !errors.to) {
    if (to < from) errors.to = 'beforeFrom';
    else if (daysBetween(from, to) > MAX_RANGE_DAYS) errors.to = 'tooLong';
  }
  return errors;
}
