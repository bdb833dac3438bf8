// "Test connection" against the VTEX sandbox over HTTP: each capability answers ok, forbidden
// with the resource to add, unauthorized or unreachable, with the account's counts when readable.
import { beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../src/adapters/db/database';
import type { RunningSandbox } from '../../sandbox/main';
import { engines } from '../harness/databases';
import { httpWorldOn, tenantWithKey, useHttpSuite, type HttpWorld } from '../harness/http';
import { ALL_RESOURCES, RESOURCES, addKey, createShop, type Shop } from '../harness/vtex-sandbox';

describe.each(engines)('VTEX connection check on $name', (engine) => {
  const suite = useHttpSuite(engine, { sandbox: true });
  let database: Database;
  let sandbox: RunningSandbox;
  let http: HttpWorld;
  let shop: Shop;
  beforeAll(async () => {
    ({ database, sandbox, http } = suite);
    shop = await createShop(sandbox, `check${engine.name.replace(/[^a-z]/g, '')}`, { customers: 40, orders: 120 });
  });

  const check = async (auth: Record<string, string>, payload?: object) =>
    http.app.inject({ method: 'POST', url: '/api/admin/v1/integrations/vtex/check', headers: auth, ...(payload ? { payload } : {}) });

  it('reports every capability ok and the counts for a key with every resource', async () => {
    const { auth } = await tenantWithKey(http.world);
    const response = await check(auth, { accountName: `https://${shop.name}.myvtex.com/admin`, appKey: shop.appKey, appToken: shop.appToken });
    expect(response.statusCode, response.body).toBe(200);
    const report = response.json();
    expect(report.accountName).toBe(shop.name);
    for (const capability of ['customers', 'orders', 'orderHook', 'catalog', 'promotions', 'coupons']) {
      expect(report.capabilities[capability], capability).toEqual({ status: 'ok' });
    }
    expect(report.customerCount).toBe(40);
    expect(report.orderCount).toBe(120);
  });

  it('names the resource to add for each capability a key lacks', async () => {
    const { auth } = await tenantWithKey(http.world);
    // Every resource that grants reading CL documents, and both that grant reading SKUs.
    const missing = [
      RESOURCES.readDocuments,
      RESOURCES.writeDocuments,
      RESOURCES.fullAccessDocuments,
      RESOURCES.masterDataAdministrator,
      RESOURCES.skus,
      RESOURCES.productAndSkuManagement,
    ] as string[];
    const key = await addKey(sandbox, shop.name, ALL_RESOURCES.filter((resource) => !missing.includes(resource)));
    const report = (await check(auth, { accountName: shop.name, appKey: key.appKey, appToken: key.appToken })).json();
    expect(report.capabilities.customers).toMatchObject({ status: 'forbidden', resource: RESOURCES.readDocuments });
    expect(report.capabilities.catalog).toMatchObject({ status: 'forbidden', resource: RESOURCES.skus });
    expect(report.capabilities.orders).toEqual({ status: 'ok' });
    expect(report.customerCount).toBeNull();
    expect(report.orderCount).toBe(120);
  });

  it('answers unauthorized for a wrong token, without echoing secrets', async () => {
    const { auth } = await tenantWithKey(http.world);
    const wrong = (await check(auth, { accountName: shop.name, appKey: shop.appKey, appToken: 'not-the-token' })).json();
    for (const status of Object.values(wrong.capabilities)) expect(status).toMatchObject({ status: 'unauthorized' });
    expect(JSON.stringify(wrong)).not.toContain('not-the-token');
  });

  it('answers unreachable when VTEX does not answer', async () => {
    // Port 1 on the loopback: nothing listens there, so every call fails to connect.
    const offline = await httpWorldOn(database, { vtexBaseUrl: 'http://127.0.0.1:1/{account}' });
    try {
      const { auth } = await tenantWithKey(offline.world);
      const response = await offline.app.inject({
        method: 'POST',
        url: '/api/admin/v1/integrations/vtex/check',
        headers: auth,
        payload: { accountName: shop.name, appKey: shop.appKey, appToken: shop.appToken },
      });
      for (const status of Object.values(response.json().capabilities)) expect(status).toMatchObject({ status: 'unreachable' });
      expect(response.json()).toMatchObject({ customerCount: null, orderCount: null });
    } finally {
      await offline.app.close();
    }
  });

  it('answers a malformed account or environment with 400 naming it', async () => {
    const { auth } = await tenantWithKey(http.world);
    for (const [payload, field] of [
      [{ accountName: 'www.minhaloja.com.br', appKey: shop.appKey, appToken: shop.appToken }, 'accountName'],
      [{ accountName: shop.name, environment: 'Not An Env!', appKey: shop.appKey, appToken: shop.appToken }, 'environment'],
    ] as const) {
      const response = await check(auth, payload);
      expect(response.statusCode, response.body).toBe(400);
      expect(response.json().error.field).toBe(field);
    }
  });

  it('checks the stored keys when the body has none, and refuses when nothing is stored', async () => {
    const { auth } = await tenantWithKey(http.world);
    const nothing = await check(auth, {});
    expect(nothing.statusCode).toBe(400);
    expect(nothing.json().error.field).toBe('accountName');
    const saved = await http.app.inject({
      method: 'PUT',
      url: '/api/admin/v1/integrations/vtex',
      headers: auth,
      payload: { accountName: shop.name, appKey: shop.appKey, appToken: shop.appToken, storeUrl: 'https://www.loja.example', active: false },
    });
    expect(saved.statusCode, saved.body).toBe(200);
    const report = (await check(auth, {})).json();
    expect(report.capabilities.orders).toEqual({ status: 'ok' });
    expect(report.orderCount).toBe(120);
    const otherToken = (await check(auth, { appToken: 'typed-but-wrong' })).json();
    expect(otherToken.capabilities.orders).toMatchObject({ status: 'unauthorized' });
  });
});
