import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningSandbox } from '../../../sandbox/main';
import { clientFor, controlOk, createShop, startTestSandbox, valueOf, type Shop } from '../../harness/vtex-sandbox';

let sandbox: RunningSandbox;
let shop: Shop;
let skus: { id: number; productId: number; name: string; price: number; listPrice: number }[];

beforeAll(async () => {
  sandbox = await startTestSandbox();
  shop = await createShop(sandbox, 'catshop');
  skus = (await controlOk<{ skus: typeof skus }>(sandbox, 'GET', `/accounts/${shop.name}/skus`)).skus;
});
afterAll(() => sandbox.close());

describe('catalog', () => {
  it('getSku reads the SKU and context; not_found for an unknown id', async () => {
    const { client } = clientFor(sandbox, shop);
    const expected = skus[2];
    const sku = valueOf(await client.getSku(expected?.id ?? 0));
    expect(sku).toMatchObject({ id: String(expected?.id), productId: String(expected?.productId), name: expected?.name, isActive: true });
    expect(sku.detailUrl).toMatch(/\/p$/);
    expect(await client.getSku(2_000_000_000)).toMatchObject({ ok: false, error: { kind: 'not_found', status: 404 } });
  });

  it('listSkuIds pages through every id in ascending order, then an empty page', async () => {
    const { client } = clientFor(sandbox, shop);
    const all: number[] = [];
    for (let page = 1; ; page += 1) {
      const ids = valueOf(await client.listSkuIds(page, 7));
      if (ids.length === 0) break;
      all.push(...ids);
    }
    expect(all).toEqual(skus.map((sku) => sku.id).sort((a, b) => a - b));
  });

  it('getSkuOffer converts the storefront price to cents and reads stock; null once the SKU is inactive', async () => {
    const { client } = clientFor(sandbox, shop);
    const sku = skus[4];
    await controlOk(sandbox, 'PATCH', `/accounts/${shop.name}/catalog/skus/${sku?.id}`, { price: 12_345, listPrice: 15_990, availableQuantity: 3 });
    expect(valueOf(await client.getSkuOffer(sku?.id ?? 0))).toEqual({ skuId: String(sku?.id), price: 12_345, listPrice: 15_990, availableQuantity: 3, isAvailable: true });
    await controlOk(sandbox, 'PATCH', `/accounts/${shop.name}/catalog/skus/${sku?.id}`, { availableQuantity: 0 });
    expect(valueOf(await client.getSkuOffer(sku?.id ?? 0))).toMatchObject({ availableQuantity: 0, isAvailable: false });
    await controlOk(sandbox, 'PATCH', `/accounts/${shop.name}/catalog/skus/${sku?.id}`, { isActive: false });
    expect(valueOf(await client.getSkuOffer(sku?.id ?? 0))).toBeNull();
  });

  it('getSkuOffer needs no app key: it works with a key that has no resource at all', async () => {
    const { client } = clientFor(sandbox, { ...shop, appToken: 'not-the-token' });
    expect(valueOf(await client.getSkuOffer(skus[0]?.id ?? 0))).toMatchObject({ skuId: String(skus[0]?.id) });
  });
});
