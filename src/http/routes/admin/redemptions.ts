// Redemptions: a member redeems a reward (its cost held at once), and the program's list.
import { Type } from 'typebox';
import { approveRedemption, decideRedemptions, getRedemption, listRedemptions, redeem, rejectRedemption } from '../../../app/rewards/redemptions';
import { cancelRedemption } from '../../../app/rewards/issue-coupon';
import type { Language } from '../../../domain/program';
import { callerOf } from '../../auth';
import type { AppDeps } from '../../app';
import type { Router } from '../../router';
import { beforeOf } from './audit-before';
import { MemberIdParams, PageQuery, Redemption, RedemptionIdParams, errorResponses } from '../../schemas';
import { presentRedemption } from './present';

const common = { tags: ['redemptions'], security: [{ apiKey: [] }] };

export function registerRedemptions(app: Router, deps: AppDeps) {
  const before = beforeOf(deps);
  /** Redemptions are shown with instructions in the program's language. */
  const languageOf = async (tenantId: string): Promise<Language> => (await deps.tenants.get(tenantId))?.language ?? 'pt-BR';
  const presenter = async (tenantId: string) => {
    const language = await languageOf(tenantId);
    return (redemption: Parameters<typeof presentRedemption>[0]) => presentRedemption(redemption, language);
  };

  app.post(
    '/members/:memberId/redemptions',
    {
      config: { auth: 'admin', audit: { action: 'redemption.create' } },
      schema: {
        ...common,
        summary: 'Redeem a reward for a member: its cost is held and its VTEX coupon issued at once',
        description:
          'Requires an Idempotency-Key header: a retry with the same key answers the original redemption ' +
          '(Idempotent-Replayed: true) and holds nothing more. 409 with INSUFFICIENT_POINTS, OUT_OF_STOCK, ' +
          'LIMIT_REACHED or REWARD_UNAVAILABLE holds nothing. The answer is `issued` with the coupon code, ' +
          '`pending_approval` when the merchant approves redemptions, or `issuing` when VTEX did not answer in time ' +
          '(the points stay held and the coupon is issued in the background).',
        params: MemberIdParams,
        headers: Type.Object({ 'idempotency-key': Type.String({ minLength: 1, maxLength: 200 }) }),
        body: Type.Object({ rewardId: Type.String({ minLength: 1, maxLength: 64 }) }, { additionalProperties: false }),
        response: { 201: Redemption, ...errorResponses },
      },
    },
    async (request, reply) => {
      const { tenantId } = callerOf(request);
      // Read while the redemption runs (handled here too, so a redemption that fails first leaves no unhandled rejection).
      const present = presenter(tenantId);
      present.catch(() => undefined);
      const { redemption, replayed } = await redeem(deps, {
        tenantId,
        memberId: request.params.memberId,
        rewardId: request.body.rewardId,
        idempotencyKey: request.headers['idempotency-key'],
      });
      if (replayed) reply.header('idempotent-replayed', 'true');
      return reply.status(201).send((await present)(redemption));
    },
  );

  app.get(
    '/redemptions',
    {
      config: { auth: 'admin' },
      schema: {
        ...common,
        summary: "The program's redemptions, newest first, by status or member",
        querystring: Type.Object(
          { status: Type.Optional(Type.String({ maxLength: 40 })), memberId: Type.Optional(Type.String({ maxLength: 64 })), ...PageQuery },
          { additionalProperties: false },
        ),
        response: { 200: Type.Object({ items: Type.Array(Redemption), nextCursor: Type.Union([Type.String(), Type.Null()]) }), ...errorResponses },
      },
    },
    async (request) => {
      const { tenantId } = callerOf(request);
      const page = await listRedemptions(deps, tenantId, request.query);
      const present = await presenter(tenantId);
      return { items: page.items.map(present), nextCursor: page.nextCursor };
    },
  );

  const Reason = Type.Object({ reason: Type.String({ minLength: 1, maxLength: 500 }) }, { additionalProperties: false });
  const BulkResult = Type.Object({
    results: Type.Array(Type.Object({ id: Type.String(), redemption: Type.Optional(Redemption), error: Type.Optional(Type.Object({ code: Type.String(), message: Type.String() })) })),
  });
  const bulkIds = { redemptionIds: Type.Array(Type.String({ maxLength: 64 }), { minItems: 1, maxItems: 100 }) };
  const presentResults = async (tenantId: string, results: Awaited<ReturnType<typeof decideRedemptions>>) => {
    const present = await presenter(tenantId);
    return {
      results: results.map((result) =>
        'redemption' in result
          ? { id: result.id, redemption: present(result.redemption) }
          : { id: result.id, error: { code: result.error.code, message: result.error.message } },
      ),
    };
  };

  app.post(
    '/redemptions/:redemptionId/approve',
    {
      config: { auth: 'admin', audit: { action: 'redemption.approve', before: before.redemption } },
      schema: { ...common, summary: 'Approve a redemption waiting for approval: its coupon is issued next', params: RedemptionIdParams, response: { 200: Redemption, ...errorResponses } },
    },
    async (request) => {
      const { tenantId } = callerOf(request);
      return (await presenter(tenantId))(await approveRedemption(deps, tenantId, request.params.redemptionId));
    },
  );

  app.post(
    '/redemptions/:redemptionId/reject',
    {
      config: { auth: 'admin', audit: { action: 'redemption.reject', before: before.redemption } },
      schema: {
        ...common,
        summary: 'Reject a redemption waiting for approval: its points go back to the member, who is told the reason',
        params: RedemptionIdParams,
        body: Reason,
        response: { 200: Redemption, ...errorResponses },
      },
    },
    async (request) => {
      const { tenantId } = callerOf(request);
      return (await presenter(tenantId))(await rejectRedemption(deps, tenantId, request.params.redemptionId, request.body.reason));
    },
  );

  app.post(
    '/redemptions/:redemptionId/cancel',
    {
      config: { auth: 'admin', audit: { action: 'redemption.cancel', before: before.redemption } },
      schema: {
        ...common,
        summary: 'Cancel an issued, unused coupon: archived in VTEX, then its points go back to the member',
        description: '409 INVALID_STATE when it is not issued or an order already used it; 503 VTEX_UNAVAILABLE when VTEX could not archive it (nothing changed).',
        params: RedemptionIdParams,
        body: Reason,
        response: { 200: Redemption, ...errorResponses },
      },
    },
    async (request) => {
      const { tenantId } = callerOf(request);
      const reason = request.body.reason.trim();
      const cancelled = await cancelRedemption(deps, { tenantId, id: request.params.redemptionId }, reason);
      return (await presenter(tenantId))(cancelled);
    },
  );

  app.post(
    '/redemptions/approve',
    {
      config: { auth: 'admin', audit: { action: 'redemption.approve_many' } },
      schema: {
        ...common,
        summary: 'Approve up to 100 redemptions; each answers its redemption or its error',
        body: Type.Object(bulkIds, { additionalProperties: false }),
        response: { 200: BulkResult, ...errorResponses },
      },
    },
    async (request) => {
      const { tenantId } = callerOf(request);
      return presentResults(tenantId, await decideRedemptions(deps, tenantId, { approve: true }, request.body.redemptionIds));
    },
  );

  app.post(
    '/redemptions/reject',
    {
      config: { auth: 'admin', audit: { action: 'redemption.reject_many' } },
      schema: {
        ...common,
        summary: 'Reject up to 100 redemptions with one reason; each answers its redemption or its error',
        body: Type.Object({ ...bulkIds, reason: Type.String({ minLength: 1, maxLength: 500 }) }, { additionalProperties: false }),
        response: { 200: BulkResult, ...errorResponses },
      },
    },
    async (request) => {
      const { tenantId } = callerOf(request);
      return presentResults(tenantId, await decideRedemptions(deps, tenantId, { approve: false, reason: request.body.reason }, request.body.redemptionIds));
    },
  );

  app.get(
    '/redemptions/:redemptionId',
    {
      config: { auth: 'admin' },
      schema: { ...common, summary: 'One redemption', params: RedemptionIdParams, response: { 200: Redemption, ...errorResponses } },
    },
    async (request) => {
      const { tenantId } = callerOf(request);
      return (await presenter(tenantId))(await getRedemption(deps, tenantId, request.params.redemptionId));
    },
  );
}
