// How long to wait before another attempt. Exponential back-off with full jitter (a random
// delay between zero and the exponential ceiling) so the tenants' workers that failed together
// do not come back together; a Retry-After from VTEX wins, within a cap, because it knows
// when its quota refills.

export interface RetryPolicy {
  maxAttempts: number;
  /** Ceiling of the first back-off; it doubles on every further attempt. */
  baseDelayMs: number;
  /** Ceiling of the exponential back-off. */
  maxBackoffMs: number;
  /** Largest Retry-After honoured; a longer one is cut to this. */
  maxRetryAfterMs: number;
  /** A 429 without Retry-After waits at least this long (VTEX asks for about a minute). */
  rateLimitFloorMs: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = {
  maxAttempts: 5,
  baseDelayMs: 500,
  maxBackoffMs: 30_000,
  maxRetryAfterMs: 60_000,
  rateLimitFloorMs: 60_000,
};

/**
 * Milliseconds a Retry-After header asks for: either delta-seconds or an HTTP date
 * (RFC 9110 §10.2.3). Undefined when absent or unreadable, so the caller falls back to back-off.
 */
export function parseRetryAfterMs(header: string | null, nowMs: number): number | undefined {
  if (header === null) return undefined;
  const text = header.trim();
  if (/^\d+$/.test(text)) return Number(text) * 1000;
  const date = Date.parse(text);
  if (Number.isNaN(date)) return undefined;
  return Math.max(0, date - nowMs);
}

export interface FailedAttempt {
  /** 1 for the first attempt. */
  attempt: number;
  rateLimited: boolean;
  retryAfterMs: number | undefined;
}

export function retryDelayMs(failed: FailedAttempt, policy: RetryPolicy, random: () => number): number {
  if (failed.retryAfterMs !== undefined) return Math.min(failed.retryAfterMs, policy.maxRetryAfterMs);
  const ceiling = Math.min(policy.maxBackoffMs, policy.baseDelayMs * 2 ** (failed.attempt - 1));
  const jittered = Math.floor(random() * ceiling);
  // The floor comes first and the jitter on top: workers throttled at the same moment still spread out.
  return failed.rateLimited ? policy.rateLimitFloorMs + jittered : jittered;
}
