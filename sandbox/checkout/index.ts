// Cart and checkout (issue 3, item 6): pages for a logged-in shopper and a JSON twin under
// /_sandbox. Orders go through the order scenarios; coupons through the coupon ledger.

import type { SandboxArea } from '../core/area';
import { registerCheckoutControlRoutes } from './checkout-control';
import { registerCheckoutPages } from './checkout-pages';

export const checkoutArea: SandboxArea = {
  name: 'checkout',
  errorBody: (_status, message) => ({ error: { message } }),
  routes: registerCheckoutPages,
  controlRoutes: registerCheckoutControlRoutes,
};
