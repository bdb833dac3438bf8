// The store's panel users (add, rename, disable) and the signed-in user's own profile and password.
import { Type } from 'typebox';
import { changePassword, createUser, listUsers, updateUser } from '../../../app/admin/users';
import { DomainError } from '../../../domain/errors';
import { callerOf, type Caller } from '../../auth';
import type { AppDeps } from '../../app';
import type { Router } from '../../router';
import { Nullable, errorResponses } from '../../schemas';
import { AdminUserSchema } from './auth';
import { presentAdminUser } from './present';

const Language = Type.Union([Type.Literal('pt-BR'), Type.Literal('en'), Type.Literal('es')]);
const UserIdParams = Type.Object({ userId: Type.String({ maxLength: 64 }) });

function sessionOf(caller: Caller) {
  if (!caller.session) throw new DomainError('INVALID_STATE', 'this is about a signed-in user: an API key has no profile');
  return caller.session;
}

export function registerUsers(app: Router, deps: AppDeps) {
  const userBefore = async (tenantId: string, userId: string) => {
    const user = await deps.adminUsers.get(tenantId, userId);
    return user ? presentAdminUser(user) : null;
  };

  app.get(
    '/users',
    {
      config: { auth: 'admin' },
      schema: {
        tags: ['panel users'],
        summary: "The store's panel users",
        security: [{ apiKey: [] }, { session: [] }],
        response: { 200: Type.Object({ items: Type.Array(AdminUserSchema) }), ...errorResponses },
      },
    },
    async (request) => ({ items: (await listUsers(deps, callerOf(request).tenantId)).map(presentAdminUser) }),
  );

  app.post(
    '/users',
    {
      config: { auth: 'admin', audit: { action: 'user.create' } },
      schema: {
        tags: ['panel users'],
        summary: 'Add a panel user with a first password (at least 10 characters) to pass on to them',
        security: [{ apiKey: [] }, { session: [] }],
        body: Type.Object(
          {
            email: Type.String({ maxLength: 254 }),
            name: Type.String({ maxLength: 200 }),
            password: Type.String({ maxLength: 200 }),
            language: Type.Optional(Nullable(Language)),
          },
          { additionalProperties: false },
        ),
        response: { 201: AdminUserSchema, ...errorResponses },
      },
    },
    async (request, reply) => reply.status(201).send(presentAdminUser(await createUser(deps, callerOf(request).tenantId, request.body))),
  );

  app.patch(
    '/users/:userId',
    {
      config: {
        auth: 'admin',
        audit: {
          action: 'user.update',
          before: (request) => userBefore(callerOf(request).tenantId, (request.params as { userId: string }).userId),
        },
      },
      schema: {
        tags: ['panel users'],
        summary: "Rename a user, set their panel language, or disable / enable them (a disabled user's sessions end)",
        security: [{ apiKey: [] }, { session: [] }],
        params: UserIdParams,
        body: Type.Object(
          { name: Type.Optional(Type.String({ maxLength: 200 })), language: Type.Optional(Nullable(Language)), disabled: Type.Optional(Type.Boolean()) },
          { additionalProperties: false },
        ),
        response: { 200: AdminUserSchema, ...errorResponses },
      },
    },
    async (request) => {
      const caller = callerOf(request);
      const user = await updateUser(deps, caller.tenantId, request.params.userId, request.body, caller.session?.user.id ?? null);
      return presentAdminUser(user);
    },
  );

  app.patch(
    '/me',
    {
      config: {
        auth: 'admin',
        audit: { action: 'user.update_own', before: (request) => userBefore(callerOf(request).tenantId, sessionOf(callerOf(request)).user.id) },
      },
      schema: {
        tags: ['panel users'],
        summary: "The signed-in user's name or panel language (null: the program's)",
        security: [{ session: [] }],
        body: Type.Object({ name: Type.Optional(Type.String({ maxLength: 200 })), language: Type.Optional(Nullable(Language)) }, { additionalProperties: false }),
        response: { 200: AdminUserSchema, ...errorResponses },
      },
    },
    async (request) => {
      const caller = callerOf(request);
      const { user } = sessionOf(caller);
      return presentAdminUser(await updateUser(deps, caller.tenantId, user.id, request.body, user.id));
    },
  );

  app.post(
    '/me/password',
    {
      config: { auth: 'admin', audit: { action: 'user.change_password' } },
      schema: {
        tags: ['panel users'],
        summary: "Change the signed-in user's password; their other sessions end",
        security: [{ session: [] }],
        body: Type.Object(
          { currentPassword: Type.String({ minLength: 1, maxLength: 200 }), newPassword: Type.String({ maxLength: 200 }) },
          { additionalProperties: false },
        ),
        response: { 204: Type.Null(), ...errorResponses },
      },
    },
    async (request, reply) => {
      const session = sessionOf(callerOf(request));
      await changePassword(deps, session.user, session.sessionId, request.body);
      return reply.status(204).send(null);
    },
  );
}
