// Calendar days (`YYYY-MM-DD`) in a program's time zone, and the ranges of days reports cover.
import { invalid } from './errors';

/** A report covers at most this many days (a leap year). */
export const MAX_RANGE_DAYS = 366;

const DAY_MS = 86_400_000;
const DAY = /^(\d{4})-(\d{2})-(\d{2})$/;

/** A real calendar date written as YYYY-MM-DD (2026-02-30 is not). */
export function isCalendarDay(value: string): boolean {
  if (!DAY.test(value)) return false;
  const date = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === value;
}

export const addDays = (day: string, days: number): string =>
  new Date(Date.parse(`${day}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);

/** Days from `from` to `to`, both included (`to` not before `from`). */
export const daysBetween = (from: string, to: string): number => Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / DAY_MS) + 1;

/** Every day from `from` to `to`, both included. */
export function everyDay(from: string, to: string): string[] {
  const days: string[] = [];
  for (let day = from; day <= to; day = addDays(day, 1)) days.push(day);
  return days;
}

/** The calendar day `at` falls on in `timezone`. */
export const dayIn = (timezone: string, at: Date): string =>
  new Intl.DateTimeFormat('en-CA', { timeZone: timezone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(at);

export interface DayRange {
  /** First day, included. */
  from: string;
  /** Last day, included. */
  to: string;
}

/**
 * The range a query asks for: both ends given, one (the other `defaultDays` away from it), or none
 * (the `defaultDays` days up to `today`). Errors: VALIDATION_FAILED naming `from` or `to`.
 */
export function requireDayRange(query: { from?: string | undefined; to?: string | undefined }, today: string, defaultDays: number): DayRange {
  for (const field of ['from', 'to'] as const) {
    const value = query[field];
    if (value !== undefined && !isCalendarDay(value)) throw invalid(field, 'must be a date as YYYY-MM-DD');
  }
  const to = query.to ?? (query.from !== undefined && query.from > today ? addDays(query.from, defaultDays - 1) : today);
  const from = query.from ?? addDays(to, -(defaultDays - 1));
  // Only a given `to` can fall before `from`; a range too long is the fault of the end that was given last.
  if (from > to) throw invalid('to', 'must not be before from');
  if (daysBetween(from, to) > MAX_RANGE_DAYS) throw invalid(query.to === undefined ? 'from' : 'to', `the range must cover at most ${MAX_RANGE_DAYS} days`);
  return { from, to };
}
