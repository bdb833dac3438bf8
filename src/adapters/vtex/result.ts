// What every VTEX call answers: a value or a typed failure. Callers (imports, the connection
// check, redemption) branch on `kind` and `retryable`; nothing expected is thrown.

import type { VtexLicenseResource } from './license-resources';

export type VtexErrorKind =
  | 'unauthorized'
  | 'forbidden'
  | 'not_found'
  | 'rate_limited'
  | 'server'
  | 'unreachable'
  | 'bad_request'
  | 'invalid_response';

export interface VtexError {
  kind: VtexErrorKind;
  /** The HTTP status VTEX answered, or null when there was no usable answer (network, timeout, local check). */
  status: number | null;
  message: string;
  /** True when the same call may succeed later (429, 5xx, network); a job retries those later. */
  retryable: boolean;
  /** For `forbidden`: the License Manager resource the app key lacks for this endpoint. */
  resource?: VtexLicenseResource;
}

export type VtexResult<T> = { ok: true; value: T } | { ok: false; error: VtexError };

export function ok<T>(value: T): VtexResult<T> {
  return { ok: true, value };
}

export function fail<T>(error: VtexError): VtexResult<T> {
  return { ok: false, error };
}

/** A request refused before it left the process: the caller's input cannot be sent. */
export function badInput<T>(message: string): VtexResult<T> {
  return fail({ kind: 'bad_request', status: null, message, retryable: false });
}

/** Applies `map` to a success, passes a failure through unchanged. */
export function mapResult<T, U>(result: VtexResult<T>, map: (value: T) => VtexResult<U>): VtexResult<U> {
  return result.ok ? map(result.value) : result;
}
