// What the reward catalog and redemptions need besides the shared ports in ../ports.ts.
import type { Reward } from '../../domain/reward';

export interface RewardStore {
  create(reward: Reward): Promise<void>;
  get(tenantId: string, rewardId: string): Promise<Reward | null>;
  /** Writes every field; null when the reward is not the tenant's. */
  update(reward: Reward): Promise<Reward | null>;
  /** Newest first; `cursor` is the last id of the previous page. */
  list(tenantId: string, query: { active: boolean | null; cursor: string | null; limit: number }): Promise<{ items: Reward[]; nextCursor: string | null }>;
}

export type RedemptionStatus = 'pending_approval' | 'issuing' | 'issued' | 'rejected' | 'failed' | 'cancelled' | 'used' | 'expired';

export interface Redemption {
  tenantId: string;
  id: string;
  memberId: string;
  rewardId: string;
  status: RedemptionStatus;
  cost: number;
  idempotencyKey: string;
  /** The reward as it was when redeemed: what the coupon gives. */
  reward: { kind: string; name: string; skuId: string | null; discountCents: number | null; discountPercent: number | null; minOrderCents: number | null };
  couponCode: string | null;
  couponExpiresAt: Date | null;
  reason: string | null;
  orderId: string | null;
  createdAt: Date;
  updatedAt: Date;
}

export interface RedemptionStore {
  /**
   * In the ledger's transaction (`handle`): takes one of the reward's stock, checks the member's
   * limit and records the redemption. Errors: REWARD_UNAVAILABLE, OUT_OF_STOCK, LIMIT_REACHED.
   */
  reserve(handle: unknown, redemption: Redemption, rules: { perMemberLimit: number | null }): Promise<void>;
  /**
   * Moves the redemption from one of `from` to `to` (with the reason), writing `event` to the
   * outbox; in the ledger's transaction when `handle` is given. Null when it was not in `from`.
   */
  transition(
    handle: unknown | null,
    change: { tenantId: string; redemptionId: string; from: RedemptionStatus[]; to: RedemptionStatus; reason?: string; event: string; now: Date },
  ): Promise<Redemption | null>;
  get(tenantId: string, redemptionId: string): Promise<Redemption | null>;
  byIdempotencyKey(tenantId: string, idempotencyKey: string): Promise<Redemption | null>;
  list(tenantId: string, query: { status: RedemptionStatus | null; memberId: string | null; cursor: string | null; limit: number }): Promise<{ items: Redemption[]; nextCursor: string | null }>;
}
