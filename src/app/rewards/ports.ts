// What the reward catalog and redemptions need besides the shared ports in ../ports.ts.
import type { Reward } from '../../domain/reward';
import type { VtexConnection, VtexRead } from '../ports';

export interface RewardStore {
  create(reward: Reward): Promise<void>;
  get(tenantId: string, rewardId: string): Promise<Reward | null>;
  /**
   * Writes the merchant's fields (with costEdited and issueError), not what VTEX says; null when
   * the reward is not the tenant's.
   */
  update(reward: Reward): Promise<Reward | null>;
  /** Newest first; `cursor` is the last id of the previous page. */
  list(tenantId: string, query: { active: boolean | null; cursor: string | null; limit: number }): Promise<{ items: Reward[]; nextCursor: string | null }>;
  /**
   * Remembers the reward's VTEX promotion unless one is already remembered; answers the one
   * that is (ours, or the one a concurrent issuer saved first).
   */
  setPromotion(tenantId: string, rewardId: string, promotionId: string): Promise<string>;
  /** Why its coupons cannot be issued (null: they can again). */
  setIssueError(tenantId: string, rewardId: string, issueError: string | null): Promise<void>;
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
  /** Drawn when redeemed and sent on every attempt to issue it; shown once issued. */
  couponCode: string | null;
  couponExpiresAt: Date | null;
  reason: string | null;
  orderId: string | null;
  /** Attempts to issue the coupon in VTEX so far, when the next may run, and the last failure. */
  issueAttempts: number;
  nextAttemptAt: Date | null;
  lastError: string | null;
  createdAt: Date;
  updatedAt: Date;
}

export type RedemptionKey = { tenantId: string; id: string };

export interface RedemptionStore {
  /**
   * In the ledger's transaction (`handle`): takes one of the reward's stock, checks the member's
   * limit and records the redemption. Errors: REWARD_UNAVAILABLE, OUT_OF_STOCK, LIMIT_REACHED.
   */
  reserve(handle: unknown, redemption: Redemption, rules: { perMemberLimit: number | null; stocked: boolean }): Promise<void>;
  /**
   * Moves the redemption from one of `from` to `to` (with the reason), writing `event` to the
   * outbox; in the ledger's transaction when `handle` is given. Null when it was not in `from`.
   */
  transition(
    handle: unknown | null,
    change: {
      tenantId: string;
      redemptionId: string;
      from: RedemptionStatus[];
      to: RedemptionStatus;
      reason?: string;
      event: string;
      now: Date;
      /** Issued: the coupon's expiry; used: the order. */
      couponExpiresAt?: Date;
      orderId?: string;
      /** When the issuing job may take it (approved: now). */
      nextAttemptAt?: Date | null;
      /** Written to the event besides the redemption, reward and reason. */
      details?: Record<string, unknown>;
    },
  ): Promise<Redemption | null>;
  /**
   * Redemptions in `issuing` whose next attempt is due, oldest first, each leased until
   * `now + leaseMs` so that no other worker takes it meanwhile; only those tenants' when given.
   */
  claimDueIssues(now: Date, leaseMs: number, limit: number, tenantIds?: readonly string[]): Promise<RedemptionKey[]>;
  /**
   * Claimed redemptions the worker did not get to (it is stopping) are due again at `now`; only
   * those still issuing and still under the claim that ends at `claimedUntil`.
   */
  releaseIssueClaims(keys: RedemptionKey[], claimedUntil: Date, now: Date): Promise<void>;
  /** A failed attempt to issue: the redemption stays `issuing`, tried again at `nextAttemptAt`. */
  recordIssueFailure(key: RedemptionKey, failure: { attempts: number; nextAttemptAt: Date; lastError: string; now: Date }): Promise<void>;
  /** Issued redemptions whose coupon expired by `now`. */
  expiredCoupons(now: Date, limit: number, tenantIds?: readonly string[]): Promise<RedemptionKey[]>;
  /**
   * Marks `used` (with the order, and a redemption.used event) the issued redemptions whose
   * coupon these orders carry; answers the ones it marked.
   */
  markUsed(tenantId: string, uses: { couponCode: string; orderId: string }[], now: Date): Promise<Redemption[]>;
  get(tenantId: string, redemptionId: string): Promise<Redemption | null>;
  byIdempotencyKey(tenantId: string, idempotencyKey: string): Promise<Redemption | null>;
  list(tenantId: string, query: { status: RedemptionStatus | null; memberId: string | null; cursor: string | null; limit: number }): Promise<{ items: Redemption[]; nextCursor: string | null }>;
}

/** A reward as its VTEX promotion gives it. */
export interface RewardPromotion {
  rewardId: string;
  name: string;
  kind: Reward['kind'];
  skuId: string | null;
  discountCents: number | null;
  discountPercent: number | null;
  minOrderCents: number | null;
  /** Links the promotion to its coupons. */
  utmSource: string;
}

/** The VTEX calls that issue a reward's coupons (Promotions & Taxes API), with a request's patience. */
export interface VtexCouponGateway {
  /** The promotion linked to `utmSource` that an earlier attempt created, or null. */
  findPromotion(utmSource: string): Promise<VtexRead<string | null>>;
  createPromotion(promotion: RewardPromotion): Promise<VtexRead<string>>;
  /**
   * Reads the promotion back and, when it does not give what `promotion` says (or is inactive),
   * saves it again. Answers its id.
   */
  confirmPromotion(promotionId: string, promotion: RewardPromotion): Promise<VtexRead<string>>;
  /** Creates the single-use coupon, or updates it when the code exists (a retry). */
  saveCoupon(couponCode: string, utmSource: string): Promise<VtexRead<void>>;
  /** Archives the coupon; one that does not exist is fine. */
  archiveCoupon(couponCode: string): Promise<VtexRead<void>>;
  /** The orders that used the coupon. */
  couponOrders(couponCode: string): Promise<VtexRead<string[]>>;
}

export type VtexCouponGatewayFactory = (connection: VtexConnection) => VtexCouponGateway;
