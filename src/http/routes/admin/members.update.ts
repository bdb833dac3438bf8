import { Type } from 'typebox';
import { updateMember } from '../../../app/members/members';
import { callerOf } from '../../auth';
import type { AppDeps } from '../../app';
import type { Router } from '../../router';
import { beforeOf } from './audit-before';
import { Member, MemberFieldsSchema, MemberIdParams, errorResponses } from '../../schemas';
import { presentMember } from './present';

export function registerMembersUpdate(app: Router, deps: AppDeps) {
  const before = beforeOf(deps);
  app.patch(
    '/members/:memberId',
    {
      config: { auth: 'admin', audit: { action: 'member.update', before: before.member } },
      schema: {
        tags: ['members'],
        summary: "Change a member's data (null clears a field)",
        security: [{ apiKey: [] }],
        params: MemberIdParams,
        body: Type.Object(MemberFieldsSchema, { additionalProperties: false }),
        response: { 200: Member, ...errorResponses },
      },
    },
    async (request) => {
      const member = await updateMember(deps, callerOf(request).tenantId, request.params.memberId, request.body);
      return presentMember(member);
    },
  );
}
