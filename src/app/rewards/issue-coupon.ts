// Paying out a redemption as a VTEX coupon, and what happens to the coupon afterwards.
//
// Issuing: the reward's promotion (one per reward, created on its first coupon, then read back
// and reused), then the redemption's single-use coupon — its code was drawn when it was redeemed,
// so a retry after a timeout or a crash saves the same coupon again and never a second one — then,
// in one transaction, the held points become redeemed and the redemption `issued` with its code
// and expiry. A failure that may pass leaves the points held and the redemption `issuing` for the
// redemption job to try again with back-off; one that will not (VTEX refused what we sent, or too
// many tries) archives the coupon in case it was made, then gives the points back (`failed`).
import { DomainError, notFound } from '../../domain/errors';
import type { Reward } from '../../domain/reward';
import { openVtexCredentials } from '../integrations/get-vtex-credentials';
import { confirmHeldPoints, refundRedeemedPoints, releaseHeldPoints } from '../ledger/hold-points';
import { addDays, type LedgerDeps } from '../ledger/run-ledger-command';
import type { SecretBox, StoredVtexIntegration, TenantStore, VtexIntegrationStore, VtexRead } from '../ports';
import type { Redemption, RedemptionKey, RedemptionStore, RewardPromotion, RewardStore, VtexCouponGateway, VtexCouponGatewayFactory } from './ports';
import { failureText } from '../failure-text';

export type IssueDeps = LedgerDeps & {
  rewards: RewardStore;
  redemptions: RedemptionStore;
  vtexIntegrations: VtexIntegrationStore;
  secrets: SecretBox;
  tenants: TenantStore;
  vtexCoupons: VtexCouponGatewayFactory;
};

/** Attempts before a redemption that cannot be issued gives its points back. */
export const MAX_ISSUE_ATTEMPTS = 8;
/** The first try runs in the request; the redemption job leaves it alone this long. */
export const ISSUE_LEASE_MS = 60_000;
/** 30 s, 1 min, 2 min… up to an hour: about four hours from the first failure to giving up. */
export const issueRetryDelayMs = (attempts: number) => Math.min(60 * 60_000, 30_000 * 2 ** Math.max(0, attempts - 1));

/** The link between a reward's promotion and its coupons. */
export const utmSourceOf = (rewardId: string) => `pontua-${rewardId.toLowerCase()}`;

const promotionOf = (reward: Reward): RewardPromotion => ({
  rewardId: reward.id,
  name: reward.name,
  kind: reward.kind,
  skuId: reward.skuId,
  discountCents: reward.discountCents,
  discountPercent: reward.discountPercent,
  minOrderCents: reward.minOrderCents,
  utmSource: utmSourceOf(reward.id),
});

type Failure = Extract<VtexRead<unknown>, { ok: false }>;
/** VTEX said no to what we sent (a 400): trying the same again cannot help. A refused key can be fixed by the merchant. */
const isPermanent = (failure: Failure) => !failure.retryable && failure.refused === undefined;

/**
 * Per gateway factory (one per process): promotions confirmed for a version of their reward, and
 * the creation in flight per reward, so concurrent first redemptions make one promotion.
 */
const promotionState = new WeakMap<VtexCouponGatewayFactory, { confirmed: Map<string, string>; inFlight: Map<string, Promise<VtexRead<string>>> }>();

function stateOf(factory: VtexCouponGatewayFactory) {
  let state = promotionState.get(factory);
  if (!state) {
    state = { confirmed: new Map(), inFlight: new Map() };
    promotionState.set(factory, state);
  }
  return state;
}

