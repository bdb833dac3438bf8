// The storefront at /{account}/: a home page with a login form (sandbox password, or one click
// for a seeded customer), login and logout. Login sets vtex_session, vtex_segment and the
// HttpOnly VtexIdclientAutCookie_{account}; logout clears them.

import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Account } from '../core/account';
import type { AreaKit } from '../core/area';
import { setCookie } from './cookies';
import { acceptForms, field } from './forms';
import { escapeHtml, page } from './html';
import {
  authCookieName, cookiePath, currentSession, currentShopper, ensureSession, identityStateKey, SEGMENT_COOKIE, segmentToken,
  SESSION_COOKIE, sessionToken,
} from './identity-state';
import { mintUserToken } from './tokens';
import { scriptTags } from './storefront-scripts';

const ONE_CLICK_CUSTOMERS = 6;

/** Only paths inside this account's storefront: never an open redirect. */
function safeReturnUrl(account: Account, value: string | undefined): string {
  return value !== undefined && value.startsWith(`/${account.name}/`) && !value.startsWith('//') ? value : `/${account.name}/`;
}

function loginForm(account: Account, returnUrl: string, error?: string): string {
  const oneClick: string[] = [];
  for (let i = 0; i < Math.min(ONE_CLICK_CUSTOMERS, account.customers.count); i += 1) {
    const customer = account.customers.at(i);
    if (!customer) continue;
    oneClick.push(`<li><form class="inline" method="post" action="/${escapeHtml(account.name)}/login">
<input type="hidden" name="oneClick" value="${escapeHtml(customer.email)}"><input type="hidden" name="returnUrl" value="${escapeHtml(returnUrl)}">
<button type="submit">Entrar como ${escapeHtml(customer.firstName)} ${escapeHtml(customer.lastName)}</button> <small>${escapeHtml(customer.email)}</small></form></li>`);
  }
  return `<h1>Entrar</h1>${error ? `<p class="error">${escapeHtml(error)}</p>` : ''}
<form method="post" action="/${escapeHtml(account.name)}/login">
<label>E-mail <input name="email" type="email" required></label>
<label>Senha <input name="password" type="password" required></label>
<input type="hidden" name="returnUrl" value="${escapeHtml(returnUrl)}"><button type="submit">Entrar</button></form>
<p><small>Sandbox: every customer's password is the account's sandbox password.</small></p>
${oneClick.length > 0 ? `<h2>Login rápido</h2><ul>${oneClick.join('\n')}</ul>` : '<p>No customers yet: seed the account first.</p>'}`;
}

function sendPage(reply: FastifyReply, status: number, account: Account, title: string, body: string): FastifyReply {
  return reply.code(status).header('content-type', 'text/html; charset=utf-8').send(page(account.name, title, body, scriptTags(account)));
}

export function registerStorefrontRoutes(scope: FastifyInstance, kit: AreaKit): void {
  acceptForms(scope);
  const onRequest = kit.gate('public');

  scope.get<{ Querystring: { returnUrl?: string } }>('/', { onRequest }, async (request, reply) => {
    const account = kit.account(request);
    ensureSession(kit.ctx, account, request, reply);
    const shopper = currentShopper(kit.ctx, account, request);
    if (!shopper) return sendPage(reply, 200, account, 'Entrar', loginForm(account, safeReturnUrl(account, request.query.returnUrl)));
    return sendPage(reply, 200, account, 'Minha conta', `<h1>Olá, ${escapeHtml(shopper.customer.firstName)}!</h1>
<p>${escapeHtml(shopper.customer.email)} · <code>${escapeHtml(shopper.customer.userId)}</code></p>
<p><a href="/${escapeHtml(account.name)}/checkout">Ir para o carrinho</a></p>
<form method="post" action="/${escapeHtml(account.name)}/logout"><button type="submit">Sair</button></form>`);
  });

  scope.post('/login', { onRequest }, async (request, reply) => {
    const account = kit.account(request);
    const identity = account.state(identityStateKey);
    const returnUrl = safeReturnUrl(account, field(request, 'returnUrl'));
    const oneClick = field(request, 'oneClick');
    const email = (oneClick ?? field(request, 'email') ?? '').trim().toLowerCase();
    const index = email === '' ? undefined : account.customers.indexOfEmail(email);
    const customer = index === undefined ? undefined : account.customers.at(index);
    if (index === undefined || !customer || (oneClick === undefined && field(request, 'password') !== identity.password)) {
      return sendPage(reply, 401, account, 'Entrar', loginForm(account, returnUrl, 'E-mail ou senha incorretos.'));
    }
    const session = ensureSession(kit.ctx, account, request, reply);
    const { token, claims } = mintUserToken(kit.ctx, { account: account.name, email: customer.email, userId: customer.userId, sessionId: session.id, ttlMs: identity.tokenTtlMs });
    session.customerIndex = index;
    session.authExpiresMs = claims.exp * 1000;
    const path = cookiePath(account);
    if (!reply.hasHeader('set-cookie')) {
      setCookie(reply, SESSION_COOKIE, sessionToken(kit.ctx, account, session), { path });
      setCookie(reply, SEGMENT_COOKIE, segmentToken(), { path });
    }
    setCookie(reply, authCookieName(account), token, { path, httpOnly: true, maxAge: Math.floor(identity.tokenTtlMs / 1000) });
    return reply.code(303).header('location', returnUrl).send();
  });

  const logout = async (request: FastifyRequest, reply: FastifyReply): Promise<FastifyReply> => {
    const account = kit.account(request);
    const session = currentSession(kit.ctx, account, request);
    if (session) {
      session.customerIndex = null;
      session.authExpiresMs = 0;
    }
    const path = cookiePath(account);
    for (const name of [authCookieName(account), SESSION_COOKIE, SEGMENT_COOKIE]) setCookie(reply, name, '', { path, maxAge: 0, httpOnly: name === authCookieName(account) });
    return reply.code(303).header('location', `/${account.name}/`).send();
  };
  scope.get('/logout', { onRequest }, logout);
  scope.post('/logout', { onRequest }, logout);
}
