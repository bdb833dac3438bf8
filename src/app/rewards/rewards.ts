// The reward catalog of a program. Every call is scoped to the caller's tenant: another tenant's
// reward id answers NOT_FOUND. Rewards are deactivated, never deleted: redemptions refer to them.
import { invalid, notFound } from '../../domain/errors';
import { MANUAL_REWARD_STATE, validateReward, type Reward, type RewardInput } from '../../domain/reward';
import { newId } from '../ids';
import type { Clock } from '../ports';
import type { RewardStore } from './ports';
import { pageLimit } from '../paging';

interface Deps {
  rewards: RewardStore;
  clock: Clock;
}

/** Errors: VALIDATION_FAILED (every invalid field). */
export async function createReward(deps: Deps, tenantId: string, input: RewardInput): Promise<Reward> {
  const fields = validateReward(input, null);
  const now = deps.clock.now();
  const reward: Reward = { ...fields, ...MANUAL_REWARD_STATE, tenantId, id: newId('rwd', now.getTime()), createdAt: now, updatedAt: now };
  await deps.rewards.create(reward);
  return reward;
}

/** Errors: VALIDATION_FAILED, NOT_FOUND. */
export async function updateReward(deps: Deps, tenantId: string, rewardId: string, input: RewardInput): Promise<Reward> {
  const current = await getReward(deps, tenantId, rewardId);
  const fields = validateReward(input, current);
  // A cost the merchant sets on an imported product stays when the catalog is refreshed.
  const costEdited = current.costEdited || (current.source === 'vtex' && input.cost !== undefined && fields.cost !== current.cost);
  // The merchant acted on the reward (freed a promotion in VTEX, changed it): issuing may be tried again.
  const updated = await deps.rewards.update({ ...current, ...fields, costEdited, issueError: null, updatedAt: deps.clock.now() });
  if (!updated) throw notFound('reward');
  return updated;
}

export async function deactivateReward(deps: Deps, tenantId: string, rewardId: string): Promise<Reward> {
  return updateReward(deps, tenantId, rewardId, { active: false });
}

export async function getReward(deps: Pick<Deps, 'rewards'>, tenantId: string, rewardId: string): Promise<Reward> {
  const reward = await deps.rewards.get(tenantId, rewardId);
  if (!reward) throw notFound('reward');
  return reward;
}

export async function listRewards(
  deps: Pick<Deps, 'rewards'>,
  tenantId: string,
  query: { active?: boolean | undefined; cursor?: string | undefined; limit?: number | undefined },
) {
  const limit = pageLimit(query.limit);
  if (query.cursor !== undefined && !/^rwd_[A-Za-z0-9_-]{1,100}$/.test(query.cursor)) throw invalid('cursor', 'is not a cursor this API gave');
  return deps.rewards.list(tenantId, { active: query.active ?? null, cursor: query.cursor ?? null, limit });
}
