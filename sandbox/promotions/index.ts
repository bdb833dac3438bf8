// The Rates and Benefits area: promotions and coupons v1 (VTEX-API.md §6). It also owns the
// account's coupons at checkout, through the order scenarios' coupon ledger.

import type { SandboxArea } from '../core/area';
import { couponLedgerKey } from '../oms/coupon-ledger';
import { registerCouponRoutes } from './coupon-routes';
import { registerPromotionRoutes } from './promotion-routes';
import { promotionsStateKey } from './promotions-state';

export const promotionsArea: SandboxArea = {
  name: 'promotions',
  // rnb is ASP.NET: its errors are problem details (the spec's 400 shows the validation form).
  errorBody: (status, message) => ({
    type: `https://tools.ietf.org/html/rfc7231#section-6.${status >= 500 ? '6.1' : '5.1'}`,
    title: message,
    status,
  }),
  routes(scope, kit) {
    registerPromotionRoutes(scope, kit);
    registerCouponRoutes(scope, kit);
  },
  onAccountCreated(account, ctx) {
    account.state(couponLedgerKey).ledger = account.state(promotionsStateKey(ctx));
  },
};
