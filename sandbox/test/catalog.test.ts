// Catalog: SKU by id in both shapes, SKU id listing and its paging, and the public product
// search showing price and stock changes made through the scenario control.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningSandbox } from '../server';
import { control, createAccount, http, startTestSandbox, vtex, type TestAccount } from './support';

interface Offer { Price: number; ListPrice: number; AvailableQuantity: number; IsAvailable: boolean }
interface Product { productId: string; items: { itemId: string; sellers: { commertialOffer: Offer }[] }[] }
interface SeedSku { id: number; productId: number; name: string; price: number; listPrice: number; isActive: boolean; ean: string; refId: string }

let sandbox: RunningSandbox;
let shop: TestAccount;
let skus: SeedSku[];
let sku: SeedSku;

beforeAll(async () => {
  sandbox = await startTestSandbox();
  shop = await createAccount(sandbox, 'catalogshop', { seed: 13 });
  skus = ((await control(sandbox, 'GET', `/accounts/${shop.name}/skus`)).body as { skus: SeedSku[] }).skus;
  const active = skus.find((s) => s.isActive && s.price < s.listPrice);
  if (!active) throw new Error('no active SKU on sale');
  sku = active;
});
afterAll(async () => sandbox.close());

const publicSearch = (fq: string) => http(`${shop.baseUrl}/api/catalog_system/pub/products/search?fq=${fq}`);
const offerOf = (body: unknown): Offer | undefined => (body as Product[])[0]?.items[0]?.sellers[0]?.commertialOffer;

describe('SKU by id', () => {
  it('catalog_system answers the "SKU and context" shape', async () => {
    const result = await vtex(shop).get(`/api/catalog_system/pvt/sku/stockkeepingunitbyid/${sku.id}`);
    expect(result.status).toBe(200);
    expect(result.body).toMatchObject({
      Id: sku.id, ProductId: sku.productId, NameComplete: sku.name, IsActive: true,
      AlternateIds: { Ean: sku.ean, RefId: sku.refId }, SkuSellers: [{ SellerId: '1', StockKeepingUnitId: sku.id }],
    });
    expect(result.body).not.toHaveProperty('Price');
  });

  it('catalog answers the raw SKU shape', async () => {
    const result = await vtex(shop).get(`/api/catalog/pvt/stockkeepingunit/${sku.id}`);
    expect(result.status).toBe(200);
    expect(result.body).toMatchObject({ Id: sku.id, ProductId: sku.productId, IsActive: true, RefId: sku.refId, MeasurementUnit: 'un' });
    expect(result.body).not.toHaveProperty('NameComplete');
  });

  it.each(['/api/catalog_system/pvt/sku/stockkeepingunitbyid/', '/api/catalog/pvt/stockkeepingunit/'])('%s answers 404 for an unknown or malformed id', async (path) => {
    for (const id of ['999999', 'abc', '99999999999']) {
      const result = await vtex(shop).get(`${path}${id}`);
      expect(result.status).toBe(404);
      expect(result.body).toEqual({ Message: expect.any(String) });
    }
  });
});

describe('SKU id listing', () => {
  it('pages through every SKU id, ascending, pages from 1', async () => {
    const ids: number[] = [];
    for (let page = 1; ; page += 1) {
      const result = await vtex(shop).get(`/api/catalog_system/pvt/sku/stockkeepingunitids?page=${page}&pagesize=50`);
      expect(result.status).toBe(200);
      const batch = result.body as number[];
      if (batch.length === 0) break;
      ids.push(...batch);
    }
    expect(ids).toEqual(skus.map((s) => s.id).sort((a, b) => a - b));
  });

  it.each(['page=0&pagesize=10', 'page=1&pagesize=1001', 'page=x&pagesize=10', 'page=1&pagesize=0'])('refuses %s with 400', async (query) => {
    expect((await vtex(shop).get(`/api/catalog_system/pvt/sku/stockkeepingunitids?${query}`)).status).toBe(400);
  });
});

describe('public product search', () => {
  it('needs no key and shows the price in decimal units, with stock', async () => {
    const result = await publicSearch(`skuId:${sku.id}`);
    expect(result.status).toBe(200);
    const products = result.body as Product[];
    expect(products).toHaveLength(1);
    expect(products[0]?.items[0]?.itemId).toBe(String(sku.id));
    expect(offerOf(result.body)).toMatchObject({ Price: sku.price / 100, ListPrice: sku.listPrice / 100 });
  });

  it('sees price, stock and active changes made by the scenario control', async () => {
    const changed = await control(sandbox, 'PATCH', `/accounts/${shop.name}/catalog/skus/${sku.id}`, { price: 12345, listPrice: 20000, availableQuantity: 0 });
    expect(changed.status).toBe(200);
    expect(offerOf((await publicSearch(`skuId:${sku.id}`)).body)).toMatchObject({ Price: 123.45, ListPrice: 200, AvailableQuantity: 0, IsAvailable: false });
    await control(sandbox, 'PATCH', `/accounts/${shop.name}/catalog/skus/${sku.id}`, { availableQuantity: 7 });
    expect(offerOf((await publicSearch(`skuId:${sku.id}`)).body)).toMatchObject({ Price: 123.45, AvailableQuantity: 7, IsAvailable: true });
    await control(sandbox, 'PATCH', `/accounts/${shop.name}/catalog/skus/${sku.id}`, { isActive: false });
    expect((await publicSearch(`skuId:${sku.id}`)).body).toEqual([]);
    expect((await vtex(shop).get(`/api/catalog_system/pvt/sku/stockkeepingunitbyid/${sku.id}`)).body).toMatchObject({ IsActive: false });
    expect((await vtex(shop).get(`/api/catalog/pvt/stockkeepingunit/${sku.id}`)).body).toMatchObject({ IsActive: false });
  });

  it('leaves other SKUs and other accounts alone', async () => {
    const other = skus.find((s) => s.isActive && s.id !== sku.id);
    expect(offerOf((await publicSearch(`skuId:${other?.id}`)).body)).toMatchObject({ Price: (other?.price ?? 0) / 100 });
    const twin = await createAccount(sandbox, 'catalogtwin', { seed: 13 });
    const twinSearch = await http(`${twin.baseUrl}/api/catalog_system/pub/products/search?fq=skuId:${sku.id}`);
    expect(offerOf(twinSearch.body)).toMatchObject({ Price: sku.price / 100 });
  });

  it('answers [] for an unknown SKU and 400 for an unsupported filter or window', async () => {
    expect((await publicSearch('skuId:1')).body).toEqual([]);
    expect((await publicSearch('brandName:x')).status).toBe(400);
    expect((await http(`${shop.baseUrl}/api/catalog_system/pub/products/search?_from=0&_to=50`)).status).toBe(400);
    const window = await http(`${shop.baseUrl}/api/catalog_system/pub/products/search?_from=0&_to=49`);
    expect(window.body).toHaveLength(50);
  });

  it('refuses bad scenario edits', async () => {
    expect((await control(sandbox, 'PATCH', `/accounts/${shop.name}/catalog/skus/${sku.id}`, { price: 9.9 })).status).toBe(400);
    expect((await control(sandbox, 'PATCH', `/accounts/${shop.name}/catalog/skus/${sku.id}`, { name: 'x' })).status).toBe(400);
    expect((await control(sandbox, 'PATCH', `/accounts/${shop.name}/catalog/skus/1`, { price: 100 })).status).toBe(404);
  });
});
