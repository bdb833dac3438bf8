import { Type } from 'typebox';
import { createMember } from '../../../app/members/members';
import { callerOf } from '../../auth';
import type { AppDeps } from '../../app';
import type { Router } from '../../router';
import { Member, MemberFieldsSchema, errorResponses } from '../../schemas';
import { presentMember } from './present';

export function registerMembersCreate(app: Router, deps: AppDeps) {
  app.post(
    '/members',
    {
      config: { auth: 'admin', audit: { action: 'member.create' } },
      schema: {
        tags: ['members'],
        summary: 'Enrol a member',
        security: [{ apiKey: [] }],
        body: Type.Object(MemberFieldsSchema, { additionalProperties: false }),
        response: { 201: Member, ...errorResponses },
      },
    },
    async (request, reply) => {
      const member = await createMember(deps, callerOf(request).tenantId, request.body);
      return reply.status(201).send(presentMember(member));
    },
  );
}
