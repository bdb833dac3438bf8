// Which License Manager resource each endpoint needs (VTEX-API.md §1.1), so a 403 can tell the
// merchant exactly what to add to the app key's role. Where several resources unlock an
// endpoint, the one named is the narrowest that also covers everything else Pontua does there.

export type VtexLicenseResource =
  | 'List Orders'
  | 'View order'
  | 'Feed v3 and Hook Admin'
  | 'Read only documents'
  | 'SKUs'
  | 'GerenciarPromocoesETarifas'
  | 'Manage benefits and rates';

export type VtexEndpoint =
  | 'listOrders'
  | 'getOrder'
  | 'getOrderHook'
  | 'setOrderHook'
  | 'deleteOrderHook'
  | 'scrollCustomers'
  | 'searchCustomers'
  | 'getSku'
  | 'listSkuIds'
  | 'getSkuOffer'
  | 'createPromotion'
  | 'updatePromotion'
  | 'getPromotion'
  | 'listPromotions'
  | 'createCoupon'
  | 'getCoupon'
  | 'archiveCoupon'
  | 'getCouponUsage'
  | 'getSession'
  | 'validateShopperToken';

/** null: a public endpoint, called without the app key. */
export const ENDPOINT_RESOURCES: Readonly<Record<VtexEndpoint, VtexLicenseResource | null>> = {
  listOrders: 'List Orders',
  getOrder: 'View order',
  // Reading the hook only needs "view only", but Pontua also writes it: asking for the admin
  // resource once avoids a second round trip to the merchant's License Manager.
  getOrderHook: 'Feed v3 and Hook Admin',
  setOrderHook: 'Feed v3 and Hook Admin',
  deleteOrderHook: 'Feed v3 and Hook Admin',
  scrollCustomers: 'Read only documents',
  searchCustomers: 'Read only documents',
  getSku: 'SKUs',
  listSkuIds: 'SKUs',
  getSkuOffer: null,
  createPromotion: 'GerenciarPromocoesETarifas',
  updatePromotion: 'GerenciarPromocoesETarifas',
  getPromotion: 'GerenciarPromocoesETarifas',
  listPromotions: 'GerenciarPromocoesETarifas',
  createCoupon: 'Manage benefits and rates',
  getCoupon: 'Manage benefits and rates',
  archiveCoupon: 'Manage benefits and rates',
  getCouponUsage: 'Manage benefits and rates',
  getSession: null,
  validateShopperToken: null,
};
