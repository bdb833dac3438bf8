// What the app-facing VTEX adapters share: a client call's result as the app's VtexRead, and one
// object per store connection kept while the process runs (so a client's concurrency cap holds
// per tenant across callers).
import { createHash } from 'node:crypto';
import type { VtexConnection, VtexRead } from '../../app/ports';
import type { VtexResult } from './result';
import { createVtexClient, type VtexClient } from './client';
import type { VtexClientOptions } from './http-transport';

type ClientSettings = Omit<VtexClientOptions, 'account' | 'environment' | 'appKey' | 'appToken' | 'baseUrlTemplate'> & { baseUrlTemplate?: string | undefined };

/** A client for the store the connection names; `baseUrlTemplate` only when set (the sandbox). */
export function clientFor(connection: VtexConnection, settings: ClientSettings): VtexClient {
  const { baseUrlTemplate, ...rest } = settings;
  return createVtexClient({
    account: connection.accountName,
    environment: connection.environment,
    appKey: connection.appKey,
    appToken: connection.appToken,
    ...(baseUrlTemplate ? { baseUrlTemplate } : {}),
    ...rest,
  });
}

/** A refusal (401/403) is marked, with the resource a 403 names, so a job can stop instead of retrying. */
export function toVtexRead<T, U>(result: VtexResult<T>, map: (value: T) => U): VtexRead<U> {
  if (result.ok) return { ok: true, value: map(result.value) };
  const { error } = result;
  const refused = error.kind === 'unauthorized' || error.kind === 'forbidden' ? error.kind : undefined;
  return {
    ok: false,
    retryable: error.retryable,
    message: error.message,
    ...(refused ? { refused } : {}),
    ...(error.resource ? { resource: error.resource } : {}),
    ...(error.kind === 'not_found' ? { notFound: true as const } : {}),
  };
}

/** `create` once per connection (account, environment, key and a hash of the token); at most 1,000 kept. */
export function perConnection<T>(create: (connection: VtexConnection) => T): (connection: VtexConnection) => T {
  const made = new Map<string, T>();
  return (connection) => {
    const key = [connection.accountName, connection.environment, connection.appKey, createHash('sha256').update(connection.appToken).digest('base64url')].join('|');
    const known = made.get(key);
    if (known !== undefined) return known;
    if (made.size >= 1000) made.clear();
    const value = create(connection);
    made.set(key, value);
    return value;
  };
}
