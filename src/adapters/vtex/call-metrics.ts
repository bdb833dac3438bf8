// How the transport reports each HTTP exchange with VTEX to the process's metrics: which API area
// the endpoint belongs to (a closed list, so the label stays small) and what came of it.
import { recordVtexCall, type VtexArea, type VtexCallOutcome } from '../metrics/prometheus';
import type { VtexEndpoint } from './license-resources';

const ENDPOINT_AREAS: Readonly<Record<VtexEndpoint, VtexArea>> = {
  listOrders: 'oms',
  getOrder: 'oms',
  getOrderHook: 'oms',
  setOrderHook: 'oms',
  deleteOrderHook: 'oms',
  scrollCustomers: 'masterdata',
  searchCustomers: 'masterdata',
  getSku: 'catalog',
  listSkuIds: 'catalog',
  getSkuOffer: 'catalog',
  createPromotion: 'promotions',
  updatePromotion: 'promotions',
  getPromotion: 'promotions',
  listPromotions: 'promotions',
  createCoupon: 'coupons',
  getCoupon: 'coupons',
  archiveCoupon: 'coupons',
  getCouponUsage: 'coupons',
  getSession: 'identity',
  validateShopperToken: 'identity',
};

/** What an attempt came to: VTEX's status, or why there was none. */
export type AttemptEnd = { status: number; usable: boolean } | { status: null; failure: 'timeout' | 'network' };

function outcomeOf(end: AttemptEnd): VtexCallOutcome {
  if (end.status === null) return end.failure;
  if (end.status === 429) return '429';
  if (end.status >= 500) return '5xx';
  if (end.status >= 400) return '4xx';
  return end.status >= 200 && end.status < 300 && end.usable ? 'ok' : 'invalid';
}

export function recordAttempt(endpoint: VtexEndpoint, end: AttemptEnd, durationMs: number): void {
  recordVtexCall(ENDPOINT_AREAS[endpoint], outcomeOf(end), durationMs / 1000);
}
