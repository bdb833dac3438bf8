import { invalid } from './errors';

/** The largest amount one command may move: far above any real order, far below 2^53. */
export const MAX_POINTS_PER_COMMAND = 1_000_000_000;

/** Points are positive whole numbers within MAX_POINTS_PER_COMMAND. */
export function requirePositivePoints(value: unknown, field = 'points'): number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value)) throw invalid(field, 'must be a whole number');
  if (value <= 0) throw invalid(field, 'must be greater than zero');
  if (value > MAX_POINTS_PER_COMMAND) throw invalid(field, `must be at most ${MAX_POINTS_PER_COMMAND}`);
  return value;
}

/** A signed change (manual adjustment): non-zero, whole, within ±MAX_POINTS_PER_COMMAND. */
export function requireSignedPoints(value: unknown, field = 'points'): number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value)) throw invalid(field, 'must be a whole number');
  if (value === 0) throw invalid(field, 'must not be zero');
  if (Math.abs(value) > MAX_POINTS_PER_COMMAND) {
    throw invalid(field, `must be between -${MAX_POINTS_PER_COMMAND} and ${MAX_POINTS_PER_COMMAND}`);
  }
  return value;
}

/**
 * Points for an amount in cents at a rate of points per currency unit, rounded down. The rate is
 * a decimal string with up to 4 places (as stored), so the arithmetic stays in integers.
 */
export function pointsForCents(cents: number, ratePerUnit: string): number {
  const match = /^(\d+)(?:\.(\d{1,4}))?$/.exec(ratePerUnit);
  if (!match) throw invalid('pointsPerCurrencyUnit', 'must be a non-negative decimal with at most 4 places');
  const rateTenThousandths = BigInt(match[1] ?? '0') * 10_000n + BigInt((match[2] ?? '').padEnd(4, '0'));
  return Number((BigInt(Math.max(0, Math.trunc(cents))) * rateTenThousandths) / 1_000_000n);
}
