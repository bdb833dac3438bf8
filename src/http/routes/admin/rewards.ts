// The reward catalog: create, list, get, change, deactivate.
import { Type } from 'typebox';
import { createReward, deactivateReward, getReward, listRewards, updateReward } from '../../../app/rewards/rewards';
import type { RewardInput } from '../../../domain/reward';
import { callerOf } from '../../auth';
import type { AppDeps } from '../../app';
import type { Router } from '../../router';
import { beforeOf } from './audit-before';
import { PageQuery, Reward, RewardIdParams, RewardInputSchema, errorResponses } from '../../schemas';
import { presentReward } from './present';

const common = { tags: ['rewards'], security: [{ apiKey: [] }] };

export function registerRewards(app: Router, deps: AppDeps) {
  const before = beforeOf(deps);
  app.post(
    '/rewards',
    {
      config: { auth: 'admin', audit: { action: 'reward.create' } },
      schema: { ...common, summary: 'Add a reward to the catalog', body: RewardInputSchema, response: { 201: Reward, ...errorResponses } },
    },
    async (request, reply) => {
      const reward = await createReward(deps, callerOf(request).tenantId, request.body as RewardInput);
      return reply.status(201).send(presentReward(reward));
    },
  );

  app.get(
    '/rewards',
    {
      config: { auth: 'admin' },
      schema: {
        ...common,
        summary: 'The catalog, newest first; `active` filters',
        querystring: Type.Object({ active: Type.Optional(Type.Boolean()), ...PageQuery }, { additionalProperties: false }),
        response: { 200: Type.Object({ items: Type.Array(Reward), nextCursor: Type.Union([Type.String(), Type.Null()]) }), ...errorResponses },
      },
    },
    async (request) => {
      const page = await listRewards(deps, callerOf(request).tenantId, request.query);
      return { items: page.items.map(presentReward), nextCursor: page.nextCursor };
    },
  );

  app.get(
    '/rewards/:rewardId',
    {
      config: { auth: 'admin' },
      schema: { ...common, summary: 'One reward', params: RewardIdParams, response: { 200: Reward, ...errorResponses } },
    },
    async (request) => presentReward(await getReward(deps, callerOf(request).tenantId, request.params.rewardId)),
  );

  app.patch(
    '/rewards/:rewardId',
    {
      config: { auth: 'admin', audit: { action: 'reward.update', before: before.reward } },
      schema: {
        ...common,
        summary: 'Change a reward (null clears an optional field; changing `kind` clears what the old kind needed)',
        params: RewardIdParams,
        body: RewardInputSchema,
        response: { 200: Reward, ...errorResponses },
      },
    },
    async (request) => presentReward(await updateReward(deps, callerOf(request).tenantId, request.params.rewardId, request.body as RewardInput)),
  );

  app.post(
    '/rewards/:rewardId/deactivate',
    {
      config: { auth: 'admin', audit: { action: 'reward.deactivate', before: before.reward } },
      schema: { ...common, summary: 'Take a reward out of the catalog (kept for its redemptions)', params: RewardIdParams, response: { 200: Reward, ...errorResponses } },
    },
    async (request) => presentReward(await deactivateReward(deps, callerOf(request).tenantId, request.params.rewardId)),
  );
}
