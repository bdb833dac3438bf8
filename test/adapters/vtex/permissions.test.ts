// A 403 names the License Manager resource the app key lacks for that endpoint, so the
// connection check can tell the merchant what to add. Each case uses a key holding every
// resource except the ones that unlock the endpoint.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { VtexClient, VtexLicenseResource, VtexResult } from '../../../src/adapters/vtex';
import type { RunningSandbox } from '../../../sandbox/main';
import { addKey, ALL_RESOURCES, clientFor, createShop, RESOURCES, startTestSandbox, valueOf, type Shop } from '../../harness/vtex-sandbox';

let sandbox: RunningSandbox;
let shop: Shop;
let orderId: string;

beforeAll(async () => {
  sandbox = await startTestSandbox();
  shop = await createShop(sandbox, 'permshop', { customers: 5, orders: 5 });
  orderId = valueOf(await clientFor(sandbox, shop).client.listOrders({ page: 1, perPage: 1 })).orders[0]?.orderId ?? '';
});
afterAll(() => sandbox.close());

interface Case {
  name: string;
  /** Every resource that would unlock the endpoint: the key gets none of them. */
  withheld: readonly string[];
  expected: VtexLicenseResource;
  call: (client: VtexClient) => Promise<VtexResult<unknown>>;
}

const ORDER_RESOURCES = [RESOURCES.listOrders, RESOURCES.viewOrder, RESOURCES.ordersFullAccess];
const DOCUMENT_RESOURCES = [RESOURCES.readDocuments, RESOURCES.writeDocuments, RESOURCES.fullAccessDocuments, RESOURCES.masterDataAdministrator];
const HOOK_RESOURCES = [RESOURCES.feedAndHookAdmin, RESOURCES.feedAndHookView];

const CASES: Case[] = [
  { name: 'listOrders', withheld: ORDER_RESOURCES, expected: 'List Orders', call: (c) => c.listOrders({ page: 1, perPage: 1 }) },
  { name: 'getOrder', withheld: ORDER_RESOURCES, expected: 'View order', call: (c) => c.getOrder(orderId) },
  { name: 'getOrderHook', withheld: HOOK_RESOURCES, expected: 'Feed v3 and Hook Admin', call: (c) => c.getOrderHook() },
  { name: 'setOrderHook', withheld: HOOK_RESOURCES, expected: 'Feed v3 and Hook Admin', call: (c) => c.setOrderHook({ url: 'http://127.0.0.1:9/hook', headers: {} }) },
  { name: 'deleteOrderHook', withheld: HOOK_RESOURCES, expected: 'Feed v3 and Hook Admin', call: (c) => c.deleteOrderHook() },
  { name: 'scrollCustomers', withheld: DOCUMENT_RESOURCES, expected: 'Read only documents', call: (c) => c.scrollCustomers({ fields: ['email'], size: 10 }) },
  { name: 'searchCustomers', withheld: DOCUMENT_RESOURCES, expected: 'Read only documents', call: (c) => c.searchCustomers({ fields: ['email'], range: [0, 10] }) },
  { name: 'getCustomerByUserId', withheld: DOCUMENT_RESOURCES, expected: 'Read only documents', call: (c) => c.getCustomerByUserId('00000000-0000-4000-8000-000000000000') },
  { name: 'getSku', withheld: [RESOURCES.skus, RESOURCES.productAndSkuManagement], expected: 'SKUs', call: (c) => c.getSku(1) },
  { name: 'listSkuIds', withheld: [RESOURCES.skus, RESOURCES.productAndSkuManagement], expected: 'SKUs', call: (c) => c.listSkuIds(1, 10) },
  { name: 'listPromotions', withheld: [RESOURCES.managePromotions], expected: 'GerenciarPromocoesETarifas', call: (c) => c.listPromotions() },
  { name: 'createPromotion', withheld: [RESOURCES.managePromotions], expected: 'GerenciarPromocoesETarifas', call: (c) => c.createPromotion({ name: 'x', isActive: false, beginDateUtc: '2026-01-01T00:00:00Z' }) },
  { name: 'getCoupon', withheld: [RESOURCES.manageBenefitsAndRates], expected: 'Manage benefits and rates', call: (c) => c.getCoupon('ANY') },
  { name: 'createCoupon', withheld: [RESOURCES.manageBenefitsAndRates], expected: 'Manage benefits and rates', call: (c) => c.createCoupon({ couponCode: 'ANY', utmSource: 'x', maxUsage: 1, maxItemsPerClient: 1 }) },
  { name: 'archiveCoupon', withheld: [RESOURCES.manageBenefitsAndRates], expected: 'Manage benefits and rates', call: (c) => c.archiveCoupon('ANY') },
  { name: 'getCouponUsage', withheld: [RESOURCES.manageBenefitsAndRates], expected: 'Manage benefits and rates', call: (c) => c.getCouponUsage('ANY') },
];

describe('403 names the missing License Manager resource', () => {
  for (const testCase of CASES) {
    it(`${testCase.name} → "${testCase.expected}"`, async () => {
      const key = await addKey(sandbox, shop.name, ALL_RESOURCES.filter((resource) => !testCase.withheld.includes(resource)));
      const { client, sleeps } = clientFor(sandbox, { ...shop, ...key });
      const result = await testCase.call(client);
      expect(result).toMatchObject({ ok: false, error: { kind: 'forbidden', status: 403, retryable: false, resource: testCase.expected } });
      expect(result.ok ? '' : result.error.message).toContain(testCase.expected);
      expect(sleeps).toEqual([]);
    });
  }

  it('the same key succeeds once it holds the named resource', async () => {
    const key = await addKey(sandbox, shop.name, [RESOURCES.viewOrder]);
    const { client } = clientFor(sandbox, { ...shop, ...key });
    expect(valueOf(await client.getOrder(orderId)).orderId).toBe(orderId);
    expect(await client.listOrders({ page: 1, perPage: 1 })).toMatchObject({ ok: false, error: { resource: 'List Orders' } });
  });
});
