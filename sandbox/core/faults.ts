// Per-account fault injection: what a flaky or throttled VTEX does to a client. Shares are
// drawn from a seeded PRNG so a run with the same request sequence fails the same way;
// the `…Next` counters make a test's failures exact ("the next 2 requests get 429").

import { Prng } from '../data/prng';

export interface FaultSettings {
  /** Share of VTEX API requests answered 429 with Retry-After. */
  rateLimitShare: number;
  retryAfterSeconds: number;
  /** Share of VTEX API requests answered with serverErrorStatus. */
  serverErrorShare: number;
  serverErrorStatus: 500 | 502 | 503 | 504;
  /** Added to every VTEX API request before it is answered. */
  latencyMs: number;
  /** Exact counts, consumed before the shares apply. */
  rateLimitNext: number;
  serverErrorNext: number;
  /** Hook notifications never sent / sent twice / held back until the next one has been sent. */
  hookDropShare: number;
  hookDuplicateShare: number;
  hookReorderShare: number;
}

export const NO_FAULTS: FaultSettings = {
  rateLimitShare: 0,
  retryAfterSeconds: 60,
  serverErrorShare: 0,
  serverErrorStatus: 503,
  latencyMs: 0,
  rateLimitNext: 0,
  serverErrorNext: 0,
  hookDropShare: 0,
  hookDuplicateShare: 0,
  hookReorderShare: 0,
};

export type RequestFault =
  | { kind: 'none'; latencyMs: number }
  | { kind: 'rate-limit'; latencyMs: number; retryAfterSeconds: number }
  | { kind: 'server-error'; latencyMs: number; status: number };

export interface HookFault {
  drop: boolean;
  duplicate: boolean;
  reorder: boolean;
}

const SHARES = ['rateLimitShare', 'serverErrorShare', 'hookDropShare', 'hookDuplicateShare', 'hookReorderShare'] as const;
const COUNTS = ['retryAfterSeconds', 'latencyMs', 'rateLimitNext', 'serverErrorNext'] as const;

/** Merges a partial update into settings; returns an error message for invalid input. */
export function mergeFaultSettings(current: FaultSettings, input: unknown): FaultSettings | string {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) return 'body must be an object';
  const next: FaultSettings = { ...current };
  for (const [key, value] of Object.entries(input)) {
    if ((SHARES as readonly string[]).includes(key)) {
      if (typeof value !== 'number' || !(value >= 0 && value <= 1)) return `${key} must be a number between 0 and 1`;
      next[key as (typeof SHARES)[number]] = value;
    } else if ((COUNTS as readonly string[]).includes(key)) {
      if (typeof value !== 'number' || !Number.isInteger(value) || value < 0) return `${key} must be a non-negative integer`;
      next[key as (typeof COUNTS)[number]] = value;
    } else if (key === 'serverErrorStatus') {
      if (value !== 500 && value !== 502 && value !== 503 && value !== 504) return 'serverErrorStatus must be 500, 502, 503 or 504';
      next.serverErrorStatus = value;
    } else {
      return `unknown fault setting ${key}`;
    }
  }
  return next;
}

export class FaultInjector {
  settings: FaultSettings = { ...NO_FAULTS };
  private random: Prng;

  constructor(private readonly seed: number) {
    this.random = new Prng(seed ^ 0xfa17);
  }

  reset(): void {
    this.settings = { ...NO_FAULTS };
    this.random = new Prng(this.seed ^ 0xfa17);
  }

  forRequest(): RequestFault {
    const s = this.settings;
    const latencyMs = s.latencyMs;
    if (s.rateLimitNext > 0) {
      s.rateLimitNext -= 1;
      return { kind: 'rate-limit', latencyMs, retryAfterSeconds: s.retryAfterSeconds };
    }
    if (s.serverErrorNext > 0) {
      s.serverErrorNext -= 1;
      return { kind: 'server-error', latencyMs, status: s.serverErrorStatus };
    }
    if (s.rateLimitShare > 0 && this.random.chance(s.rateLimitShare)) {
      return { kind: 'rate-limit', latencyMs, retryAfterSeconds: s.retryAfterSeconds };
    }
    if (s.serverErrorShare > 0 && this.random.chance(s.serverErrorShare)) {
      return { kind: 'server-error', latencyMs, status: s.serverErrorStatus };
    }
    return { kind: 'none', latencyMs };
  }

  forHook(): HookFault {
    const s = this.settings;
    return {
      drop: s.hookDropShare > 0 && this.random.chance(s.hookDropShare),
      duplicate: s.hookDuplicateShare > 0 && this.random.chance(s.hookDuplicateShare),
      reorder: s.hookReorderShare > 0 && this.random.chance(s.hookReorderShare),
    };
  }
}
