import { Type } from 'typebox';
import { adjustPoints } from '../../../app/ledger/adjust-points';
import { callerOf } from '../../auth';
import type { AppDeps } from '../../app';
import type { Router } from '../../router';
import { beforeOf } from './audit-before';
import { MemberIdParams, Transaction, errorResponses } from '../../schemas';
import { presentTransaction } from './present';

export function registerAdjustmentsCreate(app: Router, deps: AppDeps) {
  const before = beforeOf(deps);
  app.post(
    '/members/:memberId/adjustments',
    {
      config: { auth: 'admin', audit: { action: 'member.adjust_points', before: before.member } },
      schema: {
        tags: ['ledger'],
        summary: "Credit or debit a member's available points by hand",
        description:
          'Requires an Idempotency-Key header: a retry with the same key answers the original result ' +
          '(Idempotent-Replayed: true); the same key with another body answers 409 IDEMPOTENCY_CONFLICT. ' +
          'A debit beyond the available balance answers 409 INSUFFICIENT_POINTS.',
        security: [{ apiKey: [] }],
        params: MemberIdParams,
        headers: Type.Object({ 'idempotency-key': Type.String({ minLength: 1, maxLength: 200 }) }),
        body: Type.Object(
          {
            points: Type.Integer({ description: 'Signed, non-zero: a credit (> 0) or a debit (< 0)' }),
            reason: Type.String({ minLength: 1, maxLength: 500 }),
          },
          { additionalProperties: false },
        ),
        response: { 201: Transaction, ...errorResponses },
      },
    },
    async (request, reply) => {
      const caller = callerOf(request);
      const result = await adjustPoints(deps, {
        tenantId: caller.tenantId,
        memberId: request.params.memberId,
        points: request.body.points,
        reason: request.body.reason,
        actor: caller.actor,
        idempotencyKey: request.headers['idempotency-key'],
      });
      if (result.replayed) reply.header('idempotent-replayed', 'true');
      return reply.status(201).send(presentTransaction(result.transaction));
    },
  );
}
