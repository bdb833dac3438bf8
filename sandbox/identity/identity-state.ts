// One account's shopper identity: the sandbox password, token lifetime, and the sessions the
// storefront created (vtex_session). Also the helpers every storefront route uses to find the
// current session and the logged-in shopper from the request's cookies.

import { randomUUID } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { AccountStateKey, type Account } from '../core/account';
import type { SandboxContext } from '../core/area';
import type { Customer } from '../data/customers';
import { readCookies, setCookie } from './cookies';
import { signToken, verifySignature, verifyUserToken, type UserTokenClaims } from './tokens';

export const DEFAULT_PASSWORD = 'sandbox';
/** VTEX ID user tokens last 24 h (VTEX-API.md §1, §7). */
export const DEFAULT_TOKEN_TTL_MS = 24 * 3_600_000;
/** Old sessions are forgotten first; a storefront visit without cookies creates one. */
const MAX_SESSIONS = 10_000;

export interface ShopperSession {
  id: string;
  createdMs: number;
  /** Set by login, cleared by logout. */
  customerIndex: number | null;
  /** When the login's token expires: the session stops being authenticated then. */
  authExpiresMs: number;
  publicValues: Record<string, string>;
}

export class IdentityState {
  password = DEFAULT_PASSWORD;
  /** Added to every storefront and checkout page (control API: PUT …/storefront/scripts). */
  storefrontScripts: { src: string; attributes: Record<string, string> }[] = [];
  tokenTtlMs = DEFAULT_TOKEN_TTL_MS;
  private readonly sessions = new Map<string, ShopperSession>();

  createSession(nowMs: number): ShopperSession {
    const session: ShopperSession = { id: randomUUID(), createdMs: nowMs, customerIndex: null, authExpiresMs: 0, publicValues: {} };
    this.sessions.set(session.id, session);
    if (this.sessions.size > MAX_SESSIONS) {
      const oldest = this.sessions.keys().next().value;
      if (oldest !== undefined) this.sessions.delete(oldest);
    }
    return session;
  }

  session(id: string): ShopperSession | undefined {
    return this.sessions.get(id);
  }
}

export const identityStateKey = new AccountStateKey('identity', () => new IdentityState());

export const SESSION_COOKIE = 'vtex_session';
export const SEGMENT_COOKIE = 'vtex_segment';
export const authCookieName = (account: Account): string => `VtexIdclientAutCookie_${account.name}`;
/** Cookies are scoped to the account's path: several accounts share the sandbox's host. */
export const cookiePath = (account: Account): string => `/${account.name}`;

/** The segment VTEX keeps in vtex_segment: base64 JSON of the trade policy and currency. */
export function segmentToken(): string {
  return Buffer.from(JSON.stringify({
    campaigns: null, channel: '1', priceTables: null, regionId: null, utm_campaign: null, utm_source: null, utmi_campaign: null,
    currencyCode: 'BRL', currencySymbol: 'R$', countryCode: 'BRA', cultureInfo: 'pt-BR', channelPrivacy: 'public',
  })).toString('base64');
}

export function sessionToken(ctx: SandboxContext, account: Account, session: ShopperSession): string {
  return signToken(ctx, { 'account.id': account.name, id: session.id, version: 2, sub: 'session', account: 'session', iat: Math.floor(session.createdMs / 1000) });
}

/** The session named by the request's vtex_session cookie, if this account knows it. */
export function currentSession(ctx: SandboxContext, account: Account, request: FastifyRequest): ShopperSession | undefined {
  const cookie = readCookies(request).get(SESSION_COOKIE);
  const claims = cookie === undefined ? undefined : verifySignature(ctx, cookie);
  const id = claims?.id;
  return typeof id === 'string' && claims?.['account.id'] === account.name ? account.state(identityStateKey).session(id) : undefined;
}

/** The current session, or a new anonymous one whose cookies go out with this reply. */
export function ensureSession(ctx: SandboxContext, account: Account, request: FastifyRequest, reply: FastifyReply): ShopperSession {
  const existing = currentSession(ctx, account, request);
  if (existing) return existing;
  const session = account.state(identityStateKey).createSession(ctx.clock.now());
  setCookie(reply, SESSION_COOKIE, sessionToken(ctx, account, session), { path: cookiePath(account) });
  setCookie(reply, SEGMENT_COOKIE, segmentToken(), { path: cookiePath(account) });
  return session;
}

export interface Shopper {
  customerIndex: number;
  customer: Customer;
  claims: UserTokenClaims;
  token: string;
}

/** The shopper a (cookie or given) token proves, if it is valid, unexpired and for this account. */
export function shopperFromToken(ctx: SandboxContext, account: Account, token: string | undefined): Shopper | undefined {
  const claims = token === undefined ? undefined : verifyUserToken(ctx, token);
  if (!claims || token === undefined || claims.account !== account.name) return undefined;
  const customerIndex = account.customers.indexOfUserId(claims.userId);
  const customer = customerIndex === undefined ? undefined : account.customers.at(customerIndex);
  return customerIndex === undefined || !customer ? undefined : { customerIndex, customer, claims, token };
}

/** The logged-in shopper: the auth cookie's token, while its session is still logged in. */
export function currentShopper(ctx: SandboxContext, account: Account, request: FastifyRequest): Shopper | undefined {
  const shopper = shopperFromToken(ctx, account, readCookies(request).get(authCookieName(account)));
  const session = currentSession(ctx, account, request);
  return shopper && session?.customerIndex === shopper.customerIndex ? shopper : undefined;
}
