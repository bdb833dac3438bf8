// Where coupons live when an area owns them (promotions): checkout asks the ledger whether a code
// may be used now by this shopper and which promotions it activates, and tells it once an order
// used the code. Without a ledger, the seeded COUPONS apply with no limits.

import { AccountStateKey, type Account } from '../core/account';
import type { CouponOffer } from '../data/coupon-benefit';
import { COUPONS } from '../data/order-facts';
import type { ScenarioResult } from './order-scenarios';

export interface CouponLedger {
  /** Refuses unknown (400), archived, used-up or expired (409) codes; whether it fits a cart is the caller's question. */
  resolve(code: string, userId: string, nowMs: number): ScenarioResult<CouponOffer>;
  recordUse(code: string, userId: string, orderId: string, nowMs: number): void;
}

export const couponLedgerKey = new AccountStateKey<{ ledger?: CouponLedger }>('coupon-ledger', () => ({}));

/** The promotions a code activates for this shopper now, or why checkout refuses it. */
export function resolveCoupon(account: Account, code: string, userId: string, nowMs: number): ScenarioResult<CouponOffer> {
  const ledger = account.state(couponLedgerKey).ledger;
  if (ledger) return ledger.resolve(code, userId, nowMs);
  const coupon = COUPONS.find((c) => c.code === code);
  if (!coupon) return { ok: false, status: 400, message: `unknown coupon ${code}; known: ${COUPONS.map((c) => c.code).join(', ')}` };
  return { ok: true, value: { code: coupon.code, promotions: [coupon] } };
}

export function recordCouponUse(account: Account, code: string, userId: string, orderId: string, nowMs: number): void {
  account.state(couponLedgerKey).ledger?.recordUse(code, userId, orderId, nowMs);
}
