// A member redeems a reward: in one transaction the cost moves available → held (the ledger's
// hold, keyed by the client's Idempotency-Key), one of the reward's stock is taken, the member's
// limit is checked and the redemption recorded with the coupon code it will have — or nothing at
// all happens. Issuing the coupon in VTEX follows at once (./issue-coupon.ts), or after the
// merchant's approval when the program requires it.
import { DomainError, invalid, notFound } from '../../domain/errors';
import { hold } from '../../domain/ledger/commands';
import { unavailableReason } from '../../domain/reward';
import { newId } from '../ids';
import { releaseHeldPoints } from '../ledger/hold-points';
import { requireIdempotencyKey, runLedgerCommand, type LedgerDeps } from '../ledger/run-ledger-command';
import type { MemberStore } from '../ports';
import type { Redemption, RedemptionStatus } from './ports';
import { pageLimit } from '../paging';
import { newCouponCode } from '../../domain/coupon-code';
import { ISSUE_LEASE_MS, issueCoupon, type IssueContext, type IssueDeps } from './issue-coupon';

type Deps = LedgerDeps & IssueDeps & { members: MemberStore };

const STATUSES: readonly RedemptionStatus[] = ['pending_approval', 'issuing', 'issued', 'rejected', 'failed', 'cancelled', 'used', 'expired'];

/**
 * Errors: NOT_FOUND (member or reward), REWARD_UNAVAILABLE, OUT_OF_STOCK, LIMIT_REACHED,
 * INSUFFICIENT_POINTS, MEMBER_BLOCKED (blocked or erased), IDEMPOTENCY_CONFLICT (the key was used for another request).
 * The same key again answers the original redemption and changes nothing.
 */
export async function requestRedemption(
  deps: Deps,
  command: { tenantId: string; memberId: string; rewardId: string; idempotencyKey: string },
): Promise<{ redemption: Redemption; replayed: boolean; read?: IssueContext }> {
  const { tenantId, memberId, rewardId } = command;
  const idempotencyKey = requireIdempotencyKey(command.idempotencyKey);
  // Read together: a replay needs only the first, a new redemption all three.
  const [earlier, reward, integration] = await Promise.all([
    deps.redemptions.byIdempotencyKey(tenantId, idempotencyKey),
    deps.rewards.get(tenantId, rewardId),
    deps.vtexIntegrations.get(tenantId),
  ]);
  if (earlier) {
    if (earlier.memberId !== memberId || earlier.rewardId !== rewardId) {
      throw new DomainError('IDEMPOTENCY_CONFLICT', 'this Idempotency-Key was already used with a different request');
    }
    return { redemption: earlier, replayed: true };
  }
  if (!reward) throw notFound('reward');
  const now = deps.clock.now();
  const unavailable = unavailableReason(reward, now);
  if (unavailable) throw new DomainError(reward.stock !== null && reward.stock <= 0 && reward.active ? 'OUT_OF_STOCK' : 'REWARD_UNAVAILABLE', unavailable);
  if (reward.issueError !== null) throw new DomainError('REWARD_UNAVAILABLE', `coupons for this reward cannot be issued now: ${reward.issueError}`);
  const status: RedemptionStatus = integration?.settings.manualRedemptionApproval ? 'pending_approval' : 'issuing';
  const redemptionId = newId('rdm', now.getTime());
  const redemption: Redemption = {
    tenantId,
    id: redemptionId,
    memberId,
    rewardId,
    status,
    cost: reward.cost,
    idempotencyKey,
    reward: {
      kind: reward.kind,
      name: reward.name,
      skuId: reward.skuId,
      discountCents: reward.discountCents,
      discountPercent: reward.discountPercent,
      minOrderCents: reward.minOrderCents,
    },
    couponCode: newCouponCode(),
    couponExpiresAt: null,
    reason: null,
    orderId: null,
    issueAttempts: 0,
    // The request tries to issue it at once; the redemption job takes over after this.
    nextAttemptAt: status === 'issuing' ? new Date(now.getTime() + ISSUE_LEASE_MS) : null,
    lastError: null,
    createdAt: now,
    updatedAt: now,
  };
  try {
    const result = await runLedgerCommand(deps, {
      tenantId,
      memberId,
      idempotencyKey: `redeem:${idempotencyKey}`,
      input: { command: 'redeem', rewardId, points: reward.cost },
      needs: { lots: true },
      decide: (locked) => hold(locked.state, { holdId: redemptionId, points: reward.cost }),
      alongside: (handle) => deps.redemptions.reserve(handle, redemption, { perMemberLimit: reward.perMemberLimit, stocked: reward.stock !== null }),
    });
    if (result.replayed) {
      // A concurrent request with the same key won: answer its redemption.
      const original = await deps.redemptions.byIdempotencyKey(tenantId, idempotencyKey);
      if (original) return { redemption: original, replayed: true };
    }
  } catch (error) {
    if (error instanceof DomainError && error.code === 'IDEMPOTENCY_CONFLICT') {
      const original = await deps.redemptions.byIdempotencyKey(tenantId, idempotencyKey);
      if (original && original.memberId === memberId && original.rewardId === rewardId) return { redemption: original, replayed: true };
    }
    throw error;
  }
  return { redemption, replayed: false, read: { reward, integration } };
}

