// The panel's sign-in: first-run setup, sign-in, sign-out and the current session. Sign-in and
// setup are the only admin routes without authentication; both are rate limited per IP.
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { isSetupNeeded, setUp } from '../../../app/admin/first-run';
import { signIn, signOut, SESSION_MAX_MS, type SignedIn } from '../../../app/admin/sessions';
import { DomainError } from '../../../domain/errors';
import { adminAuth, callerOf, sessionCookie } from '../../auth';
import type { AppDeps } from '../../app';
import { RateLimiter } from '../../rate-limit';
import type { Router } from '../../router';
import { Nullable, errorResponses } from '../../schemas';
import { presentAdminUser } from './present';

const Language = Type.Union([Type.Literal('pt-BR'), Type.Literal('en'), Type.Literal('es')]);

export const AdminUserSchema = Type.Object({
  id: Type.String(),
  email: Type.String(),
  name: Type.String(),
  language: Nullable(Language),
  lastSignInAt: Nullable(Type.String({ format: 'date-time' })),
  lockedUntil: Nullable(Type.String({ format: 'date-time' })),
  disabledAt: Nullable(Type.String({ format: 'date-time' })),
  createdAt: Type.String({ format: 'date-time' }),
});

const Tenant = Type.Object({ id: Type.String(), name: Type.String(), language: Type.String() });

const SignedInSession = Type.Object({
  user: Nullable(AdminUserSchema),
  tenant: Tenant,
  csrfToken: Nullable(Type.String({ description: 'Send it back in X-CSRF-Token with every change' })),
});

const Session = Type.Object({
  user: Nullable(AdminUserSchema),
  tenant: Nullable(Tenant),
  csrfToken: Nullable(Type.String({ description: 'Send it back in X-CSRF-Token with every change' })),
});

export function registerAdminAuth(app: Router, deps: AppDeps) {
  const signInsPerIp = new RateLimiter(20, 60_000);
  const secure = deps.publicUrl.startsWith('https:');
  const limit = (request: FastifyRequest, reply: FastifyReply) => {
    const wait = signInsPerIp.hit(request.ip);
    if (wait !== null) {
      reply.header('retry-after', String(wait));
      throw new DomainError('RATE_LIMITED', `too many sign-in attempts from this address: try again in ${wait} s`);
    }
  };
  const answer = (reply: FastifyReply, status: number, signedIn: SignedIn) =>
    reply
      .status(status)
      .header('set-cookie', sessionCookie(signedIn.cookie, { secure, maxAgeSeconds: SESSION_MAX_MS / 1000 }))
      .header('cache-control', 'no-store')
      .send({ user: presentAdminUser(signedIn.user), tenant: signedIn.tenant, csrfToken: signedIn.csrfToken });

  app.get(
    '/auth/setup',
    {
      schema: {
        tags: ['panel users'],
        summary: 'Whether this deployment still needs its first-run setup (no panel user exists yet)',
        response: { 200: Type.Object({ needed: Type.Boolean() }), ...errorResponses },
      },
    },
    async () => ({ needed: await isSetupNeeded(deps) }),
  );

  app.post(
    '/auth/setup',
    {
      schema: {
        tags: ['panel users'],
        summary: "First run: the first store and its first user, with the token the server's log printed; signs in",
        body: Type.Object(
          {
            token: Type.String({ maxLength: 100 }),
            storeName: Type.String({ maxLength: 200 }),
            name: Type.String({ maxLength: 200 }),
            email: Type.String({ maxLength: 254 }),
            password: Type.String({ maxLength: 200 }),
            language: Type.Optional(Language),
          },
          { additionalProperties: false },
        ),
        response: { 201: SignedInSession, ...errorResponses },
      },
    },
    async (request, reply) => {
      limit(request, reply);
      return answer(reply, 201, await setUp(deps, { ...request.body, language: request.body.language ?? 'pt-BR' }));
    },
  );

  app.post(
    '/auth/sign-in',
    {
      // Public, but a successful sign-in is logged like a change: its caller is set on success.
      config: { audit: { action: 'user.sign_in' } },
      schema: {
        tags: ['panel users'],
        summary: 'Sign in to the panel with e-mail and password; sets the session cookie',
        description:
          '401 INVALID_CREDENTIALS for a wrong e-mail or password (the same answer for both); after 5 failures in a row the ' +
          'user is locked for 15 minutes: 429 TOO_MANY_ATTEMPTS with Retry-After. When the e-mail and password open users ' +
          'of several stores, 409 TENANT_CHOICE lists them in error.details.tenants: send tenantId.',
        body: Type.Object(
          {
            email: Type.String({ minLength: 1, maxLength: 254 }),
            password: Type.String({ minLength: 1, maxLength: 200 }),
            tenantId: Type.Optional(Type.String({ maxLength: 64 })),
          },
          { additionalProperties: false },
        ),
        response: { 200: SignedInSession, ...errorResponses },
      },
    },
    async (request, reply) => {
      limit(request, reply);
      const signedIn = await signIn(deps, request.body);
      request.caller = { tenantId: signedIn.user.tenantId, actor: `user:${signedIn.user.id}`, actorLabel: signedIn.user.email, session: null };
      return answer(reply, 200, signedIn);
    },
  );

  app.post(
    '/auth/sign-out',
    {
      config: { auth: 'admin', audit: { action: 'user.sign_out' } },
      schema: {
        tags: ['panel users'],
        summary: "End the panel session (an API key caller has none: nothing happens)",
        security: [{ session: [] }],
        response: { 204: Type.Null(), ...errorResponses },
      },
    },
    async (request, reply) => {
      const { tenantId, session } = callerOf(request);
      if (session) await signOut(deps, tenantId, session.sessionId);
      return reply.status(204).header('set-cookie', sessionCookie('', { secure, maxAgeSeconds: 0 })).send(null);
    },
  );

  // Signed out is this resource's normal state, not an error: the panel asks at every load, and a
  // 401 there would be noise in every browser console. Anything a session reveals still needs one.
  const authenticate = adminAuth(deps);
  app.get(
    '/auth/session',
    {
      schema: {
        tags: ['panel users'],
        summary: 'Who is signed in, their store, and the CSRF token for changes; all null when nobody is',
        description: 'With an API key instead of a session, the store only (user and csrfToken null).',
        security: [{ session: [] }, { apiKey: [] }, {}],
        response: { 200: Session, ...errorResponses },
      },
    },
    async (request, reply) => {
      reply.header('cache-control', 'no-store');
      const signedOut = { user: null, tenant: null, csrfToken: null };
      try {
        await authenticate(request, reply);
      } catch (error) {
        if (error instanceof DomainError && error.code === 'UNAUTHORIZED') return signedOut;
        throw error;
      }
      const { tenantId, session } = callerOf(request);
      const program = await deps.tenants.get(tenantId);
      if (!program) return signedOut;
      return {
        user: session ? presentAdminUser(session.user) : null,
        tenant: { id: program.tenantId, name: program.name, language: program.language },
        csrfToken: session?.csrfToken ?? null,
      };
    },
  );
}
