import { Type } from 'typebox';
import { listAudit } from '../../../app/admin/audit-log';
import { callerOf } from '../../auth';
import type { AppDeps } from '../../app';
import type { Router } from '../../router';
import { Nullable, PageQuery, errorResponses } from '../../schemas';
import { presentAuditEntry } from './present';

const AuditEntry = Type.Object({
  id: Type.String(),
  actor: Type.String({ description: 'user:{id} or apikey:{id}' }),
  actorLabel: Type.String(),
  action: Type.String(),
  targetId: Nullable(Type.String()),
  before: Type.Unknown({ description: 'The target before the change (secrets redacted), or null' }),
  after: Type.Unknown({ description: 'The answer to the change (secrets redacted), or null' }),
  requestId: Nullable(Type.String()),
  createdAt: Type.String({ format: 'date-time' }),
});

export function registerAuditLogList(app: Router, deps: AppDeps) {
  app.get(
    '/audit-log',
    {
      config: { auth: 'admin' },
      schema: {
        tags: ['audit log'],
        summary: 'Every change made through the admin API, newest first: who, what, when, before and after',
        security: [{ apiKey: [] }, { session: [] }],
        querystring: Type.Object(
          {
            action: Type.Optional(Type.String({ maxLength: 64 })),
            actor: Type.Optional(Type.String({ maxLength: 100 })),
            targetId: Type.Optional(Type.String({ maxLength: 100 })),
            ...PageQuery,
          },
          { additionalProperties: false },
        ),
        response: { 200: Type.Object({ items: Type.Array(AuditEntry), nextCursor: Nullable(Type.String()) }), ...errorResponses },
      },
    },
    async (request) => {
      const page = await listAudit(deps, callerOf(request).tenantId, request.query);
      return { items: page.items.map(presentAuditEntry), nextCursor: page.nextCursor };
    },
  );
}
