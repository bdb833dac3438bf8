import { getMemberWithBalance } from '../../../app/members/members';
import { callerOf } from '../../auth';
import type { AppDeps } from '../../app';
import type { Router } from '../../router';
import { MemberIdParams, MemberWithBalance, errorResponses } from '../../schemas';
import { presentMemberWithBalance } from './present';

export function registerMembersGet(app: Router, deps: AppDeps) {
  app.get(
    '/members/:memberId',
    {
      config: { auth: 'admin' },
      schema: {
        tags: ['members'],
        summary: 'A member with its balance',
        security: [{ apiKey: [] }],
        params: MemberIdParams,
        response: { 200: MemberWithBalance, ...errorResponses },
      },
    },
    async (request) => {
      const { member, balance } = await getMemberWithBalance(deps, callerOf(request).tenantId, request.params.memberId);
      return presentMemberWithBalance(member, balance);
    },
  );
}
