// Periodic redemption work: coupons whose issuing failed or was interrupted (a crash, a timeout)
// are tried again when due, and issued coupons past their expiry are archived and expired. Each
// step is safe to run twice or on two processes at once: the due redemptions are leased, and every
// change is conditional on the redemption's status.
import { expireDueCoupons, issueDueCoupons, type DueWork, type IssueDeps } from '../app/rewards/issue-coupon';

const BATCH = 100;

/** Both steps run even when the first throws (it throws after the redemptions it could do). */
export async function settleRedemptions(deps: IssueDeps, options: Omit<DueWork, 'limit'> = {}): Promise<{ issued: number; retrying: number; failed: number; expired: number }> {
  const [issuing, expiring] = await Promise.allSettled([issueDueCoupons(deps, { limit: BATCH, ...options }), expireDueCoupons(deps, { limit: BATCH, ...options })]);
  if (issuing.status === 'rejected') throw issuing.reason;
  if (expiring.status === 'rejected') throw expiring.reason;
  return { ...issuing.value, ...expiring.value };
}
