// The store's API keys: listed without their secrets, created (the key is shown this once), revoked.
import { Type } from 'typebox';
import { createApiKey, listApiKeys, revokeApiKey } from '../../../app/tenants/api-keys';
import { callerOf } from '../../auth';
import type { AppDeps } from '../../app';
import type { Router } from '../../router';
import { Nullable, errorResponses } from '../../schemas';
import { presentApiKey } from './present';

const ApiKey = Type.Object({
  id: Type.String(),
  name: Type.String(),
  createdAt: Type.String({ format: 'date-time' }),
  revokedAt: Nullable(Type.String({ format: 'date-time' })),
});

export function registerApiKeys(app: Router, deps: AppDeps) {
  app.get(
    '/api-keys',
    {
      config: { auth: 'admin' },
      schema: {
        tags: ['api keys'],
        summary: "The store's API keys (never their secrets)",
        security: [{ apiKey: [] }, { session: [] }],
        response: { 200: Type.Object({ items: Type.Array(ApiKey) }), ...errorResponses },
      },
    },
    async (request) => ({ items: (await listApiKeys(deps, callerOf(request).tenantId)).map(presentApiKey) }),
  );

  app.post(
    '/api-keys',
    {
      config: { auth: 'admin', audit: { action: 'api_key.create' } },
      schema: {
        tags: ['api keys'],
        summary: 'Create an API key; the answer is the only time its secret is shown',
        security: [{ apiKey: [] }, { session: [] }],
        body: Type.Object({ name: Type.String({ maxLength: 200 }) }, { additionalProperties: false }),
        response: { 201: Type.Intersect([ApiKey, Type.Object({ apiKey: Type.String() })]), ...errorResponses },
      },
    },
    async (request, reply) => {
      const tenantId = callerOf(request).tenantId;
      const created = await createApiKey(deps, { tenantId, name: request.body.name });
      const key = (await listApiKeys(deps, tenantId)).find((k) => k.id === created.keyId);
      if (!key) throw new Error(`the API key ${created.keyId} was not saved`);
      return reply.status(201).send({ ...presentApiKey(key), apiKey: created.apiKey });
    },
  );

  app.post(
    '/api-keys/:keyId/revoke',
    {
      config: { auth: 'admin', audit: { action: 'api_key.revoke' } },
      schema: {
        tags: ['api keys'],
        summary: 'Revoke an API key: it stops working at once (revoking the key making this call works too)',
        security: [{ apiKey: [] }, { session: [] }],
        params: Type.Object({ keyId: Type.String({ maxLength: 64 }) }),
        response: { 200: ApiKey, ...errorResponses },
      },
    },
    async (request) => presentApiKey(await revokeApiKey(deps, callerOf(request).tenantId, request.params.keyId)),
  );
}
