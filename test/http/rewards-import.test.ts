// POST /api/admin/v1/rewards/import and the job behind it: refused (409) until the integration is
// active with productsAreGifts and importProducts on; then 202 with the job made due now. The job
// follows the toggles when the integration is saved, and one tenant's request leaves the others' alone.
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { PRODUCT_REFRESH_EVERY_MS } from '../../src/app/sync/product-import';
import { runSyncJobs } from '../../src/app/sync/run-sync-jobs';
import type { RunningSandbox } from '../../sandbox/main';
import { engines } from '../harness/databases';
import { tenantWithKey, useHttpSuite, type HttpWorld } from '../harness/http';
import { createShop, type Shop } from '../harness/vtex-sandbox';

interface JobBody {
  kind: string;
  state: string;
  done: number;
  total: number | null;
  nextRunAt: string | null;
}

describe.each(engines)('POST /rewards/import on $name', (engine) => {
  const suite = useHttpSuite(engine, { sandbox: true });
  let sandbox: RunningSandbox;
  let http: HttpWorld;
  let shop: Shop;
  beforeAll(async () => {
    ({ sandbox, http } = suite);
    shop = await createShop(sandbox, `rim${engine.name.replace(/[^a-z]/g, '')}`);
  });
  beforeEach(() => {
    http.world.clock.set(new Date());
  });

  const save = async (auth: Record<string, string>, settings: Record<string, unknown>) => {
    const response = await http.app.inject({
      method: 'PUT',
      url: '/api/admin/v1/integrations/vtex',
      headers: auth,
      payload: {
        accountName: shop.name, appKey: shop.appKey, appToken: shop.appToken, storeUrl: 'https://www.loja.example',
        importCustomers: false, importOrders: false, rewardSkuIds: [], ...settings,
      },
    });
    expect(response.statusCode, response.body).toBe(200);
  };
  const startImport = (auth: Record<string, string>) => http.app.inject({ method: 'POST', url: '/api/admin/v1/rewards/import', headers: auth });
  const productJob = async (auth: Record<string, string>) => {
    const jobs = (await http.app.inject({ method: 'GET', url: '/api/admin/v1/sync', headers: auth })).json().jobs as JobBody[];
    return jobs.find((job) => job.kind === 'products.import');
  };

  it('refuses while the integration is missing or inactive: VTEX_NOT_CONNECTED', async () => {
    const { auth } = await tenantWithKey(http.world);
    const missing = await startImport(auth);
    expect(missing.statusCode).toBe(409);
    expect(missing.json().error).toMatchObject({ code: 'VTEX_NOT_CONNECTED', message: expect.stringMatching(/not active/) });

    await save(auth, { active: false, productsAreGifts: true, importProducts: true });
    const inactive = await startImport(auth);
    expect(inactive.statusCode).toBe(409);
    expect(inactive.json().error.code).toBe('VTEX_NOT_CONNECTED');
    expect(await productJob(auth)).toBeUndefined();
  });

  it('refuses while productsAreGifts or importProducts is off, naming which: PRODUCT_IMPORT_OFF', async () => {
    const { auth } = await tenantWithKey(http.world);
    await save(auth, { active: true, productsAreGifts: false, importProducts: false });
    const bothOff = await startImport(auth);
    expect(bothOff.statusCode).toBe(409);
    expect(bothOff.json().error).toMatchObject({ code: 'PRODUCT_IMPORT_OFF', message: 'turn on productsAreGifts and importProducts in the VTEX integration settings to import products' });

    await save(auth, { active: true, productsAreGifts: true, importProducts: false });
    const importOff = await startImport(auth);
    expect(importOff.statusCode).toBe(409);
    expect(importOff.json().error.message).toBe('turn on importProducts in the VTEX integration settings to import products');
    expect(await productJob(auth)).toBeUndefined();
  });

  it('202 with the job due now; the job follows the toggles; another tenant\'s request leaves it alone', async () => {
    const mine = await tenantWithKey(http.world);
    const theirs = await tenantWithKey(http.world);
    await save(mine.auth, { active: true, productsAreGifts: true, importProducts: true, rewardSkuIds: [] });
    await save(theirs.auth, { active: true, productsAreGifts: true, importProducts: true, rewardSkuIds: [] });
    expect(await productJob(mine.auth)).toMatchObject({ state: 'queued' });

    // Run it once, so that it waits for its next refresh.
    for (let round = 0; round < 50 && (await runSyncJobs(http.world, { owner: 'test', leaseMs: 60_000, sliceMs: 60_000, tenantIds: [mine.tenantId] }, 60_000)) > 0; round++);
    const refreshed = await productJob(mine.auth);
    expect(refreshed).toMatchObject({ state: 'queued', total: refreshed?.done });
    const nextRefresh = Date.parse(refreshed?.nextRunAt ?? '');
    expect(nextRefresh - http.world.clock.now().getTime()).toBeGreaterThan(PRODUCT_REFRESH_EVERY_MS - 60_000);

    // Their request does not move my job.
    http.world.clock.set(new Date(http.world.clock.now().getTime() + 1_000));
    expect((await startImport(theirs.auth)).statusCode).toBe(202);
    expect(Date.parse((await productJob(mine.auth))?.nextRunAt ?? '')).toBe(nextRefresh);

    const started = await startImport(mine.auth);
    expect(started.statusCode, started.body).toBe(202);
    expect(started.json()).toMatchObject({ kind: 'products.import', state: 'queued', nextRunAt: http.world.clock.now().toISOString() });
    expect(await productJob(mine.auth)).toMatchObject({ state: 'queued', nextRunAt: http.world.clock.now().toISOString() });

    // importProducts off stops the job; on again queues it.
    await save(mine.auth, { active: true, productsAreGifts: true, importProducts: false });
    expect(await productJob(mine.auth)).toMatchObject({ state: 'stopped' });
    expect((await startImport(mine.auth)).statusCode).toBe(409);
    await save(mine.auth, { active: true, productsAreGifts: false, importProducts: false });
    expect(await productJob(mine.auth)).toMatchObject({ state: 'stopped' });
    await save(mine.auth, { active: true, productsAreGifts: true, importProducts: true });
    expect(await productJob(mine.auth)).toMatchObject({ state: 'queued' });
  });
});
