// VTEX ID for third parties (VTEX-API.md §7): validate a shopper token server-side, and the
// older "authenticated user" GET that answers a JSON null for anyone not logged in.

import type { FastifyInstance } from 'fastify';
import type { AreaKit } from '../core/area';
import { isRecord } from '../core/control-kit';
import { readCookies } from './cookies';
import { authCookieName } from './identity-state';
import { verifyUserToken } from './tokens';

export function registerVtexIdRoutes(scope: FastifyInstance, kit: AreaKit): void {
  // "This endpoint does not require permissions" (VTEX ID spec): no app key needed.
  const onRequest = kit.gate('public');

  scope.post('/api/vtexid/credential/validate', { onRequest }, async (request, reply) => {
    const token = isRecord(request.body) && typeof request.body.token === 'string' ? request.body.token : undefined;
    const claims = token === undefined ? undefined : verifyUserToken(kit.ctx, token);
    if (!claims) return reply.code(401).send({ authStatus: 'WrongCredentials' });
    // The token's own account, not the one in the path: the caller must compare them.
    return { authStatus: 'Success', id: claims.userId, user: claims.sub, account: claims.account, audience: claims.audience, tokenType: 'user' };
  });

  scope.get<{ Querystring: { authToken?: string } }>('/api/vtexid/pub/authenticated/user', { onRequest }, async (request, reply) => {
    const account = kit.account(request);
    const token = request.query.authToken ?? readCookies(request).get(authCookieName(account));
    const claims = token === undefined ? undefined : verifyUserToken(kit.ctx, token);
    if (!claims) return reply.header('content-type', 'application/json; charset=utf-8').send('null');
    return { userId: claims.userId, user: claims.sub, userType: 'F' };
  });
}
