// Short forms for chart axes and labels, in the panel's language.
import { currentLanguage, formatMoney, formatNumber } from '../../i18n';

/** "12 Mar" / "12 de mar." — a day on an axis. */
export function shortDay(day: string): string {
  const [year, month, date] = day.split('-').map(Number) as [number, number, number];
  return new Intl.DateTimeFormat(currentLanguage(), { day: 'numeric', month: 'short' }).format(new Date(year, month - 1, date));
}

export const compactNumber = (value: number) => formatNumber(value, { notation: 'compact', maximumFractionDigits: 1 });

export const compactMoney = (cents: number) =>
  formatNumber(cents / 100, { style: 'currency', currency: 'BRL', notation: 'compact', maximumFractionDigits: 1 });

export const money = (cents: number) => formatMoney(cents);
