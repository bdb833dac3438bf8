// The product import against the VTEX sandbox over HTTP: listed SKUs (one inactive, one out of
// stock, one VTEX does not have) become product rewards with the cost from price × rate × factor;
// the periodic refresh follows VTEX's availability and price without touching the merchant's
// switch or a cost they set; the whole catalog is paged with a checkpoint per page; tenants stay
// apart. What VTEX holds is set and read through the sandbox's control API, not the code under test.
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import type { Database } from '../../src/adapters/db/database';
import { getSyncStatus } from '../../src/app/integrations/get-sync-status';
import { runOneSyncJob, runSyncJobs } from '../../src/app/sync/run-sync-jobs';
import { PRODUCT_PAGE_SIZE, PRODUCT_REFRESH_EVERY_MS } from '../../src/app/sync/product-import';
import { newProductReward } from '../../src/domain/product-reward';
import type { RunningSandbox } from '../../sandbox/main';
import { engines } from '../harness/databases';
import { tenantWithKey, useHttpSuite, type HttpWorld } from '../harness/http';
import { ALL_RESOURCES, controlOk, createShop, RESOURCES, type Shop } from '../harness/vtex-sandbox';

interface SandboxSku {
  id: number;
  name: string;
  isActive: boolean;
}

interface RewardBody {
  id: string;
  kind: string;
  name: string;
  imageUrl: string | null;
  skuId: string | null;
  cost: number;
  priceCents: number | null;
  active: boolean;
  available: boolean;
  unavailableReason: string | null;
  source: string;
  costEdited: boolean;
}

