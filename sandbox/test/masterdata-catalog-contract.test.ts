// Master Data and Catalog responses against the official MasterData v1 and Catalog OpenAPI
// files. The public product search is in neither file, so it has no contract here.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RESOURCES } from '../core/license-resources';
import type { RunningSandbox } from '../server';
import { announceSkippedContract, loadSpec, OPENAPI_DIR, type OpenApiSpec, type ValidationResult } from './openapi-contract';
import { addKey, control, createAccount, startTestSandbox, vtex, type HttpResult, type TestAccount } from './support';

announceSkippedContract('Master Data v1 and Catalog');

const MD = '/api/dataentities/{acronym}';

function expectValid(result: ValidationResult): void {
  expect(result.validated).toBe(true);
  expect(result.errors).toEqual([]);
}

describe.runIf(OPENAPI_DIR)('Master Data and Catalog responses match the OpenAPI specs', () => {
  let md: OpenApiSpec;
  let catalog: OpenApiSpec;
  let sandbox: RunningSandbox;
  let shop: TestAccount;

  /** Master Data documents one error body, {Message}; every MD error the sandbox sends has it. */
  function expectMdError(response: HttpResult, status: number): void {
    expect(response.status).toBe(status);
    const schema = md.responseSchema('get', `${MD}/documents/{id}`, 403);
    expect(schema).toBeDefined();
    expect(md.validate('md-error', schema ?? {}, response.body)).toEqual([]);
    expect(response.body).toEqual({ Message: expect.any(String) });
  }

  beforeAll(async () => {
    md = loadSpec('VTEX - MasterData API - v10.2.json');
    catalog = loadSpec('VTEX - Catalog API.json');
    sandbox = await startTestSandbox();
    shop = await createAccount(sandbox, 'mdcontract', { seed: 31, customers: 500 });
    await control(sandbox, 'PATCH', `/accounts/${shop.name}/masterdata/customers/3`, { firstName: 'Editada' });
  });
  afterAll(async () => sandbox.close());

  it('the validators reject broken bodies (so these tests can fail)', async () => {
    const one = await vtex(shop).get('/api/dataentities/CL/search?_fields=id');
    const id = (one.body as { id: string }[])[0]?.id;
    const document = await vtex(shop).get(`/api/dataentities/CL/documents/${id}`);
    const broken = { ...(document.body as object), accountName: undefined, id: 12 };
    expect(md.validateResponse('get', `${MD}/documents/{id}`, 200, broken).errors).not.toEqual([]);
    expect(md.validateResponse('get', `${MD}/search`, 200, [{ id: 5 }]).errors).not.toEqual([]);
    const ids = (await vtex(shop).get('/api/catalog_system/pvt/sku/stockkeepingunitids?page=1&pagesize=5')).body as number[];
    const context = await vtex(shop).get(`/api/catalog_system/pvt/sku/stockkeepingunitbyid/${ids[0]}`);
    const badContext = { ...(context.body as object), Dimension: { height: '1' } };
    expect(catalog.validateResponse('get', '/api/catalog_system/pvt/sku/stockkeepingunitbyid/{skuId}', 200, badContext).errors).not.toEqual([]);
    expect(catalog.validateResponse('get', '/api/catalog_system/pvt/sku/stockkeepingunitids', 200, ['1']).errors).not.toEqual([]);
  });

  it('search 200 is valid with metadata only, chosen fields and _all', async () => {
    for (const query of ['', '?_fields=email,updatedIn&_sort=updatedIn DESC', '?_fields=_all&_where=firstName=Editada', '?_where=email=nobody@example.com']) {
      const response = await vtex(shop).get(`/api/dataentities/CL/search${query}`);
      expect(response.status).toBe(200);
      expectValid(md.validateResponse('get', `${MD}/search`, 200, response.body));
    }
  });

  it('scroll 200 pages are valid, and the 400s have the documented body', async () => {
    const first = await vtex(shop).get('/api/dataentities/CL/scroll?_size=300&_fields=_all');
    expectValid(md.validateResponse('get', `${MD}/scroll`, 200, first.body));
    const token = first.headers.get('x-vtex-md-token');
    const next = await vtex(shop).get(`/api/dataentities/CL/scroll?_token=${token}`);
    expectValid(md.validateResponse('get', `${MD}/scroll`, 200, next.body));
    const end = await vtex(shop).get(`/api/dataentities/CL/scroll?_token=${token}`);
    expect(end.body).toEqual([]);
    expectValid(md.validateResponse('get', `${MD}/scroll`, 200, end.body));
    const tooBig = await vtex(shop).get('/api/dataentities/CL/scroll?_size=5000');
    expect(tooBig.status).toBe(400);
    expectValid(md.validateResponse('get', `${MD}/scroll`, 400, tooBig.body));
    for (let i = 0; i < 10; i += 1) await vtex(shop).get('/api/dataentities/CL/scroll?_size=1&_fields=id');
    const limited = await vtex(shop).get('/api/dataentities/CL/scroll?_size=1&_fields=id');
    expect(limited.body).toEqual({ Message: 'Maximum simultaneous scrolls rate exceeded (10)' });
    expectValid(md.validateResponse('get', `${MD}/scroll`, 400, limited.body));
  });

  it('document get 200 is valid with and without _fields; 403 is valid', async () => {
    const id = ((await vtex(shop).get('/api/dataentities/CL/search?_fields=id')).body as { id: string }[])[0]?.id;
    for (const query of ['', '?_fields=email']) {
      const response = await vtex(shop).get(`/api/dataentities/CL/documents/${id}${query}`);
      expect(response.status).toBe(200);
      expectValid(md.validateResponse('get', `${MD}/documents/{id}`, 200, response.body));
    }
    const weak = await addKey(sandbox, shop.name, [RESOURCES.skus]);
    const forbidden = await vtex(shop, weak).get(`/api/dataentities/CL/documents/${id}`);
    expect(forbidden.status).toBe(403);
    expectValid(md.validateResponse('get', `${MD}/documents/{id}`, 403, forbidden.body));
  });

  it('undocumented Master Data errors (400, 401, 404, 429, 5xx) use the documented {Message} body', async () => {
    expectMdError(await vtex(shop).get('/api/dataentities/CL/search?_where=(email'), 400);
    expectMdError(await vtex(shop, { appKey: shop.key.appKey, appToken: 'nope' }).get('/api/dataentities/CL/search'), 401);
    expectMdError(await vtex(shop).get('/api/dataentities/CL/documents/nope'), 404);
    await control(sandbox, 'PUT', `/accounts/${shop.name}/faults`, { rateLimitNext: 1, serverErrorNext: 1 });
    expectMdError(await vtex(shop).get('/api/dataentities/CL/search'), 429);
    expectMdError(await vtex(shop).get('/api/dataentities/CL/search'), 503);
  });

  it('Catalog SKU reads and the id listing are valid for active and inactive SKUs', async () => {
    const ids = (await vtex(shop).get('/api/catalog_system/pvt/sku/stockkeepingunitids?page=1&pagesize=1000')).body as number[];
    expectValid(catalog.validateResponse('get', '/api/catalog_system/pvt/sku/stockkeepingunitids', 200, ids));
    expect(ids.length).toBeGreaterThan(100);
    await control(sandbox, 'PATCH', `/accounts/${shop.name}/catalog/skus/${ids[1]}`, { isActive: false, price: 100 });
    for (const id of ids.slice(0, 12)) {
      const context = await vtex(shop).get(`/api/catalog_system/pvt/sku/stockkeepingunitbyid/${id}`);
      expectValid(catalog.validateResponse('get', '/api/catalog_system/pvt/sku/stockkeepingunitbyid/{skuId}', 200, context.body));
      const raw = await vtex(shop).get(`/api/catalog/pvt/stockkeepingunit/${id}`);
      expectValid(catalog.validateResponse('get', '/api/catalog/pvt/stockkeepingunit/{skuId}', 200, raw.body));
    }
  });

  it('the Catalog spec documents no error body for these reads (so their 4xx shapes are ours)', () => {
    for (const [path, status] of [['/api/catalog_system/pvt/sku/stockkeepingunitbyid/{skuId}', 404], ['/api/catalog/pvt/stockkeepingunit/{skuId}', 404],
      ['/api/catalog_system/pvt/sku/stockkeepingunitids', 400]] as const) {
      expect(catalog.validateResponse('get', path, status, {}).documented).toBe(false);
    }
  });
});
