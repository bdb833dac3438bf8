// The imports against the VTEX sandbox over HTTP: the customer import (CL scroll, then deltas by
// updatedIn), the order history import in date windows, the reconciliation that scores an order
// whose hook was lost, VTEX failures (429 storms, 5xx, a key that lacks a permission) and two
// tenants on two accounts. Ground truth comes from the sandbox through plain HTTP, not from the
// code under test.
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import type { Database } from '../../src/adapters/db/database';
import { getSyncStatus } from '../../src/app/integrations/get-sync-status';
import { runOneSyncJob, runSyncJobs } from '../../src/app/sync/run-sync-jobs';
import { settleOrderEvents } from '../../src/jobs/order-events.job';
import { reachedScoringStatus } from '../../src/domain/vtex-order-status';
import type { RunningSandbox } from '../../sandbox/main';
import { engines } from '../harness/databases';
import { tenantWithKey, useHttpSuite, type HttpWorld } from '../harness/http';
import { ALL_RESOURCES, controlOk, createShop, RESOURCES, setFaults, type Shop } from '../harness/vtex-sandbox';

const MASTER_DATA_READ = [RESOURCES.readDocuments, RESOURCES.writeDocuments, RESOURCES.fullAccessDocuments, RESOURCES.masterDataAdministrator];
const SEED_FROM = '2026-01-01T00:00:00.000Z';
const SEED_TO = '2026-06-01T00:00:00.000Z';

interface ListedOrder {
  orderId: string;
  status: string;
}

/** Every order of the account created in [from, to], read page by page with plain fetch (≤ 3,000). */
async function ordersInSandbox(sandbox: RunningSandbox, shop: Shop, from = SEED_FROM, to = SEED_TO): Promise<ListedOrder[]> {
  const orders: ListedOrder[] = [];
  for (let page = 1; ; page++) {
    const query = new URLSearchParams({ page: String(page), per_page: '100', orderBy: 'creationDate,asc', f_creationDate: `creationDate:[${from} TO ${to}]` });
    const response = await fetch(`${sandbox.url}/${shop.name}/api/oms/pvt/orders?${query}`, {
      headers: { 'X-VTEX-API-AppKey': shop.appKey, 'X-VTEX-API-AppToken': shop.appToken },
    });
    expect(response.status).toBe(200);
    const body = (await response.json()) as { list: ListedOrder[]; paging: { pages: number } };
    expect(body.paging.pages).toBeLessThanOrEqual(30);
    orders.push(...body.list.map(({ orderId, status }) => ({ orderId, status })));
    if (page >= body.paging.pages) return orders;
  }
}

