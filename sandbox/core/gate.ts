// The shared front door of every VTEX route: resolve the account from the path, check the app
// key and its License Manager resources, then apply the account's faults. The order matters:
// auth errors stay deterministic while faults only hit requests that would have succeeded.

import type { FastifyInstance, FastifyReply, FastifyRequest, onRequestHookHandler } from 'fastify';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Account } from './account';
import type { Access, AreaKit, Principal, SandboxArea, SandboxContext } from './area';

const accounts = new WeakMap<FastifyRequest, Account>();
const principals = new WeakMap<FastifyRequest, Principal>();
/** Requests already counted out of their account's in-flight number. */
const finished = new WeakSet<FastifyRequest>();

function headerValue(request: FastifyRequest, name: string): string | undefined {
  // Node lower-cases incoming header names, which makes the VTEX headers case-insensitive.
  const value = request.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

function accountName(request: FastifyRequest): string {
  const params = request.params;
  if (typeof params === 'object' && params !== null && 'account' in params && typeof params.account === 'string') {
    return params.account;
  }
  return '';
}

export function makeAreaKit(area: SandboxArea, ctx: SandboxContext): AreaKit {
  const fail = (reply: FastifyReply, status: number, message: string, code?: string): FastifyReply =>
    reply.code(status).header('content-type', 'application/json; charset=utf-8').send(area.errorBody(status, message, code));

  const gate = (access: Access): onRequestHookHandler =>
    async function vtexGate(request, reply) {
      const account = ctx.registry.get(accountName(request));
      if (!account) return fail(reply, 404, `Account ${accountName(request)} not found`);
      accounts.set(request, account);
      account.requestStarted();
      if (access !== 'public') {
        const key = account.authenticate(headerValue(request, 'x-vtex-api-appkey'), headerValue(request, 'x-vtex-api-apptoken'));
        if (!key) return fail(reply, 401, 'Unauthorized access');
        principals.set(request, { appKey: key.appKey, resources: key.resources });
        if (!access.resources.some((resource) => key.resources.has(resource))) {
          return fail(reply, 403, 'The credentials are not enabled to access the service');
        }
      }
      const fault = account.faults.forRequest();
      if (fault.latencyMs > 0) await sleep(fault.latencyMs);
      if (fault.kind === 'rate-limit') {
        reply.header('retry-after', String(fault.retryAfterSeconds));
        return fail(reply, 429, 'Too many requests');
      }
      if (fault.kind === 'server-error') return fail(reply, fault.status, 'Internal server error');
      return undefined;
    };

  return {
    ctx,
    gate,
    fail,
    account(request) {
      const account = accounts.get(request);
      if (!account) throw new Error('route registered without the account gate');
      return account;
    },
    principal: (request) => principals.get(request),
  };
}

/** Records every request that reached a known account, for /_sandbox inspection. */
export function recordRequests(scope: FastifyInstance): void {
  // A request ends once: answered, or abandoned by the client.
  const ended = (request: FastifyRequest): Account | undefined => {
    const account = accounts.get(request);
    if (account && !finished.has(request)) {
      finished.add(request);
      account.requestEnded();
    }
    return account;
  };
  scope.addHook('onRequestAbort', async (request) => {
    ended(request);
  });
  scope.addHook('onResponse', async (request, reply) => {
    const account = ended(request);
    if (!account) return;
    account.requests.push({
      at: new Date().toISOString(),
      method: request.method,
      url: request.url,
      status: reply.statusCode,
      appKey: principals.get(request)?.appKey ?? headerValue(request, 'x-vtex-api-appkey') ?? null,
      durationMs: Math.round(reply.elapsedTime * 100) / 100,
    });
  });
}