/**
 * Redeems and, unless the merchant approves redemptions first, issues the coupon at once: the
 * answer is usually `issued` with the code; `issuing` when VTEX did not answer in time (the
 * redemption job goes on, the points stay held). A replayed request answers as things are now.
 */
export async function redeem(
  deps: Deps,
  command: { tenantId: string; memberId: string; rewardId: string; idempotencyKey: string },
): Promise<{ redemption: Redemption; replayed: boolean }> {
  const { redemption, replayed, read } = await requestRedemption(deps, command);
  if (replayed || redemption.status !== 'issuing') return { redemption, replayed };
  return { redemption: await issueCoupon(deps, redemption, read), replayed: false };
}

export async function getRedemption(deps: Pick<Deps, 'redemptions'>, tenantId: string, redemptionId: string): Promise<Redemption> {
  const redemption = await deps.redemptions.get(tenantId, redemptionId);
  if (!redemption) throw notFound('redemption');
  return redemption;
}

export async function listRedemptions(
  deps: Pick<Deps, 'redemptions'>,
  tenantId: string,
  query: { status?: string | undefined; memberId?: string | undefined; cursor?: string | undefined; limit?: number | undefined },
) {
  const limit = pageLimit(query.limit);
  if (query.status !== undefined && !STATUSES.includes(query.status as RedemptionStatus)) throw invalid('status', `must be one of ${STATUSES.join(', ')}`);
  if (query.cursor !== undefined && !/^rdm_[A-Za-z0-9_-]{1,100}$/.test(query.cursor)) throw invalid('cursor', 'is not a cursor this API gave');
  return deps.redemptions.list(tenantId, {
    status: (query.status as RedemptionStatus | undefined) ?? null,
    memberId: query.memberId ?? null,
    cursor: query.cursor ?? null,
    limit,
  });
}

/** A rejection's reason, which the member is told. Errors: VALIDATION_FAILED on `reason`. */
function requireReason(reason: unknown): string {
  const why = typeof reason === 'string' ? reason.trim() : '';
  if (why.length === 0 || why.length > 500) throw invalid('reason', 'must be 1 to 500 characters: the member is told why');
  return why;
}

const notPending = (redemption: Redemption) =>
  new DomainError('INVALID_STATE', `the redemption is ${redemption.status.replace('_', ' ')}, not pending approval`);

/** pending_approval → issuing, and the coupon issued at once (or by the redemption job). Errors: NOT_FOUND, INVALID_STATE. */
export async function approveRedemption(deps: Deps, tenantId: string, redemptionId: string): Promise<Redemption> {
  const current = await getRedemption(deps, tenantId, redemptionId);
  if (current.status !== 'pending_approval') throw notPending(current);
  const approved = await deps.redemptions.transition(null, {
    tenantId, redemptionId, from: ['pending_approval'], to: 'issuing', event: 'redemption.approved', now: deps.clock.now(),
  });
  if (!approved) throw notPending(await getRedemption(deps, tenantId, redemptionId));
  return issueCoupon(deps, approved);
}

/**
 * pending_approval → rejected with the reason, the held points back to available in the same
 * transaction. Errors: VALIDATION_FAILED (reason), NOT_FOUND, INVALID_STATE.
 */
export async function rejectRedemption(deps: Deps, tenantId: string, redemptionId: string, reason: string): Promise<Redemption> {
  const why = requireReason(reason);
  const current = await getRedemption(deps, tenantId, redemptionId);
  if (current.status !== 'pending_approval') throw notPending(current);
  let rejected: Redemption | null = null;
  await releaseHeldPoints(deps, {
    tenantId,
    redemptionId,
    reason: `rejected: ${why}`,
    alongside: async (handle, { now }) => {
      rejected = await deps.redemptions.transition(handle, { tenantId, redemptionId, from: ['pending_approval'], to: 'rejected', reason: why, event: 'redemption.rejected', now });
      if (!rejected) throw notPending(current);
    },
  });
  return rejected ?? getRedemption(deps, tenantId, redemptionId);
}

/** Each id approved or rejected on its own: one that cannot be answers its error, the others go on. */
export async function decideRedemptions(
  deps: Deps,
  tenantId: string,
  decision: { approve: true } | { approve: false; reason: string },
  redemptionIds: string[],
): Promise<({ id: string; redemption: Redemption } | { id: string; error: DomainError })[]> {
  if (!Array.isArray(redemptionIds) || redemptionIds.length === 0 || redemptionIds.length > 100) {
    throw invalid('redemptionIds', 'must list 1 to 100 redemption ids');
  }
  if (!decision.approve) requireReason(decision.reason);
  const results: ({ id: string; redemption: Redemption } | { id: string; error: DomainError })[] = [];
  for (const id of [...new Set(redemptionIds)]) {
    try {
      const redemption = decision.approve ? await approveRedemption(deps, tenantId, id) : await rejectRedemption(deps, tenantId, id, decision.reason);
      results.push({ id, redemption });
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      results.push({ id, error });
    }
  }
  return results;
}
