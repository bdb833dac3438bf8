// Shopper identity for single sign-on (VTEX-API.md §7): read the shopper's session with the
// cookies the store domain received, and verify a VTEX ID token server-side. Both are public
// VTEX endpoints: no app key is sent.

import type { VtexTransport } from './http-transport';
import { asObject, decode, optionalObject, optionalString, requiredString, type JsonObject } from './json-reader';
import { badInput, mapResult, ok, type VtexResult } from './result';

export interface VtexShopperSession {
  isAuthenticated: boolean;
  /** The VTEX ID user id (CL userId). */
  userId: string | null;
  email: string | null;
  firstName: string | null;
  lastName: string | null;
}

export interface VtexShopperIdentity {
  userId: string;
  email: string;
  account: string;
  audience: string | null;
}

const SESSION_ITEMS = [
  'profile.isAuthenticated', 'profile.id', 'profile.email', 'profile.firstName', 'profile.lastName',
  'authentication.storeUserId', 'authentication.storeUserEmail',
].join(',');
// Cookie names and values that may be forwarded: no separators that would smuggle other headers.
const COOKIE_NAME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;
const COOKIE_VALUE = /^[^;,\s\r\n]*$/;

/** Session values are wrapped: {"email": {"value": "ana@…"}}. */
function sessionValue(namespace: JsonObject | null, name: string, path: string): string | null {
  if (namespace === null) return null;
  const wrapped = optionalObject(namespace, name, path);
  const value = wrapped === null ? null : optionalString(wrapped, 'value', `${path}.${name}`);
  return value === '' ? null : value;
}

function readSession(body: unknown): VtexShopperSession {
  const session = asObject(body, 'session');
  const namespaces = optionalObject(session, 'namespaces', 'session');
  const profile = namespaces === null ? null : optionalObject(namespaces, 'profile', 'session.namespaces');
  const authentication = namespaces === null ? null : optionalObject(namespaces, 'authentication', 'session.namespaces');
  // Booleans are strings in the session ("true"/"false").
  const isAuthenticated = sessionValue(profile, 'isAuthenticated', 'session.namespaces.profile') === 'true';
  return {
    isAuthenticated,
    userId: isAuthenticated ? sessionValue(authentication, 'storeUserId', 'session.namespaces.authentication') ?? sessionValue(profile, 'id', 'session.namespaces.profile') : null,
    email: isAuthenticated ? sessionValue(authentication, 'storeUserEmail', 'session.namespaces.authentication') ?? sessionValue(profile, 'email', 'session.namespaces.profile') : null,
    firstName: isAuthenticated ? sessionValue(profile, 'firstName', 'session.namespaces.profile') : null,
    lastName: isAuthenticated ? sessionValue(profile, 'lastName', 'session.namespaces.profile') : null,
  };
}

function cookieHeader(cookies: string | Readonly<Record<string, string>>): string | undefined {
  if (typeof cookies === 'string') return /[\r\n]/.test(cookies) ? undefined : cookies;
  const pairs: string[] = [];
  for (const [name, value] of Object.entries(cookies)) {
    if (!COOKIE_NAME.test(name) || !COOKIE_VALUE.test(value)) return undefined;
    pairs.push(`${name}=${value}`);
  }
  return pairs.join('; ');
}

export function identityEndpoints(transport: VtexTransport) {
  return {
    /**
     * The session the shopper's cookies (`vtex_session`, `vtex_segment`, the VTEX ID cookie)
     * belong to. Good for display only: a session says who the browser claims to be; use
     * validateShopperToken before trusting it with points.
     */
    async getSession(cookies: string | Readonly<Record<string, string>>): Promise<VtexResult<VtexShopperSession>> {
      const header = cookieHeader(cookies);
      if (header === undefined) return badInput('cookies must be a Cookie header or name/value pairs without separators');
      const response = await transport.send({
        endpoint: 'getSession',
        method: 'GET',
        path: '/api/sessions',
        query: { items: SESSION_ITEMS },
        headers: { Cookie: header },
      });
      return mapResult(response, ({ body }) => decode('session', body, readSession));
    },

    /**
     * The shopper a VTEX ID token proves; null when VTEX does not accept the token or it was
     * issued for another account (a token of store A must not log a shopper into store B).
     */
    async validateShopperToken(token: string): Promise<VtexResult<VtexShopperIdentity | null>> {
      if (token === '') return ok(null);
      const response = await transport.send({
        endpoint: 'validateShopperToken',
        method: 'POST',
        path: '/api/vtexid/credential/validate',
        query: { an: transport.account },
        body: { token },
      });
      // 401 here is VTEX's answer about the shopper's token, not about Pontua's app key.
      if (!response.ok) return response.error.kind === 'unauthorized' ? ok(null) : response;
      return decode('token validation', response.value.body, (body) => {
        const answer = asObject(body, 'validation');
        if (requiredString(answer, 'authStatus', 'validation') !== 'Success') return null;
        const identity: VtexShopperIdentity = {
          userId: requiredString(answer, 'id', 'validation'),
          email: requiredString(answer, 'user', 'validation'),
          account: requiredString(answer, 'account', 'validation'),
          audience: optionalString(answer, 'audience', 'validation'),
        };
        return identity.account.toLowerCase() === transport.account.toLowerCase() ? identity : null;
      });
    },
  };
}
