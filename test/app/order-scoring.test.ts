// An order's life, end to end against the VTEX sandbox over HTTP: the hook records the status
// change, the order job reads the order and credits its points as pending, a repeated hook
// changes nothing, points mature after the credit delay, a cancellation and a return give back
// exactly what the order earned.
import { beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import type { Database } from '../../src/adapters/db/database';
import { getBalance } from '../../src/app/ledger/get-balance';
import { listHistory } from '../../src/app/ledger/list-history';
import { settleOrderEvents } from '../../src/jobs/order-events.job';
import { sweepLedger } from '../../src/jobs/ledger-sweep.job';
import type { RunningSandbox } from '../../sandbox/main';
import { engines } from '../harness/databases';
import { tenantWithKey, useHttpSuite, type HttpWorld } from '../harness/http';
import { controlOk, createShop, type Shop } from '../harness/vtex-sandbox';

interface SandboxOrder {
  orderId: string;
  clientProfileData: { userProfileId: string };
  totals: { id: string; value: number }[];
}
interface SandboxCustomer {
  userId: string;
  email: string;
}

describe.each(engines)('scoring orders on $name', (engine) => {
  const suite = useHttpSuite(engine, { sandbox: true });
  let database: Database;
  let sandbox: RunningSandbox;
  let http: HttpWorld;
  let shop: Shop;
  let skuId: number;
  beforeAll(async () => {
    ({ database, sandbox, http } = suite);
    shop = await createShop(sandbox, `score${engine.name.replace(/[^a-z]/g, '')}`, { customers: 30 });
    skuId = (await controlOk<{ skus: { id: number }[] }>(sandbox, 'GET', `/accounts/${shop.name}/skus`)).skus[0]!.id;
  });

  async function activeTenant(scoringStatuses = ['invoiced']) {
    const tenant = await tenantWithKey(http.world);
    const saved = await http.app.inject({
      method: 'PUT',
      url: '/api/admin/v1/integrations/vtex',
      headers: tenant.auth,
      payload: { accountName: shop.name, appKey: shop.appKey, appToken: shop.appToken, storeUrl: 'https://www.loja.example', active: true, creditDelayDays: 7, scoringStatuses },
    });
    expect(saved.statusCode, saved.body).toBe(200);
    return tenant;
  }
  const order = (orderId: string) => controlOk<SandboxOrder>(sandbox, 'GET', `/accounts/${shop.name}/orders/${orderId}`);
  const total = (o: SandboxOrder, id: string) => o.totals.find((t) => t.id === id)?.value ?? 0;
  async function eventsRecorded(tenantId: string, count: number) {
    for (let attempt = 0; attempt < 200; attempt++) {
      const [row] = await database.query<{ n: number }>(sql`select count(*)::int as n from order_events where tenant_id = ${tenantId}`);
      if ((row?.n ?? 0) >= count) return;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    throw new Error(`fewer than ${count} order events arrived`);
  }
  async function place(customerIndex: number, status = 'handling') {
    const { orderId } = await controlOk<{ orderId: string }>(sandbox, 'POST', `/accounts/${shop.name}/orders`, { customerIndex, status, items: [{ skuId, quantity: 2 }] });
    return orderId;
  }
  const move = (orderId: string, status: string) => controlOk(sandbox, 'POST', `/accounts/${shop.name}/orders/${orderId}/status`, { status });

  it('credits an invoiced order as pending to the customer found in CL, once, and matures it after the delay', async () => {
    const { tenantId } = await activeTenant();
    const orderId = await place(3);
    await move(orderId, 'invoiced');
    await eventsRecorded(tenantId, 1);
    expect(await settleOrderEvents(http.world, { tenantIds: [tenantId] })).toEqual({ settled: 1, failed: 0 });

    const vtexOrder = await order(orderId);
    const expected = Math.floor((total(vtexOrder, 'Items') + total(vtexOrder, 'Discounts')) / 100);
    const customer = await controlOk<SandboxCustomer>(sandbox, 'GET', `/accounts/${shop.name}/customers/3`);
    const member = await http.world.members.findBy(tenantId, { vtexUserId: vtexOrder.clientProfileData.userProfileId });
    expect(member?.email).toBe(customer.email.toLowerCase());
    expect(await getBalance(http.world, tenantId, member!.id)).toMatchObject({ pending: expected, available: 0 });
    const [earn] = (await listHistory(http.world, { tenantId, memberId: member!.id })).items;
    expect(earn?.metadata).toMatchObject({ orderId, status: 'invoiced', rate: '1.0000', eligibleCents: total(vtexOrder, 'Items') + total(vtexOrder, 'Discounts') });

    // The same status change delivered again (VTEX retries), and the job run again: one award.
    await http.world.orderEvents.record(tenantId, {
      id: `evt_${Date.now()}`, orderId, state: 'invoiced', lastState: null, lastChange: new Date().toISOString(), currentChange: null, source: 'reconciliation', receivedAt: new Date(),
    });
    await settleOrderEvents(http.world, { tenantIds: [tenantId] });
    expect(await getBalance(http.world, tenantId, member!.id)).toMatchObject({ pending: expected });

    http.world.clock.set(new Date(Date.now() + 8 * 86_400_000));
    await sweepLedger(http.world, { tenantIds: [tenantId] });
    expect(await getBalance(http.world, tenantId, member!.id)).toMatchObject({ pending: 0, available: expected });
  });

  it('gives back what a cancelled order earned, and never credits an order cancelled before it was read', async () => {
    // A program that scores at "handling": such an order can still be cancelled (an invoiced one
    // can only be returned).
    const { tenantId } = await activeTenant(['handling']);
    const first = await place(5, 'ready-for-handling');
    await move(first, 'handling');
    await eventsRecorded(tenantId, 1);
    await settleOrderEvents(http.world, { tenantIds: [tenantId] });
    await controlOk(sandbox, 'POST', `/accounts/${shop.name}/orders/${first}/cancel`, { reason: 'test' });
    await eventsRecorded(tenantId, 2);
    await settleOrderEvents(http.world, { tenantIds: [tenantId] });
    const member = await http.world.members.findBy(tenantId, { vtexUserId: (await order(first)).clientProfileData.userProfileId });
    expect(await getBalance(http.world, tenantId, member!.id)).toMatchObject({ pending: 0, available: 0 });
    expect((await listHistory(http.world, { tenantId, memberId: member!.id })).items.map((t) => t.kind)).toEqual(['reverse', 'earn']);

    // Invoiced, then cancelled before the job ran: it reads the order as cancelled and awards nothing.
    const second = await place(6, 'ready-for-handling');
    await move(second, 'handling');
    await eventsRecorded(tenantId, 3);
    await controlOk(sandbox, 'POST', `/accounts/${shop.name}/orders/${second}/cancel`, { reason: 'test' });
    await eventsRecorded(tenantId, 4);
    await settleOrderEvents(http.world, { tenantIds: [tenantId] });
    const [row] = await database.query<{ n: number }>(sql`select count(*)::int as n from ledger_transactions where tenant_id = ${tenantId} and reference = ${`order:${second}`}`);
    expect(row?.n).toBe(0);
  });

  it('credits an order that reached the scoring status even if it moved on before the job read it', async () => {
    const { tenantId } = await activeTenant(['handling']);
    const orderId = await place(14, 'ready-for-handling');
    await move(orderId, 'handling');
    await eventsRecorded(tenantId, 1);
    await move(orderId, 'invoiced');
    const settled = await settleOrderEvents(http.world, { tenantIds: [tenantId] });
    expect(settled).toEqual({ settled: 1, failed: 0 });
    const vtexOrder = await order(orderId);
    const member = await http.world.members.findBy(tenantId, { vtexUserId: vtexOrder.clientProfileData.userProfileId });
    expect(await getBalance(http.world, tenantId, member!.id)).toMatchObject({
      pending: Math.floor((total(vtexOrder, 'Items') + total(vtexOrder, 'Discounts')) / 100),
    });
  });

  it('reads the order again at maturity: a cancellation whose hook was lost is applied, not matured', async () => {
    const { tenantId } = await activeTenant(['handling']);
    const orderId = await place(12, 'ready-for-handling');
    await move(orderId, 'handling');
    await eventsRecorded(tenantId, 1);
    await settleOrderEvents(http.world, { tenantIds: [tenantId] });
    await controlOk(sandbox, 'PUT', `/accounts/${shop.name}/faults`, { hookDropShare: 1 });
    try {
      await controlOk(sandbox, 'POST', `/accounts/${shop.name}/orders/${orderId}/cancel`, { reason: 'test' });
    } finally {
      await controlOk(sandbox, 'DELETE', `/accounts/${shop.name}/faults`);
    }
    http.world.clock.set(new Date(Date.now() + 8 * 86_400_000));
    const swept = await sweepLedger(http.world, { tenantIds: [tenantId] });
    expect(swept).toMatchObject({ matured: 0, waiting: 0 });
    const member = await http.world.members.findBy(tenantId, { vtexUserId: (await order(orderId)).clientProfileData.userProfileId });
    expect(await getBalance(http.world, tenantId, member!.id)).toMatchObject({ pending: 0, available: 0 });
    expect((await listHistory(http.world, { tenantId, memberId: member!.id })).items.map((t) => t.kind)).toEqual(['reverse', 'earn']);
    const [events] = await database.query<{ n: number }>(sql`select count(*)::int as n from order_events where tenant_id = ${tenantId}`);
    expect(events?.n).toBe(1);
  });

  it('after a partial return leaves the member what the kept items earn', async () => {
    const { tenantId } = await activeTenant();
    const orderId = await place(8);
    await move(orderId, 'invoiced');
    await eventsRecorded(tenantId, 1);
    await settleOrderEvents(http.world, { tenantIds: [tenantId] });
    const returned = await controlOk<{ refundValue: number }>(sandbox, 'POST', `/accounts/${shop.name}/orders/${orderId}/return`, { items: [{ itemIndex: 0, quantity: 1 }] });
    // A return changes no status, so no hook fires: the reconciliation records it.
    await http.world.orderEvents.record(tenantId, {
      id: `evt_${Date.now()}`, orderId, state: 'invoiced', lastState: null, lastChange: new Date().toISOString(), currentChange: null, source: 'reconciliation', receivedAt: new Date(),
    });
    await settleOrderEvents(http.world, { tenantIds: [tenantId] });
    const vtexOrder = await order(orderId);
    const eligible = total(vtexOrder, 'Items') + total(vtexOrder, 'Discounts');
    const member = await http.world.members.findBy(tenantId, { vtexUserId: vtexOrder.clientProfileData.userProfileId });
    expect(await getBalance(http.world, tenantId, member!.id)).toMatchObject({ pending: Math.floor(Math.max(0, eligible - returned.refundValue) / 100) });
  });

  it('keeps why an event could not be settled, and shows the connection in the sync status', async () => {
    const { tenantId, auth } = await activeTenant();
    const orderId = await place(10);
    await move(orderId, 'invoiced');
    await eventsRecorded(tenantId, 1);
    // An order VTEX does not know: reading it is refused for good, so the event settles as failed.
    await http.world.orderEvents.record(tenantId, {
      id: `evt_${Date.now()}`, orderId: '9999999999999-01', state: 'invoiced', lastState: null, lastChange: new Date().toISOString(), currentChange: null, source: 'reconciliation', receivedAt: new Date(),
    });
    expect(await settleOrderEvents(http.world, { tenantIds: [tenantId] })).toEqual({ settled: 1, failed: 1 });
    const status = (await http.app.inject({ method: 'GET', url: '/api/admin/v1/sync', headers: auth })).json();
    expect(status).toMatchObject({
      integration: { active: true, accountName: shop.name },
      orderEvents: { pending: 0, retrying: 0, settled: 1, failed: 1 },
      lastError: { orderId: '9999999999999-01' },
    });
    expect(status.lastError.error).toMatch(/reading the order/);
    expect(Date.parse(status.hook.lastReceivedAt)).not.toBeNaN();
  });

  it('leaves events waiting while the integration is inactive', async () => {
    const { tenantId, auth } = await activeTenant();
    const orderId = await place(9);
    await move(orderId, 'invoiced');
    await eventsRecorded(tenantId, 1);
    const off = await http.app.inject({ method: 'PUT', url: '/api/admin/v1/integrations/vtex', headers: auth, payload: { accountName: shop.name, storeUrl: 'https://www.loja.example', active: false } });
    expect(off.statusCode, off.body).toBe(200);
    expect(await settleOrderEvents(http.world, { tenantIds: [tenantId] })).toEqual({ settled: 0, failed: 0 });
  });

  it('gives back from available what an order cancelled after maturity earned', async () => {
    const { tenantId } = await activeTenant(['handling']);
    const orderId = await place(16, 'ready-for-handling');
    await move(orderId, 'handling');
    await eventsRecorded(tenantId, 1);
    await settleOrderEvents(http.world, { tenantIds: [tenantId] });
    http.world.clock.set(new Date(Date.now() + 8 * 86_400_000));
    expect(await sweepLedger(http.world, { tenantIds: [tenantId] })).toMatchObject({ matured: 1 });
    const member = await http.world.members.findBy(tenantId, { vtexUserId: (await order(orderId)).clientProfileData.userProfileId });
    const matured = await getBalance(http.world, tenantId, member!.id);
    expect(matured.available).toBeGreaterThan(0);

    await controlOk(sandbox, 'POST', `/accounts/${shop.name}/orders/${orderId}/cancel`, { reason: 'test' });
    await eventsRecorded(tenantId, 2);
    await settleOrderEvents(http.world, { tenantIds: [tenantId] });
    expect(await getBalance(http.world, tenantId, member!.id)).toMatchObject({ pending: 0, available: 0, lifetimeEarned: 0 });
    expect((await listHistory(http.world, { tenantId, memberId: member!.id })).items.map((t) => t.kind)).toEqual(['reverse', 'mature', 'earn']);
  });

  it('gives back everything after a full return, even after maturity', async () => {
    const { tenantId } = await activeTenant();
    const orderId = await place(17);
    await move(orderId, 'invoiced');
    await eventsRecorded(tenantId, 1);
    await settleOrderEvents(http.world, { tenantIds: [tenantId] });
    http.world.clock.set(new Date(Date.now() + 8 * 86_400_000));
    await sweepLedger(http.world, { tenantIds: [tenantId] });
    await controlOk(sandbox, 'POST', `/accounts/${shop.name}/orders/${orderId}/return`, { items: [{ itemIndex: 0, quantity: 2 }] });
    await http.world.orderEvents.record(tenantId, {
      id: `evt_full_${Date.now()}`, orderId, state: 'invoiced', lastState: null, lastChange: new Date().toISOString(), currentChange: null, source: 'reconciliation', receivedAt: new Date(),
    });
    await settleOrderEvents(http.world, { tenantIds: [tenantId] });
    const member = await http.world.members.findBy(tenantId, { vtexUserId: (await order(orderId)).clientProfileData.userProfileId });
    expect(await getBalance(http.world, tenantId, member!.id)).toMatchObject({ pending: 0, available: 0 });
  });

  it('awards once when VTEX delivers every hook twice and out of order', async () => {
    const { tenantId } = await activeTenant();
    await controlOk(sandbox, 'PUT', `/accounts/${shop.name}/faults`, { hookDuplicateShare: 1, hookReorderShare: 1 });
    const placed: string[] = [];
    try {
      for (const customer of [20, 21, 22]) {
        const orderId = await place(customer, 'payment-approved');
        await move(orderId, 'handling');
        await move(orderId, 'invoiced');
        placed.push(orderId);
      }
      // Three invoiced notifications, each delivered twice (a reordered one waits for the next).
      await eventsRecorded(tenantId, 3);
    } finally {
      await controlOk(sandbox, 'DELETE', `/accounts/${shop.name}/faults`);
    }
    await settleOrderEvents(http.world, { tenantIds: [tenantId] });
    const earned = await database.query<{ reference: string; n: number }>(sql`select reference, count(*)::int as n from earnings
      where tenant_id = ${tenantId} group by reference order by reference`);
    expect(earned).toEqual(placed.map((orderId) => ({ reference: `order:${orderId}`, n: 1 })).sort((a, b) => a.reference.localeCompare(b.reference)));
    // VTEX did send each notification twice; the receiver kept one row per order, state and change.
    const { deliveries } = await controlOk<{ deliveries: { kind: string; body: { OrderId?: string } }[] }>(sandbox, 'GET', `/accounts/${shop.name}/hooks`);
    const sent = deliveries.filter((d) => d.kind === 'notification' && placed.includes(d.body.OrderId ?? ''));
    expect(sent.length).toBeGreaterThanOrEqual(6);
    const [rows] = await database.query<{ n: number }>(sql`select count(*)::int as n from order_events where tenant_id = ${tenantId}`);
    expect(rows?.n).toBe(3);
  });

  it('settles the other tenants when one tenant\'s stored keys cannot be opened, then reports it', async () => {
    const broken = await activeTenant();
    await database.query(sql`update vtex_integrations set app_token_sealed = 'v1.XXXXXXXX.garbage' where tenant_id = ${broken.tenantId}`);
    await http.world.orderEvents.record(broken.tenantId, {
      id: `evt_broken_${Date.now()}`, orderId: '1234567890123-01', state: 'invoiced', lastState: null, lastChange: new Date().toISOString(), currentChange: null, source: 'reconciliation', receivedAt: new Date(),
    });
    const { tenantId } = await activeTenant();
    const orderId = await place(23);
    await move(orderId, 'invoiced');
    await eventsRecorded(tenantId, 1);
    await expect(settleOrderEvents(http.world, { tenantIds: [broken.tenantId, tenantId] })).rejects.toThrow(/1 tenant\(s\); 1 settled/);
    const [earned] = await database.query<{ n: number }>(sql`select count(*)::int as n from earnings where tenant_id = ${tenantId} and reference = ${`order:${orderId}`}`);
    expect(earned?.n).toBe(1);
  });
});