/** The reward's promotion in VTEX: remembered and confirmed, found (an earlier attempt made it) or created. */
async function ensurePromotion(deps: IssueDeps, gateway: VtexCouponGateway, reward: Reward): Promise<VtexRead<string>> {
  const state = stateOf(deps.vtexCoupons);
  const key = `${reward.tenantId}:${reward.id}`;
  const version = `${reward.vtexPromotionId}@${reward.updatedAt.getTime()}`;
  if (reward.vtexPromotionId !== null && state.confirmed.get(key) === version) return { ok: true, value: reward.vtexPromotionId };
  const running = state.inFlight.get(key);
  if (running) return running;
  const work = (async (): Promise<VtexRead<string>> => {
    const promotion = promotionOf(reward);
    let promotionId = reward.vtexPromotionId;
    if (promotionId === null) {
      const found = await gateway.findPromotion(promotion.utmSource);
      if (!found.ok) return found;
      let id = found.value;
      if (id === null) {
        const created = await gateway.createPromotion(promotion);
        if (!created.ok) return created;
        id = created.value;
      }
      promotionId = await deps.rewards.setPromotion(reward.tenantId, reward.id, id);
    }
    const confirmed = await gateway.confirmPromotion(promotionId, promotion);
    if (confirmed.ok) {
      state.confirmed.set(key, `${promotionId}@${reward.updatedAt.getTime()}`);
      if (reward.issueError !== null) await deps.rewards.setIssueError(reward.tenantId, reward.id, null);
    }
    return confirmed;
  })();
  state.inFlight.set(key, work);
  try {
    return await work;
  } finally {
    state.inFlight.delete(key);
  }
}

/** What the caller has already read, so that issuing at once in a request reads nothing twice. */
export interface IssueContext {
  reward?: Reward;
  /** The tenant's integration; null when it has none. */
  integration?: StoredVtexIntegration | null;
}

async function integrationOf(deps: IssueDeps, tenantId: string, known: IssueContext): Promise<StoredVtexIntegration | null> {
  return known.integration !== undefined ? known.integration : deps.vtexIntegrations.get(tenantId);
}

async function gatewayFor(deps: IssueDeps, tenantId: string, known: IssueContext = {}): Promise<VtexCouponGateway | null> {
  const integration = await integrationOf(deps, tenantId, known);
  return integration ? deps.vtexCoupons(openVtexCredentials(deps, tenantId, integration)) : null;
}

async function current(deps: IssueDeps, key: RedemptionKey): Promise<Redemption> {
  const redemption = await deps.redemptions.get(key.tenantId, key.id);
  if (!redemption) throw notFound('redemption');
  return redemption;
}

/** Thrown inside a transaction whose redemption moved on meanwhile: nothing is written. */
class MovedOn extends Error {}

/**
 * Issues the redemption's coupon if it is `issuing`; answers the redemption as it is afterwards
 * (`issued`, still `issuing` with the failure recorded, or `failed`). Safe to run twice at once.
 */
export async function issueCoupon(deps: IssueDeps, from: RedemptionKey | Redemption, known: IssueContext = {}): Promise<Redemption> {
  const key = { tenantId: from.tenantId, id: from.id };
  const redemption = 'status' in from ? from : await current(deps, key);
  if (redemption.status !== 'issuing' || redemption.couponCode === null) return redemption;
  const integration = await integrationOf(deps, key.tenantId, known);
  const gateway = await gatewayFor(deps, key.tenantId, { integration });
  if (!gateway) return retryLater(deps, redemption, null, 'the VTEX integration is not set up: connect the store to issue the coupon');
  const reward = known.reward?.id === redemption.rewardId ? known.reward : await deps.rewards.get(key.tenantId, redemption.rewardId);
  if (!reward) throw notFound('reward');
  const promotion = await ensurePromotion(deps, gateway, reward);
  if (!promotion.ok) {
    const message = `VTEX did not save the reward's promotion: ${promotion.message}`;
    if (!isPermanent(promotion)) return retryLater(deps, redemption, gateway, message);
    // Such as the store's limit of active promotions: the merchant sees why on the reward.
    await deps.rewards.setIssueError(key.tenantId, reward.id, message);
    return fail(deps, redemption, gateway, message);
  }
  const saved = await gateway.saveCoupon(redemption.couponCode, utmSourceOf(reward.id));
  if (!saved.ok) {
    const message = `VTEX did not save the coupon: ${saved.message}`;
    return isPermanent(saved) ? fail(deps, redemption, gateway, message) : retryLater(deps, redemption, gateway, message);
  }
  return complete(deps, redemption, integration?.settings.couponValidityDays ?? 365);
}

