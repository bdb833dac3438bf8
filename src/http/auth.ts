import { timingSafeEqual } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { DomainError } from '../domain/errors';
import { authenticateApiKey } from '../app/tenants/api-keys';
import { authenticateSession } from '../app/admin/sessions';
import type { AdminUser, AdminUserStore } from '../app/admin/ports';
import type { Clock, TenantStore } from '../app/ports';

export interface Caller {
  tenantId: string;
  /** `apikey:{keyId}` or `user:{userId}`: who made a change, for the ledger and the audit log. */
  actor: string;
  /** How the audit log names the actor: the user's e-mail, or the API key's id. */
  actorLabel: string;
  /** Signed in to the panel (null for an API key). */
  session: { user: AdminUser; sessionId: string; csrfToken: string } | null;
}

export interface AuditSpec {
  /** `program.update`, `member.erase`, … */
  action: string;
  before?: (request: FastifyRequest) => Promise<unknown>;
  /** False: the answer is not copied into the log (it is personal data, such as an export). */
  logAnswer?: boolean;
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

export const SESSION_COOKIE = 'pontua_admin';
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** The value of one cookie of the request, if present. */
export function cookieOf(request: FastifyRequest, name: string): string | null {
  const header = request.headers.cookie;
  if (typeof header !== 'string') return null;
  for (const part of header.split(';')) {
    const index = part.indexOf('=');
    if (index > 0 && part.slice(0, index).trim() === name) return part.slice(index + 1).trim();
  }
  return null;
}

/** The session cookie: HttpOnly (scripts cannot read it), SameSite=Strict, only for the admin API. */
export function sessionCookie(value: string, options: { secure: boolean; maxAgeSeconds: number }): string {
  return [
    `${SESSION_COOKIE}=${value}`,
    'Path=/api/admin',
    'HttpOnly',
    'SameSite=Strict',
    `Max-Age=${options.maxAgeSeconds}`,
    ...(options.secure ? ['Secure'] : []),
  ].join('; ');
}

const sameText = (a: string, b: string) => {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
};

/**
 * The admin API's caller: an API key (`Authorization: Bearer`), else the panel's session cookie.
 * A change made with the cookie must carry the session's CSRF token in `X-CSRF-Token`: the cookie
 * is sent by the browser on its own, the token only by the panel's own script.
 */
export function adminAuth(deps: { tenants: TenantStore; adminUsers: AdminUserStore; clock: Clock }) {
  return async (request: FastifyRequest, _reply: FastifyReply) => {
    const header = request.headers.authorization;
    if (typeof header === 'string') {
      const match = /^Bearer\s+(\S+)$/i.exec(header);
      if (!match?.[1]) throw new DomainError('UNAUTHORIZED', 'a valid API key is required (Authorization: Bearer <key>)');
      const { tenantId, keyId } = await authenticateApiKey(deps, match[1]);
      request.caller = { tenantId, actor: `apikey:${keyId}`, actorLabel: `API key ${keyId}`, session: null };
      return;
    }
    const cookie = cookieOf(request, SESSION_COOKIE);
    const session = cookie ? await authenticateSession(deps, cookie) : null;
    if (!session) throw new DomainError('UNAUTHORIZED', 'sign in, or send an API key (Authorization: Bearer <key>)');
    if (!SAFE_METHODS.has(request.method)) {
      const token = request.headers['x-csrf-token'];
      if (typeof token !== 'string' || !sameText(token, session.csrfToken)) {
        throw new DomainError('CSRF_FAILED', 'this change must come from the panel (X-CSRF-Token missing or wrong)');
      }
    }
    const { user } = session;
    request.caller = {
      tenantId: user.tenantId,
      actor: `user:${user.id}`,
      actorLabel: user.email,
      session: { user, sessionId: session.sessionId, csrfToken: session.csrfToken },
    };
  };
}

/** The authenticated caller of a route declared with `config: { auth }`. */
export function callerOf(request: FastifyRequest): Caller {
  if (!request.caller) throw new DomainError('UNAUTHORIZED', 'authentication is required');
  return request.caller;
}
