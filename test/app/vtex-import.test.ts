// The imports against the VTEX sandbox over HTTP: the customer import (CL scroll, then deltas by
// updatedIn), the order history import in date windows, the reconciliation that scores an order
// whose hook was lost, VTEX failures (429 storms, 5xx, a key that lacks a permission) and two
// tenants on two accounts. Ground truth comes from the sandbox through plain HTTP, not from the
// code under test.
import { beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import type { Database } from '../../src/adapters/db/database';
import { getSyncStatus } from '../../src/app/integrations/get-sync-status';
import { runSyncJobs } from '../../src/app/sync/run-sync-jobs';
import { settleOrderEvents } from '../../src/jobs/order-events.job';
import { reachedScoringStatus } from '../../src/domain/vtex-order-status';
import type { RunningSandbox } from '../../sandbox/main';
import { engines } from '../harness/databases';
import { tenantWithKey, useHttpSuite, type HttpWorld } from '../harness/http';
import { addKey, ALL_RESOURCES, controlOk, createShop, RESOURCES, setFaults, type Shop } from '../harness/vtex-sandbox';

const SEED_FROM = '2026-01-01T00:00:00.000Z';
const SEED_TO = '2026-06-01T00:00:00.000Z';

interface ListedOrder {
  orderId: string;
  status: string;
}

/** Every order of the account created in the seeded period, read page by page with plain fetch. */
async function ordersInSandbox(sandbox: RunningSandbox, shop: Shop): Promise<ListedOrder[]> {
  const orders: ListedOrder[] = [];
  for (let page = 1; ; page++) {
    const query = new URLSearchParams({ page: String(page), per_page: '100', orderBy: 'creationDate,asc', f_creationDate: `creationDate:[${SEED_FROM} TO ${SEED_TO}]` });
    const response = await fetch(`${sandbox.url}/${shop.name}/api/oms/pvt/orders?${query}`, {
      headers: { 'X-VTEX-API-AppKey': shop.appKey, 'X-VTEX-API-AppToken': shop.appToken },
    });
    expect(response.status).toBe(200);
    const body = (await response.json()) as { list: ListedOrder[]; paging: { pages: number } };
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

  beforeAll(async () => {
    ({ database, sandbox, http } = suite);
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
      const slices = await runSyncJobs(http.world, syncOptions, 60_000);
      const settled = await settleOrderEvents(http.world, { tenantIds: [tenantId] });
      if (slices === 0 && settled.settled + settled.failed === 0) return;
    }
    throw new Error('the jobs did not go idle');
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

    expect(await count(sql`select count(*)::int as n from members where tenant_id = ${tenantId}`)).toBe(150);
    expect(await count(sql`select count(*)::int as n from outbox_events where tenant_id = ${tenantId} and type = 'member.joined'`)).toBe(150);

    // Both imports run again from the start (as after losing their checkpoints): nothing changes.
    await database.query(sql`update sync_jobs set state = 'queued', checkpoint = '{}'::jsonb, done = 0,
      run_after = ${http.world.clock.now().toISOString()}::timestamptz where tenant_id = ${tenantId} and kind in ('orders.import', 'customers.import')`);
    await runUntilIdle(tenantId);
    expect(await count(sql`select count(*)::int as n from earnings where tenant_id = ${tenantId}`)).toBe(scoring.length);
    expect(await count(sql`select count(*)::int as n from members where tenant_id = ${tenantId}`)).toBe(150);
    expect(await count(sql`select count(*)::int as n from outbox_events where tenant_id = ${tenantId}`)).toBe(150);

    const status = await http.app.inject({ method: 'GET', url: '/api/admin/v1/sync', headers: auth });
    expect(status.statusCode).toBe(200);
    const jobs = (status.json() as { jobs: { kind: string; state: string; done: number; total: number | null; errors: number }[] }).jobs;
    expect(jobs.find((job) => job.kind === 'orders.import')).toMatchObject({ state: 'done', done: 400, total: 400, errors: 0 });
    expect(jobs.find((job) => job.kind === 'customers.import')).toMatchObject({ state: 'done', done: 150, total: 150 });
    expect(jobs.find((job) => job.kind === 'customers.delta')).toMatchObject({ state: 'queued' });
    expect(jobs.find((job) => job.kind === 'orders.reconcile')).toMatchObject({ state: 'queued' });
  });
});