async function complete(deps: IssueDeps, redemption: Redemption, validityDays: number): Promise<Redemption> {
  let issued: Redemption | null = null;
  try {
    const confirmed = await confirmHeldPoints(deps, {
      tenantId: redemption.tenantId,
      redemptionId: redemption.id,
      memberId: redemption.memberId,
      // Safe to lose in a database crash: the redemption is `issuing` again, its points still
      // held, and the job saves the same coupon again and confirms it. The hold is never relaxed.
      relaxedCommit: true,
      alongside: async (handle, { now }) => {
        const couponExpiresAt = addDays(now, validityDays);
        issued = await deps.redemptions.transition(handle, {
          tenantId: redemption.tenantId,
          redemptionId: redemption.id,
          from: ['issuing'],
          to: 'issued',
          event: 'redemption.issued',
          now,
          couponExpiresAt,
          details: { couponCode: redemption.couponCode, couponExpiresAt: couponExpiresAt.toISOString(), reward: redemption.reward },
        });
        if (!issued) throw new MovedOn();
      },
    });
    // A replay: another attempt confirmed it, and this one's transaction (if any ran) was undone.
    if (confirmed.replayed) issued = null;
  } catch (error) {
    // Another attempt completed it first (or it is no longer issuing): its state is the answer.
    if (!(error instanceof MovedOn || (error instanceof DomainError && error.code === 'INVALID_STATE'))) throw error;
    issued = null;
  }
  return issued ?? current(deps, redemption);
}

async function retryLater(deps: IssueDeps, redemption: Redemption, gateway: VtexCouponGateway | null, message: string): Promise<Redemption> {
  const attempts = redemption.issueAttempts + 1;
  if (attempts >= MAX_ISSUE_ATTEMPTS) return fail(deps, redemption, gateway, `${message} (gave up after ${attempts} attempts)`, attempts);
  const now = deps.clock.now();
  await deps.redemptions.recordIssueFailure(redemption, { attempts, nextAttemptAt: new Date(now.getTime() + issueRetryDelayMs(attempts)), lastError: message, now });
  return current(deps, redemption);
}

/** Gives the points back — after archiving the coupon, in case an attempt made it, so it can never be used for free. */
async function fail(deps: IssueDeps, redemption: Redemption, gateway: VtexCouponGateway | null, reason: string, attempts = redemption.issueAttempts + 1): Promise<Redemption> {
  if (gateway && redemption.couponCode !== null) {
    const archived = await gateway.archiveCoupon(redemption.couponCode);
    if (!archived.ok) {
      const now = deps.clock.now();
      const lastError = `${reason}; archiving the coupon before giving the points back failed: ${archived.message}`;
      await deps.redemptions.recordIssueFailure(redemption, { attempts, nextAttemptAt: new Date(now.getTime() + issueRetryDelayMs(attempts)), lastError, now });
      return current(deps, redemption);
    }
  }
  try {
    await releaseHeldPoints(deps, {
      tenantId: redemption.tenantId,
      redemptionId: redemption.id,
      reason: `failed: ${reason}`,
      alongside: async (handle, { now }) => {
        const failed = await deps.redemptions.transition(handle, {
          tenantId: redemption.tenantId, redemptionId: redemption.id, from: ['issuing'], to: 'failed', reason, event: 'redemption.failed', now,
        });
        if (!failed) throw new MovedOn();
      },
    });
  } catch (error) {
    if (!(error instanceof MovedOn || (error instanceof DomainError && error.code === 'INVALID_STATE'))) throw error;
  }
  return current(deps, redemption);
}

