import { invalid } from '../domain/errors';

/** A list's page size: 20 unless asked, 1 to `max`. Errors: VALIDATION_FAILED on `limit`. */
export function pageLimit(limit: number | undefined, max = 100): number {
  const size = limit ?? 20;
  if (!Number.isSafeInteger(size) || size < 1 || size > max) throw invalid('limit', `must be a whole number from 1 to ${max}`);
  return size;
}
