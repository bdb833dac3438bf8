import { Type } from 'typebox';
import { listMembers } from '../../../app/members/members';
import { callerOf } from '../../auth';
import type { AppDeps } from '../../app';
import type { Router } from '../../router';
import { Member, PageQuery, errorResponses } from '../../schemas';
import { presentMember } from './present';

export function registerMembersList(app: Router, deps: AppDeps) {
  app.get(
    '/members',
    {
      config: { auth: 'admin' },
      schema: {
        tags: ['members'],
        summary: 'Search members by name, e-mail, document or external id, newest first',
        security: [{ apiKey: [] }],
        querystring: Type.Object({ query: Type.Optional(Type.String({ maxLength: 200 })), ...PageQuery }, { additionalProperties: false }),
        response: { 200: Type.Object({ items: Type.Array(Member), nextCursor: Type.Union([Type.String(), Type.Null()]) }), ...errorResponses },
      },
    },
    async (request) => {
      const page = await listMembers(deps, callerOf(request).tenantId, {
        search: request.query.query,
        cursor: request.query.cursor,
        limit: request.query.limit,
      });
      return { items: page.items.map(presentMember), nextCursor: page.nextCursor };
    },
  );
}
