import { describe, expect, it } from 'vitest';
import { DEFAULT_RETRY_POLICY, parseRetryAfterMs, retryDelayMs } from '../../../src/adapters/vtex/retry-policy';

const NOW = Date.parse('2026-03-01T12:00:00.000Z');

describe('Retry-After', () => {
  it('reads delta-seconds and HTTP dates; ignores what it cannot read', () => {
    expect(parseRetryAfterMs('120', NOW)).toBe(120_000);
    expect(parseRetryAfterMs('Sun, 01 Mar 2026 12:00:30 GMT', NOW)).toBe(30_000);
    expect(parseRetryAfterMs('Sun, 01 Mar 2026 11:00:00 GMT', NOW)).toBe(0);
    expect(parseRetryAfterMs('soon', NOW)).toBeUndefined();
    expect(parseRetryAfterMs(null, NOW)).toBeUndefined();
  });

  it('is honoured up to the maximum', () => {
    const policy = { ...DEFAULT_RETRY_POLICY, maxRetryAfterMs: 60_000 };
    expect(retryDelayMs({ attempt: 1, rateLimited: true, retryAfterMs: 5000 }, policy, () => 0.9)).toBe(5000);
    expect(retryDelayMs({ attempt: 1, rateLimited: true, retryAfterMs: 3_600_000 }, policy, () => 0.9)).toBe(60_000);
  });
});

describe('back-off', () => {
  it('draws between zero and a doubling ceiling, capped', () => {
    const policy = { ...DEFAULT_RETRY_POLICY, baseDelayMs: 1000, maxBackoffMs: 5000 };
    const delays = [1, 2, 3, 4, 5].map((attempt) => retryDelayMs({ attempt, rateLimited: false, retryAfterMs: undefined }, policy, () => 0.999));
    expect(delays).toEqual([999, 1998, 3996, 4995, 4995]);
    expect(retryDelayMs({ attempt: 3, rateLimited: false, retryAfterMs: undefined }, policy, () => 0)).toBe(0);
  });

  it('never waits less than the floor after a 429 without Retry-After', () => {
    const policy = { ...DEFAULT_RETRY_POLICY, rateLimitFloorMs: 60_000, baseDelayMs: 1000 };
    expect(retryDelayMs({ attempt: 1, rateLimited: true, retryAfterMs: undefined }, policy, () => 0)).toBe(60_000);
    expect(retryDelayMs({ attempt: 2, rateLimited: true, retryAfterMs: undefined }, policy, () => 0.5)).toBe(61_000);
  });
});