describe.each(engines)('importing a VTEX store on $name', (engine) => {
  const suite = useHttpSuite(engine, { sandbox: true });
  let database: Database;
  let sandbox: RunningSandbox;
  let http: HttpWorld;
  const syncOptions = { owner: 'test-worker', leaseMs: 60_000, sliceMs: 60_000 };

  beforeAll(() => {
    ({ database, sandbox, http } = suite);
  });
  // The sandbox keeps real time; tests move our clock ahead to make jobs due, so each starts level.
  beforeEach(() => {
    http.world.clock.set(new Date());
  });

  async function activate(shop: Shop, settings: Record<string, unknown> = {}) {
    const tenant = await tenantWithKey(http.world);
    const saved = await http.app.inject({
      method: 'PUT',
      url: '/api/admin/v1/integrations/vtex',
      headers: tenant.auth,
      payload: {
        accountName: shop.name, appKey: shop.appKey, appToken: shop.appToken, storeUrl: 'https://www.loja.example',
        active: true, creditDelayDays: 7, ordersImportSince: SEED_FROM.slice(0, 10), ...settings,
      },
    });
    expect(saved.statusCode, saved.body).toBe(200);
    return tenant;
  }

  /** Runs the jobs (and the order job) until nothing is due: what a worker does over time. */
  async function runUntilIdle(tenantId: string) {
    for (let round = 0; round < 200; round++) {
      const slices = await runSyncJobs(http.world, { ...syncOptions, tenantIds: [tenantId] }, 60_000);
      const settled = await settleOrderEvents(http.world, { tenantIds: [tenantId] });
      if (slices === 0 && settled.settled + settled.failed === 0) return;
    }
    throw new Error('the jobs did not go idle');
  }

  /** Runs the worker's loops, moving the clock on a minute whenever nothing is due, until `done`. */
  async function runUntil(tenantIds: string[], done: () => Promise<boolean>) {
    for (let round = 0; round < 300; round++) {
      const slices = await runSyncJobs(http.world, { ...syncOptions, tenantIds }, 60_000);
      const settled = await settleOrderEvents(http.world, { tenantIds });
      if (await done()) return;
      if (slices === 0 && settled.settled + settled.failed === 0) http.world.clock.set(new Date(http.world.clock.now().getTime() + 60_000));
    }
    throw new Error('the jobs did not get there');
  }

  async function syncStatus(tenantId: string) {
    return getSyncStatus(http.world, tenantId);
  }
  const job = async (tenantId: string, kind: string) => (await syncStatus(tenantId)).jobs.find((entry) => entry.kind === kind);
  const importsDone = (tenantId: string) => async () => {
    const status = await syncStatus(tenantId);
    const imports = status.jobs.filter((entry) => entry.kind.endsWith('.import'));
    return imports.length > 0 && imports.every((entry) => entry.state === 'done') && status.orderEvents.pending + status.orderEvents.retrying === 0;
  };

  /** Each order that reached a scoring status has exactly one earning, and no other order has one. */
  async function expectScoredOnce(tenantId: string, orders: ListedOrder[], scoring = ['invoiced']) {
    const expected = orders.filter((order) => reachedScoringStatus(order.status, scoring) !== null).map((order) => `order:${order.orderId}`);
    const earned = await database.query<{ reference: string; n: number }>(sql`select reference, count(*)::int as n from earnings
      where tenant_id = ${tenantId} group by reference`);
    expect(earned.map((row) => row.reference).sort()).toEqual(expected.sort());
    expect(earned.filter((row) => row.n !== 1)).toEqual([]);
    return expected.length;
  }

  const count = async (query: ReturnType<typeof sql>) => (await database.query<{ n: number }>(query))[0]?.n ?? 0;

  it('imports customers and order history: each order that reached a scoring status earns once, each customer joins once', async () => {
    const shop = await createShop(sandbox, `imp${engine.name.replace(/[^a-z]/g, '')}`, { customers: 150, orders: 400 });
    const { tenantId, auth } = await activate(shop);
    await runUntilIdle(tenantId);

    const listed = await ordersInSandbox(sandbox, shop);
    expect(listed).toHaveLength(400);
    const scoring = listed.filter((order) => reachedScoringStatus(order.status, ['invoiced']) !== null);
    expect(scoring.length).toBeGreaterThan(100);
    const earned = await database.query<{ reference: string; n: number }>(sql`select reference, count(*)::int as n from earnings
      where tenant_id = ${tenantId} group by reference`);
    expect(earned.map((row) => row.reference).sort()).toEqual(scoring.map((order) => `order:${order.orderId}`).sort());
    expect(earned.every((row) => row.n === 1)).toBe(true);
    // The order job's two batches never took the same order: no event found its award already made.
    expect(await count(sql`select count(*)::int as n from order_events where tenant_id = ${tenantId} and outcome = 'already awarded'`)).toBe(0);

    expect(await count(sql`select count(*)::int as n from members where tenant_id = ${tenantId}`)).toBe(150);
    expect(await count(sql`select count(*)::int as n from outbox_events where tenant_id = ${tenantId} and type = 'member.joined'`)).toBe(150);

    // Both imports run again from the start (as after losing their checkpoints): nothing changes.
    await database.query(sql`update sync_jobs set state = 'queued', checkpoint = '{}'::jsonb, done = 0,
      run_after = ${http.world.clock.now().toISOString()}::timestamptz where tenant_id = ${tenantId} and kind in ('orders.import', 'customers.import')`);
    await runUntilIdle(tenantId);
    expect(await count(sql`select count(*)::int as n from earnings where tenant_id = ${tenantId}`)).toBe(scoring.length);
    expect(await count(sql`select count(*)::int as n from members where tenant_id = ${tenantId}`)).toBe(150);
    expect(await count(sql`select count(*)::int as n from outbox_events where tenant_id = ${tenantId} and type = 'member.joined'`)).toBe(150);
    // Each earn told the e-mails once (points pending), the second import included.
    expect(await count(sql`select count(*)::int as n from outbox_events where tenant_id = ${tenantId} and type = 'points.pending'`)).toBe(scoring.length);

    const status = await http.app.inject({ method: 'GET', url: '/api/admin/v1/sync', headers: auth });
    expect(status.statusCode).toBe(200);
    const jobs = (status.json() as { jobs: { kind: string; state: string; done: number; total: number | null; errors: number }[] }).jobs;
    expect(jobs.find((job) => job.kind === 'orders.import')).toMatchObject({ state: 'done', done: 400, total: 400, errors: 0 });
    expect(jobs.find((job) => job.kind === 'customers.import')).toMatchObject({ state: 'done', done: 150, total: 150 });
    expect(jobs.find((job) => job.kind === 'customers.delta')).toMatchObject({ state: 'queued' });
    expect(jobs.find((job) => job.kind === 'orders.reconcile')).toMatchObject({ state: 'queued' });
  });

  it('splits a date window holding more than 30 pages of orders, and records each scoring order once', async () => {
    // 3,500 orders within two hours: no window VTEX can page through holds them all.
    const shop = await createShop(sandbox, `win${engine.name.replace(/[^a-z]/g, '')}`);
    const from = '2026-03-10T10:00:00.000Z';
    const to = '2026-03-10T12:00:00.000Z';
    await controlOk(sandbox, 'POST', `/accounts/${shop.name}/seed`, { customers: 200, orders: 3_500, from, to });
    const { tenantId } = await activate(shop, { importCustomers: false });
    // Only the listing: scoring each listed order is what the first test and the order job's own
    // tests show; here what matters is that every order was listed once, none lost past page 30.
    for (let round = 0; round < 100 && (await job(tenantId, 'orders.import'))?.state !== 'done'; round++) {
      await runSyncJobs(http.world, { ...syncOptions, tenantIds: [tenantId] }, 60_000);
    }
    expect(await job(tenantId, 'orders.import')).toMatchObject({ state: 'done', done: 3_500, total: 3_500, errors: 0 });

    const middle = '2026-03-10T11:00:00.000Z';
    const listed = [...await ordersInSandbox(sandbox, shop, from, middle), ...await ordersInSandbox(sandbox, shop, '2026-03-10T11:00:00.001Z', to)];
    expect(listed).toHaveLength(3_500);
    const expected = listed.filter((order) => reachedScoringStatus(order.status, ['invoiced']) !== null).map((order) => order.orderId);
    expect(expected.length).toBeGreaterThan(1_000);
    const recorded = await database.query<{ order_id: string; n: number }>(sql`select order_id, count(*)::int as n from order_events
      where tenant_id = ${tenantId} group by order_id`);
    expect(recorded.map((row) => row.order_id).sort()).toEqual(expected.sort());
    expect(recorded.filter((row) => row.n !== 1)).toEqual([]);
  }, 240_000);

  it('scores an order whose hook was lost at the next reconciliation, once, even when the hook then arrives', async () => {
    const shop = await createShop(sandbox, `rec${engine.name.replace(/[^a-z]/g, '')}`, { customers: 20 });
    const { tenantId } = await activate(shop, { importCustomers: false, importOrders: false });
    await setFaults(sandbox, shop, { hookDropShare: 1 });
    const skuId = (await controlOk<{ skus: { id: number }[] }>(sandbox, 'GET', `/accounts/${shop.name}/skus`)).skus[0]!.id;
    const { orderId } = await controlOk<{ orderId: string }>(sandbox, 'POST', `/accounts/${shop.name}/orders`, { customerIndex: 4, status: 'invoiced', items: [{ skuId, quantity: 1 }] });
    await runUntilIdle(tenantId);
    expect(await count(sql`select count(*)::int as n from order_events where tenant_id = ${tenantId}`)).toBe(0);

    // Ten minutes later the reconciliation lists the invoiced order and the order job scores it.
    await runUntil([tenantId], async () => (await count(sql`select count(*)::int as n from earnings where tenant_id = ${tenantId}`)) > 0);
    expect((await job(tenantId, 'orders.reconcile'))?.state).toBe('queued');
    await expectScoredOnce(tenantId, [{ orderId, status: 'invoiced' }]);

    // The hook VTEX retried arrives after all: one award still.
    await setFaults(sandbox, shop, {});
    await http.world.orderEvents.record(tenantId, {
      id: `evt_late_${engine.name}`, orderId, state: 'invoiced', lastState: 'handling', lastChange: new Date().toISOString(), currentChange: null, source: 'hook', receivedAt: http.world.clock.now(),
    });
    await runUntilIdle(tenantId);
    await expectScoredOnce(tenantId, [{ orderId, status: 'invoiced' }]);
  });

  it('gets through a 429 storm and 5xx answers: every order scored once, every customer imported', async () => {
    const shop = await createShop(sandbox, `flt${engine.name.replace(/[^a-z]/g, '')}`, { customers: 120, orders: 250 });
    const { tenantId } = await activate(shop);
    await setFaults(sandbox, shop, { rateLimitShare: 0.3, retryAfterSeconds: 0, serverErrorShare: 0.15, serverErrorStatus: 503 });
    await runUntil([tenantId], importsDone(tenantId));
    const faults = await controlOk<{ requests: { status: number }[] }>(sandbox, 'GET', `/accounts/${shop.name}/requests?limit=100000`);
    expect(faults.requests.filter((request) => request.status === 429).length).toBeGreaterThan(20);
    expect(faults.requests.filter((request) => request.status === 503).length).toBeGreaterThan(10);
    await setFaults(sandbox, shop, {});

    await expectScoredOnce(tenantId, await ordersInSandbox(sandbox, shop));
    expect(await count(sql`select count(*)::int as n from members where tenant_id = ${tenantId}`)).toBe(120);
    expect(await count(sql`select count(*)::int as n from order_events where tenant_id = ${tenantId} and outcome = 'failed'`)).toBe(0);
  }, 240_000);

  it.each([
    { lost: 'customers', keep: ALL_RESOURCES.filter((r) => !(MASTER_DATA_READ as readonly string[]).includes(r)), kind: 'customers.import', resource: RESOURCES.readDocuments },
    { lost: 'order listing', keep: ALL_RESOURCES.filter((r) => r !== RESOURCES.listOrders && r !== RESOURCES.ordersFullAccess), kind: 'orders.import', resource: RESOURCES.listOrders },
  ])('stops the $kind with the resource to add when the key loses $lost, and resumes once it is fixed', async ({ keep, kind, resource }) => {
    const shop = await createShop(sandbox, `perm${kind.replace(/\W/g, '')}${engine.name.replace(/[^a-z]/g, '')}`, { customers: 40, orders: 60 });
    const { tenantId, auth } = await activate(shop);
    // The merchant's role loses a resource after activation.
    await controlOk(sandbox, 'POST', `/accounts/${shop.name}/keys`, { resources: keep, appKey: shop.appKey, appToken: shop.appToken });
    const before = await count(sql`select count(*)::int as n from ledger_transactions where tenant_id = ${tenantId}`);
    await runUntil([tenantId], async () => (await job(tenantId, kind))?.state === 'failed');
    const failed = await job(tenantId, kind);
    expect(failed?.lastError?.message).toContain('403');
    expect(failed?.lastError?.message).toContain(resource);
    const requests = await controlOk<{ total: number }>(sandbox, 'GET', `/accounts/${shop.name}/requests?limit=1`);
    // Stopped, not retried: an hour later VTEX has not been asked again for it.
    http.world.clock.set(new Date(http.world.clock.now().getTime() + 3_600_000));
    await runSyncJobs(http.world, { ...syncOptions, tenantIds: [tenantId] }, 60_000);
    expect((await job(tenantId, kind))?.state).toBe('failed');
    const after = await controlOk<{ total: number }>(sandbox, 'GET', `/accounts/${shop.name}/requests?limit=1`);
    expect(after.total - requests.total).toBeLessThan(5);
    if (kind === 'orders.import') expect(await count(sql`select count(*)::int as n from ledger_transactions where tenant_id = ${tenantId}`)).toBe(before);

    // The merchant fixes the role and saves the integration again: the job resumes and finishes.
    await controlOk(sandbox, 'POST', `/accounts/${shop.name}/keys`, { resources: ALL_RESOURCES, appKey: shop.appKey, appToken: shop.appToken });
    const saved = await http.app.inject({
      method: 'PUT', url: '/api/admin/v1/integrations/vtex', headers: auth,
      payload: { accountName: shop.name, storeUrl: 'https://www.loja.example', active: true, creditDelayDays: 7, ordersImportSince: SEED_FROM.slice(0, 10) },
    });
    expect(saved.statusCode, saved.body).toBe(200);
    await runUntil([tenantId], importsDone(tenantId));
    await expectScoredOnce(tenantId, await ordersInSandbox(sandbox, shop));
  }, 120_000);

  it('imports nothing while inactive, pauses on deactivation and resumes without duplicates', async () => {
    const shop = await createShop(sandbox, `act${engine.name.replace(/[^a-z]/g, '')}`, { customers: 60, orders: 150 });
    const tenant = await tenantWithKey(http.world);
    const form = { accountName: shop.name, appKey: shop.appKey, appToken: shop.appToken, storeUrl: 'https://www.loja.example', creditDelayDays: 7, ordersImportSince: SEED_FROM.slice(0, 10) };
    const save = async (active: boolean) => {
      const saved = await http.app.inject({ method: 'PUT', url: '/api/admin/v1/integrations/vtex', headers: tenant.auth, payload: { ...form, active } });
      expect(saved.statusCode, saved.body).toBe(200);
    };
    await save(false);
    await runUntilIdle(tenant.tenantId);
    expect(await count(sql`select count(*)::int as n from members where tenant_id = ${tenant.tenantId}`)).toBe(0);
    expect(await count(sql`select count(*)::int as n from sync_jobs where tenant_id = ${tenant.tenantId}`)).toBe(0);

    await save(true);
    // One slice of each import, then the merchant deactivates.
    const oneSlice = { ...syncOptions, sliceMs: 0, tenantIds: [tenant.tenantId] };
    expect(await runOneSyncJob(http.world, oneSlice)).toBe(true);
    expect(await runOneSyncJob(http.world, oneSlice)).toBe(true);
    expect(await count(sql`select count(*)::int as n from members where tenant_id = ${tenant.tenantId}`)).toBeGreaterThan(0);
    await save(false);
    expect((await syncStatus(tenant.tenantId)).jobs.filter((entry) => entry.kind.endsWith('.import')).map((entry) => entry.state)).toEqual(['paused', 'paused']);
    const pausedMembers = await count(sql`select count(*)::int as n from members where tenant_id = ${tenant.tenantId}`);
    await runUntilIdle(tenant.tenantId);
    expect(await count(sql`select count(*)::int as n from members where tenant_id = ${tenant.tenantId}`)).toBe(pausedMembers);
    expect(await count(sql`select count(*)::int as n from earnings where tenant_id = ${tenant.tenantId}`)).toBe(0);

    await save(true);
    await runUntil([tenant.tenantId], importsDone(tenant.tenantId));
    await expectScoredOnce(tenant.tenantId, await ordersInSandbox(sandbox, shop));
    expect(await count(sql`select count(*)::int as n from members where tenant_id = ${tenant.tenantId}`)).toBe(60);
    expect(await count(sql`select count(*)::int as n from outbox_events where tenant_id = ${tenant.tenantId} and type = 'member.joined'`)).toBe(60);
  }, 120_000);

  it("refreshes the planner's statistics each time an import's count doubles past 1,000", async () => {
    const shop = await createShop(sandbox, `stat${engine.name.replace(/[^a-z]/g, '')}`, { customers: 2_500 });
    const tenant = await activate(shop, { importOrders: false });
    // The real maintenance, with its calls written down.
    const refreshed: string[] = [];
    const deps = { ...http.world, maintenance: { ...http.world.maintenance, refreshStatistics: async (area: 'members' | 'orders') => {
      refreshed.push(area);
      await http.world.maintenance.refreshStatistics(area);
    } } };
    while ((await runSyncJobs(deps, { ...syncOptions, tenantIds: [tenant.tenantId] }, 60_000)) > 0);
    expect((await job(tenant.tenantId, 'customers.import'))?.state).toBe('done');
    // 1,000 and 2,000 customers read: twice.
    expect(refreshed).toEqual(['members', 'members']);
    // ANALYZE ran for real: the catalogue knows the members table's size (-1 means never analyzed).
    const [members] = await database.query<{ estimate: number }>(sql`select reltuples::float8 as estimate from pg_class where relname = 'members'`);
    expect(members?.estimate).toBeGreaterThanOrEqual(2_000);
  }, 120_000);

  it('vacuums and analyzes the embedded database, which has no autovacuum, and leaves PostgreSQL to its own', async () => {
    expect(await http.world.maintenance.tidy()).toBe(engine.name === 'pglite');
  });

  it('keeps customers current with deltas: an edited customer is updated, a new one joins once', async () => {
    const shop = await createShop(sandbox, `dlt${engine.name.replace(/[^a-z]/g, '')}`, { customers: 30 });
    const { tenantId } = await activate(shop, { importOrders: false });
    await runUntil([tenantId], async () => (await job(tenantId, 'customers.import'))?.state === 'done');
    const edited = await controlOk<{ userId: string; email: string }>(sandbox, 'PATCH', `/accounts/${shop.name}/masterdata/customers/7`, { firstName: 'Renomeada', lastName: 'Silva' });
    const added = await controlOk<{ userId: string | null; email: string }>(sandbox, 'POST', `/accounts/${shop.name}/masterdata/customers`, { email: `nova.${engine.name}@example.com`, firstName: 'Nova', lastName: 'Cliente' });

    const deltaRuns = async () => (await job(tenantId, 'customers.delta'))?.finishedAt ?? null;
    const firstRun = await deltaRuns();
    await runUntil([tenantId], async () => (await deltaRuns()) !== firstRun);
    expect((await http.world.members.findBy(tenantId, { email: edited.email.toLowerCase() }))?.name).toBe('Renomeada Silva');
    expect(await http.world.members.findBy(tenantId, { email: added.email.toLowerCase() })).not.toBeNull();
    expect(await count(sql`select count(*)::int as n from members where tenant_id = ${tenantId}`)).toBe(31);
    expect(await count(sql`select count(*)::int as n from outbox_events where tenant_id = ${tenantId} and type = 'member.joined'`)).toBe(31);
  });

  it('keeps two tenants on two accounts apart', async () => {
    const [shopA, shopB] = [
      await createShop(sandbox, `twa${engine.name.replace(/[^a-z]/g, '')}`, { customers: 40, orders: 120 }),
      await createShop(sandbox, `twb${engine.name.replace(/[^a-z]/g, '')}`, { customers: 25, orders: 80 }),
    ];
    const [a, b] = [await activate(shopA), await activate(shopB)];
    await runUntil([a.tenantId, b.tenantId], async () => (await importsDone(a.tenantId)()) && (await importsDone(b.tenantId)()));
    await expectScoredOnce(a.tenantId, await ordersInSandbox(sandbox, shopA));
    await expectScoredOnce(b.tenantId, await ordersInSandbox(sandbox, shopB));
    expect(await count(sql`select count(*)::int as n from members where tenant_id = ${a.tenantId}`)).toBe(40);
    expect(await count(sql`select count(*)::int as n from members where tenant_id = ${b.tenantId}`)).toBe(25);
    // Each tenant's sync status speaks only of its own jobs.
    const statusB = await http.app.inject({ method: 'GET', url: '/api/admin/v1/sync', headers: b.auth });
    expect((statusB.json() as { jobs: { done: number; kind: string }[] }).jobs.find((entry) => entry.kind === 'orders.import')?.done).toBe(80);
  }, 120_000);
});
