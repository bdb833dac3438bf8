import type { FastifyReply, FastifyRequest } from 'fastify';
import { DomainError } from '../domain/errors';
import { authenticateApiKey } from '../app/tenants/api-keys';
import type { TenantStore } from '../app/ports';

export interface Caller {
  tenantId: string;
  /** `apikey:{keyId}`: who made a change, for the ledger and the audit log. */
  actor: string;
}

declare module 'fastify' {
  interface FastifyRequest {
    caller: Caller | null;
  }
  interface FastifyContextConfig {
    /**
     * How a route is authenticated; routes without it are public. admin: the admin API, by a
     * tenant API key or a panel user's session cookie (with its CSRF token on changes);
     * storefrontKey: a program's public key (the storefront); memberToken: also a member token.
     */
    auth?: 'admin' | 'storefrontKey' | 'memberToken';
    /**
     * Every admin route that changes something names its action for the audit log (checked by the
     * security suite); `before` reads the target's state ahead of the change.
     */
    audit?: AuditSpec;
  }
}

export interface AuditSpec {
  /** `program.update`, `member.erase`, … */
  action: string;
  before?: (request: FastifyRequest) => Promise<unknown>;
}

export function apiKeyAuth(deps: { tenants: TenantStore }) {
  return async (request: FastifyRequest, _reply: FastifyReply) => {
    const header = request.headers.authorization;
    const match = typeof header === 'string' ? /^Bearer\s+(\S+)$/i.exec(header) : null;
    if (!match?.[1]) throw new DomainError('UNAUTHORIZED', 'a valid API key is required (Authorization: Bearer <key>)');
    const { tenantId, keyId } = await authenticateApiKey(deps, match[1]);
    request.caller = { tenantId, actor: `apikey:${keyId}` };
  };
}

/** The authenticated caller of a route declared with `config: { auth }`. */
export function callerOf(request: FastifyRequest): Caller {
  if (!request.caller) throw new DomainError('UNAUTHORIZED', 'authentication is required');
  return request.caller;
}
