// License Manager resource names exactly as VTEX-API.md §1.1 lists them. An app key carries a
// set of these; each sandbox route lists the ones that allow it (any one is enough).

export const RESOURCES = {
  readDocuments: 'Read only documents',
  writeDocuments: 'Insert or update document (not remove)',
  fullAccessDocuments: 'Full access to all documents',
  viewDataEntity: 'View data entity details',
  masterDataAdministrator: 'Master Data administrator',
  viewOrder: 'View order',
  listOrders: 'List Orders',
  ordersFullAccess: 'Orders Full Access',
  feedAndHookAdmin: 'Feed v3 and Hook Admin',
  feedAndHookView: 'Feed v3 and Hook view only',
  skus: 'SKUs',
  productAndSkuManagement: 'Product and SKU Management',
  manageBenefitsAndRates: 'Manage benefits and rates',
  managePromotions: 'GerenciarPromocoesETarifas',
  viewGiftCardProviders: 'View Gift Card providers',
  editGiftCardProviders: 'Edit Gift Card providers',
} as const;

export type LicenseResource = (typeof RESOURCES)[keyof typeof RESOURCES];

export const ALL_RESOURCES: readonly LicenseResource[] = Object.values(RESOURCES);

export function isLicenseResource(value: string): value is LicenseResource {
  return (ALL_RESOURCES as readonly string[]).includes(value);
}