export interface DueWork {
  limit?: number;
  signal?: AbortSignal;
  /** Only these tenants' redemptions (a test, an operator's one-off run); every tenant's when absent. */
  tenantIds?: readonly string[];
}

/**
 * Runs `work` on each key; one that throws (a tenant's secrets that do not open, a bug) is
 * reported after the others have run, so one tenant never stops another's coupons.
 */
async function eachDue(keys: RedemptionKey[], options: DueWork, work: (key: RedemptionKey) => Promise<void>, stopped?: (left: RedemptionKey[]) => Promise<void>): Promise<void> {
  const errors: string[] = [];
  for (const [index, key] of keys.entries()) {
    if (options.signal?.aborted) {
      await stopped?.(keys.slice(index));
      break;
    }
    try {
      await work(key);
    } catch (error) {
      errors.push(`${key.tenantId}/${key.id}: ${failureText(error)}`);
    }
  }
  if (errors.length > 0) throw new Error(`${errors.length} redemption(s) could not be processed; first: ${errors[0]}`);
}

/** Issues what is due: the redemption job's step. A redemption whose attempt threw is tried again later. */
export async function issueDueCoupons(deps: IssueDeps, options: DueWork = {}): Promise<{ issued: number; retrying: number; failed: number }> {
  const result = { issued: 0, retrying: 0, failed: 0 };
  const claimedAt = deps.clock.now();
  const due = await deps.redemptions.claimDueIssues(claimedAt, ISSUE_LEASE_MS, options.limit ?? 100, options.tenantIds);
  // Stopping: the ones not reached go back now rather than when the claim runs out.
  const giveBack = (left: RedemptionKey[]) => deps.redemptions.releaseIssueClaims(left, new Date(claimedAt.getTime() + ISSUE_LEASE_MS), deps.clock.now());
  await eachDue(due, options, async (key) => {
    let after: Redemption;
    try {
      after = await issueCoupon(deps, key);
    } catch (error) {
      const redemption = await current(deps, key);
      await retryLater(deps, redemption, null, `unexpected failure: ${failureText(error)}`);
      throw error;
    }
    if (after.status === 'issued') result.issued++;
    else if (after.status === 'failed') result.failed++;
    else if (after.status === 'issuing') result.retrying++;
  }, giveBack);
  return result;
}

/** The orders VTEX says used the coupon; marks the redemption used when there is one. Null when VTEX could not say. */
async function usedBy(deps: IssueDeps, gateway: VtexCouponGateway, redemption: Redemption): Promise<string | null | undefined> {
  const orders = await gateway.couponOrders(redemption.couponCode ?? '');
  if (!orders.ok) return undefined;
  const [orderId] = orders.value;
  if (orderId === undefined) return null;
  await deps.redemptions.markUsed(redemption.tenantId, [{ couponCode: redemption.couponCode ?? '', orderId }], deps.clock.now());
  return orderId;
}

/**
 * An issued coupon past its expiry: archived in VTEX, the redemption `expired`, and the points
 * given back when the program says so. One an order used meanwhile becomes `used` instead.
 * VTEX is asked before and after archiving, so a use racing the expiry is never lost.
 */
