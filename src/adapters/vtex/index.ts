// The VTEX adapter's public surface: the composition root and the app layer import from here.

export { createVtexClient, type VtexClient } from './client';
export { vtexBaseUrl, type VtexClientOptions, type VtexRequestLog } from './http-transport';
export { ENDPOINT_RESOURCES, type VtexEndpoint, type VtexLicenseResource } from './license-resources';
export type { VtexError, VtexErrorKind, VtexResult } from './result';
export { DEFAULT_RETRY_POLICY, type RetryPolicy } from './retry-policy';
export type { VtexClientProfile, VtexOrder, VtexOrderItem, VtexOrderPackage, VtexOrderPage, VtexOrderSummary, VtexOrderTotals, VtexRefundItem } from './order-mapper';
export type { DateRange, ListOrdersQuery, OrderSortField, SetOrderHookInput, VtexOrderHook } from './orders';
export type { CustomerScrollPage, CustomerSearchPage, ScrollCustomersQuery, SearchCustomersQuery, VtexCustomer } from './master-data';
export type { VtexSku, VtexSkuOffer } from './catalog';
export type { VtexPromotion, VtexPromotionInput, VtexPromotionList, VtexPromotionSummary } from './promotions';
export type { VtexCoupon, VtexCouponInput, VtexCouponUsage, VtexCouponUse } from './coupons';
export type { VtexShopperIdentity, VtexShopperSession } from './identity';
export { vtexConnectionChecker, vtexOrderHookGateway } from './connection-check';
export { vtexOrderReaderFactory } from './order-reader';
