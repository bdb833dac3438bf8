// The state of an audited change's target before the change, as the API shows it; null when there
// is none (the change will answer 404 itself).
import type { FastifyRequest } from 'fastify';
import { getMemberWithBalance } from '../../../app/members/members';
import { getProgram } from '../../../app/tenants/program';
import { getReward } from '../../../app/rewards/rewards';
import { getRedemption } from '../../../app/rewards/redemptions';
import { getVtexIntegration } from '../../../app/integrations/get-vtex-integration';
import { DomainError } from '../../../domain/errors';
import { callerOf } from '../../auth';
import type { AppDeps } from '../../app';
import { presentMemberWithBalance, presentProgram, presentRedemption, presentReward } from './present';
import { presentVtexIntegration } from './vtex-integration.get';

const orNull = async <T>(read: () => Promise<T>): Promise<T | null> => {
  try {
    return await read();
  } catch (error) {
    if (error instanceof DomainError && error.code === 'NOT_FOUND') return null;
    throw error;
  }
};

const param = (request: FastifyRequest, name: string) => (request.params as Record<string, string>)[name] ?? '';

export const beforeOf = (deps: AppDeps) => ({
  member: (request: FastifyRequest) =>
    orNull(async () => {
      const { member, balance } = await getMemberWithBalance(deps, callerOf(request).tenantId, param(request, 'memberId'));
      return presentMemberWithBalance(member, balance);
    }),
  program: (request: FastifyRequest) => orNull(async () => presentProgram(await getProgram(deps, callerOf(request).tenantId))),
  integration: (request: FastifyRequest) =>
    orNull(async () => presentVtexIntegration(await getVtexIntegration(deps, callerOf(request).tenantId))),
  reward: (request: FastifyRequest) => orNull(async () => presentReward(await getReward(deps, callerOf(request).tenantId, param(request, 'rewardId')))),
  redemption: (request: FastifyRequest) =>
    orNull(async () => {
      const tenantId = callerOf(request).tenantId;
      const program = await getProgram(deps, tenantId);
      return presentRedemption(await getRedemption(deps, tenantId, param(request, 'redemptionId')), program.language);
    }),
});