describe.each(engines)('importing products from VTEX on $name', (engine) => {
  const suite = useHttpSuite(engine, { sandbox: true });
  let database: Database;
  let sandbox: RunningSandbox;
  let http: HttpWorld;
  const syncOptions = { owner: 'test-worker', leaseMs: 60_000, sliceMs: 60_000 };
  let shops = 0;

  beforeAll(() => {
    ({ database, sandbox, http } = suite);
  });
  beforeEach(() => {
    http.world.clock.set(new Date());
  });

  async function newShop(): Promise<{ shop: Shop; skus: SandboxSku[] }> {
    shops++;
    const shop = await createShop(sandbox, `prd${engine.name.replace(/[^a-z]/g, '')}${shops}`);
    const { skus } = await controlOk<{ skus: SandboxSku[] }>(sandbox, 'GET', `/accounts/${shop.name}/skus`);
    return { shop, skus };
  }

  /** What VTEX sells a SKU at: price (cents), stock, active. */
  const setOffer = (shop: Shop, skuId: number | string, offer: { price?: number; availableQuantity?: number; isActive?: boolean }) =>
    controlOk(sandbox, 'PATCH', `/accounts/${shop.name}/catalog/skus/${skuId}`, offer);

  /** A tenant whose integration is saved active with products as gifts; `save` saves the form again with other settings. */
  async function connect(shop: Shop, settings: Record<string, unknown>) {
    const tenant = await tenantWithKey(http.world);
    const save = async (changes: Record<string, unknown>) => {
      const saved = await http.app.inject({
        method: 'PUT',
        url: '/api/admin/v1/integrations/vtex',
        headers: tenant.auth,
        payload: {
          accountName: shop.name, appKey: shop.appKey, appToken: shop.appToken, storeUrl: 'https://www.loja.example', active: true,
          importCustomers: false, importOrders: false, productsAreGifts: true, importProducts: true, ...changes,
        },
      });
      expect(saved.statusCode, saved.body).toBe(200);
    };
    await save(settings);
    return { ...tenant, save };
  }

  async function setProgram(auth: Record<string, string>, changes: Record<string, unknown>) {
    const response = await http.app.inject({ method: 'PATCH', url: '/api/admin/v1/program', headers: auth, payload: changes });
    expect(response.statusCode, response.body).toBe(200);
  }

  /** Runs the tenant's due jobs until none is due: what a worker does. */
  async function runUntilIdle(tenantId: string) {
    for (let round = 0; round < 100; round++) {
      if ((await runSyncJobs(http.world, { ...syncOptions, tenantIds: [tenantId] }, 60_000)) === 0) return;
    }
    throw new Error('the jobs did not go idle');
  }

  /** The merchant asks for a refresh now, and the worker runs it. */
  async function refresh(tenant: { tenantId: string; auth: Record<string, string> }) {
    const started = await http.app.inject({ method: 'POST', url: '/api/admin/v1/rewards/import', headers: tenant.auth });
    expect(started.statusCode, started.body).toBe(202);
    await runUntilIdle(tenant.tenantId);
  }

  async function rewardsOf(auth: Record<string, string>): Promise<Map<string, RewardBody>> {
    const response = await http.app.inject({ method: 'GET', url: '/api/admin/v1/rewards?limit=100', headers: auth });
    expect(response.statusCode).toBe(200);
    const body = response.json() as { items: RewardBody[]; nextCursor: string | null };
    expect(body.nextCursor).toBeNull();
    return new Map(body.items.map((reward) => [reward.skuId ?? reward.id, reward]));
  }

  const productJob = async (tenantId: string) => (await getSyncStatus(http.world, tenantId)).jobs.find((job) => job.kind === 'products.import');

  it('imports the listed SKUs with name, image and price, the cost from price × rate × factor; an inactive, an out-of-stock and a missing SKU', async () => {
    const { shop, skus } = await newShop();
    const [a, b, inactive, soldOut] = skus.filter((sku) => sku.isActive);
    if (!a || !b || !inactive || !soldOut) throw new Error('the sandbox catalog has too few active SKUs');
    await setOffer(shop, a.id, { price: 12_990, availableQuantity: 5 });
    await setOffer(shop, b.id, { price: 10_000, availableQuantity: 1 });
    await setOffer(shop, inactive.id, { isActive: false });
    await setOffer(shop, soldOut.id, { availableQuantity: 0 });
    const { tenantId, auth } = await connect(shop, { rewardSkuIds: [a.id, b.id, inactive.id, soldOut.id, 999_999] });
    await setProgram(auth, { pointsPerCurrencyUnit: 2.5, rewardCostFactor: 1.5 });
    expect(await productJob(tenantId)).toMatchObject({ state: 'queued' });

    await runUntilIdle(tenantId);
    const rewards = await rewardsOf(auth);
    expect([...rewards.keys()].sort()).toEqual([a.id, b.id, inactive.id, soldOut.id].map(String).sort());
    expect(rewards.get(String(a.id))).toMatchObject({
      kind: 'product', source: 'vtex', name: a.name, priceCents: 12_990, cost: 487, active: true, available: true, unavailableReason: null, costEdited: false,
    });
    expect(rewards.get(String(a.id))?.imageUrl).toMatch(new RegExp(`^https://${shop.name}\\.vteximg\\.com\\.br/arquivos/ids/${100000 + a.id}/`));
    expect(rewards.get(String(b.id))).toMatchObject({ priceCents: 10_000, cost: 375, available: true });
    expect(rewards.get(String(inactive.id))).toMatchObject({ name: inactive.name, active: true, available: false, unavailableReason: 'inactive in VTEX', priceCents: null });
    expect(rewards.get(String(soldOut.id))).toMatchObject({ active: true, available: false, unavailableReason: 'out of stock', priceCents: null });

    const job = await productJob(tenantId);
    expect(job).toMatchObject({ state: 'queued', done: 5, total: 5, errors: 1 });
    expect(job?.lastError?.message).toBe('SKU 999999: not found in VTEX; skipped');
    // Periodic: the refresh is the same job, six hours on.
    expect(job?.nextRunAt?.getTime()).toBe((job?.finishedAt?.getTime() ?? 0) + PRODUCT_REFRESH_EVERY_MS);

    // Imported once: a second run creates nothing more.
    await refresh({ tenantId, auth });
    expect((await rewardsOf(auth)).size).toBe(4);
  });

  it('a refresh follows VTEX: availability goes and returns, the price moves the cost unless the merchant set it, `active` stays theirs', async () => {
    const { shop, skus } = await newShop();
    const [a, b, c] = skus.filter((sku) => sku.isActive);
    if (!a || !b || !c) throw new Error('the sandbox catalog has too few active SKUs');
    for (const sku of [a, b, c]) await setOffer(shop, sku.id, { price: 10_000, availableQuantity: 10 });
    const tenant = await connect(shop, { rewardSkuIds: [a.id, b.id, c.id] });
    await runUntilIdle(tenant.tenantId);
    const first = await rewardsOf(tenant.auth);
    expect([...first.values()].map((reward) => reward.cost)).toEqual([100, 100, 100]);
    const rewardId = (sku: SandboxSku) => first.get(String(sku.id))?.id ?? '';

    // The merchant sets a's cost and switches b off.
    const patch = (id: string, payload: object) => http.app.inject({ method: 'PATCH', url: `/api/admin/v1/rewards/${id}`, headers: tenant.auth, payload });
    expect((await patch(rewardId(a), { cost: 999 })).json()).toMatchObject({ cost: 999, costEdited: true });
    expect((await patch(rewardId(b), { active: false })).json()).toMatchObject({ active: false, costEdited: false });

    // VTEX: a costs more, b sells out, c is deactivated.
    await setOffer(shop, a.id, { price: 20_000 });
    await setOffer(shop, b.id, { availableQuantity: 0 });
    await setOffer(shop, c.id, { isActive: false });
    await refresh(tenant);
    let rewards = await rewardsOf(tenant.auth);
    expect(rewards.get(String(a.id))).toMatchObject({ priceCents: 20_000, cost: 999, costEdited: true, available: true, active: true });
    expect(rewards.get(String(b.id))).toMatchObject({ available: false, unavailableReason: 'out of stock', active: false, priceCents: 10_000, cost: 100 });
    expect(rewards.get(String(c.id))).toMatchObject({ available: false, unavailableReason: 'inactive in VTEX', active: true, priceCents: 10_000 });

    // They return, at new prices; the program's factor changed meanwhile.
    await setOffer(shop, b.id, { availableQuantity: 3, price: 8_000 });
    await setOffer(shop, c.id, { isActive: true });
    await setProgram(tenant.auth, { rewardCostFactor: 2 });
    await refresh(tenant);
    rewards = await rewardsOf(tenant.auth);
    expect(rewards.get(String(a.id))).toMatchObject({ cost: 999, costEdited: true });
    expect(rewards.get(String(b.id))).toMatchObject({ available: true, unavailableReason: null, active: false, priceCents: 8_000, cost: 160 });
    expect(rewards.get(String(c.id))).toMatchObject({ available: true, unavailableReason: null, active: true, priceCents: 10_000, cost: 200 });
    expect((await productJob(tenant.tenantId))?.errors).toBe(0);
  });

  it('a SKU VTEX no longer has makes its reward unavailable; one taken off the list too; both return with the list', async () => {
    const { shop, skus } = await newShop();
    const [a, b] = skus.filter((sku) => sku.isActive);
    if (!a || !b) throw new Error('the sandbox catalog has too few active SKUs');
    for (const sku of [a, b]) await setOffer(shop, sku.id, { price: 5_000, availableQuantity: 10 });
    const tenant = await connect(shop, { rewardSkuIds: [a.id] });
    // Imported earlier from a SKU the store has since deleted.
    const gone = newProductReward(
      { skuId: '999998', name: 'Produto Removido', imageUrl: null, isActive: true, offer: { priceCents: 3_000, availableQuantity: 1, isAvailable: true } },
      { pointsPerCurrencyUnit: 1, rewardCostFactor: 1 },
      { tenantId: tenant.tenantId, id: 'rwd_gone0000000000000000000', now: http.world.clock.now() },
    );
    await http.world.productImports.savePage(tenant.tenantId, { created: [gone], refreshed: [] });

    await tenant.save({ rewardSkuIds: [a.id, 999_998] });
    await refresh(tenant);
    let rewards = await rewardsOf(tenant.auth);
    expect(rewards.get('999998')).toMatchObject({ name: 'Produto Removido', available: false, unavailableReason: 'not found in VTEX', active: true, priceCents: 3_000 });
    expect(rewards.get(String(a.id))).toMatchObject({ available: true });
    expect((await productJob(tenant.tenantId))?.lastError?.message).toBe('SKU 999998: not found in VTEX; its reward is unavailable');

    // a off the list, b on it.
    await tenant.save({ rewardSkuIds: [b.id] });
    await refresh(tenant);
    rewards = await rewardsOf(tenant.auth);
    expect(rewards.get(String(a.id))).toMatchObject({ available: false, unavailableReason: "not among the integration's reward SKUs", active: true });
    expect(rewards.get('999998')).toMatchObject({ available: false, unavailableReason: "not among the integration's reward SKUs" });
    expect(rewards.get(String(b.id))).toMatchObject({ available: true, priceCents: 5_000 });

    await tenant.save({ rewardSkuIds: [a.id, b.id] });
    await refresh(tenant);
    rewards = await rewardsOf(tenant.auth);
    expect(rewards.get(String(a.id))).toMatchObject({ available: true, unavailableReason: null });
    expect(rewards.size).toBe(3);
  });

  it('with no SKUs listed imports the whole catalog, a page per step, resuming from the checkpoint', async () => {
    const { shop, skus } = await newShop();
    const { tenantId, auth } = await connect(shop, { rewardSkuIds: [] });
    // One step, then the worker stops (a slice of 0 ms): the page is written and the checkpoint says what is next.
    expect(await runOneSyncJob(http.world, { ...syncOptions, sliceMs: 0, tenantIds: [tenantId] })).toBe(true);
    const [stored] = await database.query<{ checkpoint: { run?: { mode: string; next: number } }; done: number; total: number | null }>(sql`select checkpoint, done, total
      from sync_jobs where tenant_id = ${tenantId} and kind = 'products.import'`);
    expect(stored).toMatchObject({ checkpoint: { run: { mode: 'catalog', next: 2 } }, done: PRODUCT_PAGE_SIZE, total: null });
    const count = async () => (await database.query<{ n: number; skus: number }>(sql`select count(*)::int as n, count(distinct sku_id)::int as skus
      from rewards where tenant_id = ${tenantId}`))[0];
    expect(await count()).toEqual({ n: PRODUCT_PAGE_SIZE, skus: PRODUCT_PAGE_SIZE });

    await runUntilIdle(tenantId);
    expect(skus.length).toBeGreaterThan(PRODUCT_PAGE_SIZE * 2);
    expect(await count()).toEqual({ n: skus.length, skus: skus.length });
    expect(await productJob(tenantId)).toMatchObject({ state: 'queued', done: skus.length, total: skus.length, errors: 0 });

    // Every SKU's availability as the sandbox has it.
    const rows = await database.query<{ skuId: string; available: boolean; reason: string | null }>(sql`select sku_id as "skuId", available,
      unavailable_reason as reason from rewards where tenant_id = ${tenantId}`);
    const expected = await Promise.all(skus.map(async (sku) => {
      const offer = await controlOk<{ isActive: boolean; availableQuantity: number }>(sandbox, 'GET', `/accounts/${shop.name}/catalog/skus/${sku.id}`);
      return { skuId: String(sku.id), available: offer.isActive && offer.availableQuantity > 0, reason: !offer.isActive ? 'inactive in VTEX' : offer.availableQuantity > 0 ? null : 'out of stock' };
    }));
    const bySku = (list: { skuId: string }[]) => [...list].sort((x, y) => Number(x.skuId) - Number(y.skuId));
    expect(bySku(rows)).toEqual(bySku(expected));
    expect(expected.some((sku) => !sku.available)).toBe(true);
    const listed = await http.app.inject({ method: 'GET', url: '/api/admin/v1/rewards?limit=1', headers: auth });
    expect(listed.json().items[0]).toMatchObject({ kind: 'product', source: 'vtex' });
  });

  it('stops with the resource to add when the key loses SKUs, writing nothing, and resumes once the role is fixed', async () => {
    const { shop, skus } = await newShop();
    const [a] = skus.filter((sku) => sku.isActive);
    if (!a) throw new Error('no active SKU');
    const tenant = await connect(shop, { rewardSkuIds: [a.id] });
    await controlOk(sandbox, 'POST', `/accounts/${shop.name}/keys`, {
      resources: ALL_RESOURCES.filter((resource) => resource !== RESOURCES.skus), appKey: shop.appKey, appToken: shop.appToken,
    });
    await runUntilIdle(tenant.tenantId);
    const failed = await productJob(tenant.tenantId);
    expect(failed).toMatchObject({ state: 'failed' });
    expect(failed?.lastError?.message).toContain('403');
    expect(failed?.lastError?.message).toContain(RESOURCES.skus);
    expect((await rewardsOf(tenant.auth)).size).toBe(0);

    await controlOk(sandbox, 'POST', `/accounts/${shop.name}/keys`, { resources: ALL_RESOURCES, appKey: shop.appKey, appToken: shop.appToken });
    await tenant.save({ rewardSkuIds: [a.id] });
    await runUntilIdle(tenant.tenantId);
    expect(await productJob(tenant.tenantId)).toMatchObject({ state: 'queued', done: 1, total: 1 });
    expect((await rewardsOf(tenant.auth)).get(String(a.id))).toMatchObject({ name: a.name });
  });

  it('keeps tenants apart: the same SKU in two stores is two rewards, each at its store\'s price, and one tenant\'s import leaves the other\'s alone', async () => {
    const first = await newShop();
    const second = await newShop();
    const sku = first.skus.find((candidate) => candidate.isActive);
    if (!sku) throw new Error('no active SKU');
    await setOffer(first.shop, sku.id, { price: 10_000, availableQuantity: 4 });
    await setOffer(second.shop, sku.id, { price: 30_000, availableQuantity: 4 });
    const mine = await connect(first.shop, { rewardSkuIds: [sku.id] });
    const theirs = await connect(second.shop, { rewardSkuIds: [sku.id] });

    await runUntilIdle(mine.tenantId);
    expect((await rewardsOf(mine.auth)).get(String(sku.id))).toMatchObject({ priceCents: 10_000, cost: 100 });
    expect((await rewardsOf(theirs.auth)).size).toBe(0);
    expect(await productJob(theirs.tenantId)).toMatchObject({ state: 'queued', done: 0 });

    await runUntilIdle(theirs.tenantId);
    const mineReward = (await rewardsOf(mine.auth)).get(String(sku.id));
    const theirReward = (await rewardsOf(theirs.auth)).get(String(sku.id));
    expect(theirReward).toMatchObject({ priceCents: 30_000, cost: 300 });
    expect(theirReward?.id).not.toBe(mineReward?.id);
    const other = await http.app.inject({ method: 'GET', url: `/api/admin/v1/rewards/${theirReward?.id}`, headers: mine.auth });
    expect(other.statusCode).toBe(404);

    // Their store sells out: only their reward changes.
    await setOffer(second.shop, sku.id, { availableQuantity: 0 });
    await refresh(theirs);
    await refresh(mine);
    expect((await rewardsOf(theirs.auth)).get(String(sku.id))).toMatchObject({ available: false });
    expect((await rewardsOf(mine.auth)).get(String(sku.id))).toMatchObject({ available: true });
  });
});
