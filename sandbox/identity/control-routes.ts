// /_sandbox/accounts/{account}/identity: the sandbox password and token lifetime, and a token
// minted without a browser (for tests and the demo).

import type { FastifyInstance } from 'fastify';
import type { SandboxContext } from '../core/area';
import { bodyOf, controlAccount, controlError } from '../core/control-kit';
import { identityStateKey } from './identity-state';
import { mintUserToken } from './tokens';
import { readScripts } from './storefront-scripts';

export function registerIdentityControlRoutes(scope: FastifyInstance, ctx: SandboxContext): void {
  scope.get('/identity', async (request, reply) => {
    const account = controlAccount(ctx, request, reply);
    if (!account) return reply;
    const identity = account.state(identityStateKey);
    return { password: identity.password, tokenTtlSeconds: identity.tokenTtlMs / 1000 };
  });

  scope.put('/identity', async (request, reply) => {
    const account = controlAccount(ctx, request, reply);
    if (!account) return reply;
    const identity = account.state(identityStateKey);
    const { password, tokenTtlSeconds } = bodyOf(request);
    if (password !== undefined && (typeof password !== 'string' || password === '')) return controlError(reply, 400, 'password must be a non-empty string');
    if (tokenTtlSeconds !== undefined && (typeof tokenTtlSeconds !== 'number' || !Number.isInteger(tokenTtlSeconds) || tokenTtlSeconds < 1)) {
      return controlError(reply, 400, 'tokenTtlSeconds must be a positive integer');
    }
    if (typeof password === 'string') identity.password = password;
    if (typeof tokenTtlSeconds === 'number') identity.tokenTtlMs = tokenTtlSeconds * 1000;
    return { password: identity.password, tokenTtlSeconds: identity.tokenTtlMs / 1000 };
  });

  scope.put('/storefront/scripts', async (request, reply) => {
    const account = controlAccount(ctx, request, reply);
    if (!account) return reply;
    const scripts = readScripts(bodyOf(request));
    if (typeof scripts === 'string') return controlError(reply, 400, scripts);
    account.state(identityStateKey).storefrontScripts = scripts;
    return { scripts };
  });

  scope.post('/identity/tokens', async (request, reply) => {
    const account = controlAccount(ctx, request, reply);
    if (!account) return reply;
    const { email, userId, customerIndex } = bodyOf(request);
    const index = typeof customerIndex === 'number' ? customerIndex
      : typeof userId === 'string' ? account.customers.indexOfUserId(userId)
        : typeof email === 'string' ? account.customers.indexOfEmail(email.toLowerCase()) : undefined;
    const customer = index === undefined ? undefined : account.customers.at(index);
    if (!customer) return controlError(reply, 404, 'customer not found (give email, userId or customerIndex)');
    const session = account.state(identityStateKey).createSession(ctx.clock.now());
    const { token, claims } = mintUserToken(ctx, { account: account.name, email: customer.email, userId: customer.userId, sessionId: session.id, ttlMs: account.state(identityStateKey).tokenTtlMs });
    return reply.code(201).send({ token, expires: claims.exp, userId: customer.userId, email: customer.email });
  });
}
