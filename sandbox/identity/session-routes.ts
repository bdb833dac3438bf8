// Session Manager (VTEX-API.md §7): GET /api/sessions reads the vtex_session cookie and answers
// the session's namespaces, values wrapped as {value}; POST creates a session with public values.

import { createHash } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import type { Account } from '../core/account';
import type { AreaKit } from '../core/area';
import { isRecord } from '../core/control-kit';
import { setCookie } from './cookies';
import {
  cookiePath, ensureSession, identityStateKey, SEGMENT_COOKIE, segmentToken, SESSION_COOKIE, sessionToken, type ShopperSession,
} from './identity-state';

type Namespaces = Record<string, Record<string, { value: string; keepAlive?: boolean }>>;

/** A stable GUID per account name, standing in for VTEX's account id. */
export function accountId(account: Account): string {
  const hex = createHash('sha256').update(`account:${account.name}`).digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

export function sessionNamespaces(account: Account, session: ShopperSession, nowMs: number): Namespaces {
  const customer = session.customerIndex === null || session.authExpiresMs <= nowMs ? undefined : account.customers.at(session.customerIndex);
  const wrap = (values: Record<string, string>) => Object.fromEntries(Object.entries(values).map(([key, value]) => [key, { value }]));
  // Session values are strings, booleans included ("true"/"false").
  const profile = customer
    ? wrap({ isAuthenticated: 'true', id: customer.userId, email: customer.email, firstName: customer.firstName,
      lastName: customer.lastName, phone: customer.phone, document: customer.document, documentType: customer.documentType })
    : wrap({ isAuthenticated: 'false' });
  return {
    account: { id: { value: accountId(account), keepAlive: true }, accountName: { value: account.name } },
    store: wrap({ channel: '1', countryCode: 'BRA', cultureInfo: 'pt-BR', currencyCode: 'BRL', currencySymbol: 'R$', channelPrivacy: 'public' }),
    public: wrap(session.publicValues),
    profile,
    authentication: customer ? wrap({ storeUserId: customer.userId, storeUserEmail: customer.email }) : {},
  };
}

/** `items=profile.email,profile.id` keeps those keys; `*` (or no items) keeps everything. */
export function pickItems(namespaces: Namespaces, items: string | undefined): Namespaces {
  if (items === undefined || items.trim() === '' || items.trim() === '*') return namespaces;
  const picked: Namespaces = {};
  for (const item of items.split(',').map((i) => i.trim())) {
    const dot = item.indexOf('.');
    const [namespace, key] = dot < 0 ? [item, '*'] : [item.slice(0, dot), item.slice(dot + 1)];
    const source = namespaces[namespace];
    if (!source) continue;
    const target = (picked[namespace] ??= {});
    for (const [name, value] of Object.entries(source)) if (key === '*' || key === name) target[name] = value;
  }
  return picked;
}

export function registerSessionRoutes(scope: FastifyInstance, kit: AreaKit): void {
  const onRequest = kit.gate('public');

  scope.get<{ Querystring: { items?: string } }>('/api/sessions', { onRequest }, async (request, reply) => {
    const account = kit.account(request);
    const session = ensureSession(kit.ctx, account, request, reply);
    return { id: session.id, namespaces: pickItems(sessionNamespaces(account, session, kit.ctx.clock.now()), request.query.items) };
  });

  scope.post<{ Querystring: Record<string, string> }>('/api/sessions', { onRequest }, async (request, reply) => {
    const account = kit.account(request);
    const session = account.state(identityStateKey).createSession(kit.ctx.clock.now());
    const publicNamespace = isRecord(request.body) && isRecord(request.body.public) ? request.body.public : {};
    for (const [key, entry] of Object.entries(publicNamespace)) {
      if (isRecord(entry) && typeof entry.value === 'string') session.publicValues[key] = entry.value;
    }
    // "Query string items will automatically be added to the public namespace" (Session Manager spec).
    for (const [key, value] of Object.entries(request.query)) if (typeof value === 'string') session.publicValues[key] = value;
    const sessionTokenValue = sessionToken(kit.ctx, account, session);
    const segmentTokenValue = segmentToken();
    setCookie(reply, SESSION_COOKIE, sessionTokenValue, { path: cookiePath(account) });
    setCookie(reply, SEGMENT_COOKIE, segmentTokenValue, { path: cookiePath(account) });
    return reply.code(201).send({ sessionToken: sessionTokenValue, segmentToken: segmentTokenValue });
  });
}
