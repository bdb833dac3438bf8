// The same security checks for every Master Data and Catalog route: no key or a wrong one →
// 401, a key without the route's resources → 403, each allowed resource alone → through;
// the public product search needs no key at all.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RESOURCES } from '../core/license-resources';
import type { RunningSandbox } from '../server';
import { addKey, createAccount, http, startTestSandbox, type Key, type TestAccount } from './support';

let sandbox: RunningSandbox;
let shop: TestAccount;
let documentId = '';
let skuId = 0;

const MD_READ = [RESOURCES.readDocuments, RESOURCES.writeDocuments, RESOURCES.fullAccessDocuments, RESOURCES.masterDataAdministrator];

const ENDPOINTS: { label: string; path: () => string; allowedBy: string[] }[] = [
  { label: 'GET /api/dataentities/CL/search', path: () => '/api/dataentities/CL/search?_fields=id', allowedBy: MD_READ },
  { label: 'GET /api/dataentities/CL/scroll', path: () => '/api/dataentities/CL/scroll?_size=1&_fields=id', allowedBy: MD_READ },
  { label: 'GET /api/dataentities/CL/documents/{id}', path: () => `/api/dataentities/CL/documents/${documentId}`, allowedBy: MD_READ },
  { label: 'GET /api/catalog_system/pvt/sku/stockkeepingunitbyid/{id}', path: () => `/api/catalog_system/pvt/sku/stockkeepingunitbyid/${skuId}`, allowedBy: [RESOURCES.skus] },
  { label: 'GET /api/catalog/pvt/stockkeepingunit/{id}', path: () => `/api/catalog/pvt/stockkeepingunit/${skuId}`, allowedBy: [RESOURCES.skus] },
  { label: 'GET /api/catalog_system/pvt/sku/stockkeepingunitids', path: () => '/api/catalog_system/pvt/sku/stockkeepingunitids?page=1&pagesize=10', allowedBy: [RESOURCES.skus] },
];

const credentials = (key: Key): Record<string, string> => ({ 'X-VTEX-API-AppKey': key.appKey, 'X-VTEX-API-AppToken': key.appToken });
const call = (path: string, headers: Record<string, string>, account = shop.name) => http(`${sandbox.url}/${account}${path}`, { headers });

beforeAll(async () => {
  sandbox = await startTestSandbox();
  shop = await createAccount(sandbox, 'mdauth', { customers: 20 });
  const found = await call('/api/dataentities/CL/search?_fields=id', credentials(shop.key));
  documentId = (found.body as { id: string }[])[0]?.id ?? '';
  const ids = await call('/api/catalog_system/pvt/sku/stockkeepingunitids?page=1&pagesize=1', credentials(shop.key));
  skuId = (ids.body as number[])[0] ?? 0;
});
afterAll(async () => sandbox.close());

describe.each(ENDPOINTS)('$label', (endpoint) => {
  it('answers 401 without credentials, with a wrong token, and with an unknown key', async () => {
    const attempts: Record<string, string>[] = [{}, { 'X-VTEX-API-AppKey': shop.key.appKey }, { ...credentials(shop.key), 'X-VTEX-API-AppToken': 'wrong' },
      { 'X-VTEX-API-AppKey': 'vtexappkey-mdauth-NOPE', 'X-VTEX-API-AppToken': shop.key.appToken }];
    for (const headers of attempts) {
      const result = await call(endpoint.path(), headers);
      expect(result.status).toBe(401);
      expect(result.body).toEqual({ Message: 'Unauthorized access' });
    }
  });

  it('answers 403 to a key without any of the resources that allow it', async () => {
    const key = await addKey(sandbox, shop.name, Object.values(RESOURCES).filter((r) => !endpoint.allowedBy.includes(r)));
    const result = await call(endpoint.path(), credentials(key));
    expect(result.status).toBe(403);
    expect(result.body).toEqual({ Message: expect.any(String) });
  });

  it.each(endpoint.allowedBy)('lets a key with only "%s" through', async (resource) => {
    const key = await addKey(sandbox, shop.name, [resource]);
    expect((await call(endpoint.path(), credentials(key))).status).toBe(200);
  });

  it('answers 404 for an unknown account and refuses another account\'s key', async () => {
    expect((await call(endpoint.path(), credentials(shop.key), 'nosuchshop')).status).toBe(404);
    const other = await createAccount(sandbox, `mdother${ENDPOINTS.indexOf(endpoint)}`);
    expect((await call(endpoint.path(), credentials(other.key))).status).toBe(401);
  });
});

it('the public product search needs no key', async () => {
  const result = await call(`/api/catalog_system/pub/products/search?fq=skuId:${skuId}`, {});
  expect(result.status).toBe(200);
  expect(Array.isArray(result.body)).toBe(true);
});