export async function expireCoupon(deps: IssueDeps, key: RedemptionKey): Promise<Redemption> {
  const redemption = await current(deps, key);
  const now = deps.clock.now();
  if (redemption.status !== 'issued' || !redemption.couponExpiresAt || redemption.couponExpiresAt > now) return redemption;
  const gateway = await gatewayFor(deps, key.tenantId);
  if (!gateway) return redemption;
  if ((await usedBy(deps, gateway, redemption)) !== null) return current(deps, key);
  if (!(await gateway.archiveCoupon(redemption.couponCode ?? '')).ok) return redemption;
  if ((await usedBy(deps, gateway, redemption)) !== null) return current(deps, key);
  const program = await deps.tenants.get(key.tenantId);
  const refund = program?.expiredCouponsReturnPoints === true;
  const change = (at: Date) => ({
    tenantId: key.tenantId, redemptionId: key.id, from: ['issued' as const], to: 'expired' as const, event: 'redemption.expired', now: at,
    details: { couponCode: redemption.couponCode, pointsReturned: refund ? redemption.cost : 0 },
  });
  if (!refund) {
    await deps.redemptions.transition(null, change(now));
    return current(deps, key);
  }
  try {
    await refundRedeemedPoints(deps, {
      tenantId: key.tenantId,
      redemptionId: key.id,
      reason: 'the coupon expired unused',
      alongside: async (handle, { now: at }) => {
        if (!(await deps.redemptions.transition(handle, change(at)))) throw new MovedOn();
      },
    });
  } catch (error) {
    if (!(error instanceof MovedOn)) throw error;
  }
  return current(deps, key);
}

export async function expireDueCoupons(deps: IssueDeps, options: DueWork = {}): Promise<{ expired: number }> {
  let expired = 0;
  const due = await deps.redemptions.expiredCoupons(deps.clock.now(), options.limit ?? 100, options.tenantIds);
  await eachDue(due, options, async (key) => {
    if ((await expireCoupon(deps, key)).status === 'expired') expired++;
  });
  return { expired };
}

/**
 * The merchant takes back an issued, unused coupon: archived in VTEX first (so it cannot be used
 * after its points are back), then the points returned and the redemption `cancelled`, in one
 * transaction. Errors: NOT_FOUND, INVALID_STATE (not issued, or an order already used it),
 * VTEX_UNAVAILABLE (VTEX could not archive it: nothing changed, try again).
 */
export async function cancelRedemption(deps: IssueDeps, key: RedemptionKey, reason: string): Promise<Redemption> {
  const redemption = await current(deps, key);
  if (redemption.status !== 'issued') throw new DomainError('INVALID_STATE', `the redemption is ${redemption.status.replace('_', ' ')}: only an issued, unused coupon can be cancelled`);
  const gateway = await gatewayFor(deps, key.tenantId);
  if (!gateway) throw new DomainError('VTEX_UNAVAILABLE', 'the VTEX integration is not set up: the coupon cannot be archived');
  const unavailable = (what: string) => new DomainError('VTEX_UNAVAILABLE', `VTEX could not ${what}; nothing was changed, try again`);
  const usedIn = async () => {
    const orderId = await usedBy(deps, gateway, redemption);
    if (orderId === undefined) throw unavailable('say whether the coupon was used');
    if (orderId !== null) throw new DomainError('INVALID_STATE', `the coupon was already used in order ${orderId}`);
  };
  await usedIn();
  const archived = await gateway.archiveCoupon(redemption.couponCode ?? '');
  if (!archived.ok) throw unavailable(`archive the coupon (${archived.message})`);
  await usedIn();
  try {
    await refundRedeemedPoints(deps, {
      tenantId: key.tenantId,
      redemptionId: key.id,
      reason: `cancelled: ${reason}`,
      alongside: async (handle, { now }) => {
        const cancelled = await deps.redemptions.transition(handle, {
          tenantId: key.tenantId, redemptionId: key.id, from: ['issued'], to: 'cancelled', reason, event: 'redemption.cancelled', now,
          details: { couponCode: redemption.couponCode, pointsReturned: redemption.cost },
        });
        if (!cancelled) throw new MovedOn();
      },
    });
  } catch (error) {
    if (!(error instanceof MovedOn)) throw error;
    const after = await current(deps, key);
    throw new DomainError('INVALID_STATE', `the redemption became ${after.status} meanwhile`);
  }
  return current(deps, key);
}
