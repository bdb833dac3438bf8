// The ground-truth audit against the VTEX sandbox over HTTP: a store imported and scored audits
// clean; deliberate corruption (a wrong award, an award to the wrong member, an award lost with its
// hook, a balance row edited by hand) is reported exactly; a cancellation and a return VTEX has but
// the ledger not yet are reported until the jobs apply them. Expected values come from the sandbox
// through plain HTTP, not from the code under test.
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import type { Database } from '../../src/adapters/db/database';
import { auditTenant, type AuditReport } from '../../src/app/audit/audit-tenant';
import { earnPoints } from '../../src/app/ledger/earn-points';
import { ORDER_BATCH, processOrderEvents } from '../../src/app/orders/process-order-events';
import { runSyncJobs } from '../../src/app/sync/run-sync-jobs';
import { reachedScoringStatus } from '../../src/domain/vtex-order-status';
import { sweepLedger } from '../../src/jobs/ledger-sweep.job';
import type { RunningSandbox } from '../../sandbox/main';
import { engines } from '../harness/databases';
import { tenantWithKey, useHttpSuite, type HttpWorld } from '../harness/http';
import { controlOk, createShop, setFaults, type Shop } from '../harness/vtex-sandbox';

const SEED_FROM = '2026-01-01T00:00:00.000Z';
const DAY_MS = 86_400_000;

interface SandboxOrder {
  orderId: string;
  status: string;
  invoicedDate: string | null;
  clientProfileData: { userProfileId: string };
  totals: { id: string; value: number }[];
  packageAttachment: { packages: { type: string; restitutions?: { Refund?: { value: number } } }[] };
}

/** Points at the default rate (1 point per currency unit, shipping left out): floor(cents / 100). */
const pointsOf = (order: SandboxOrder) => {
  const total = (id: string) => order.totals.find((entry) => entry.id === id)?.value ?? 0;
  return Math.floor(Math.max(0, total('Items') + total('Discounts')) / 100);
};
const refunded = (order: SandboxOrder) =>
  order.packageAttachment.packages.reduce((sum, pkg) => sum + (pkg.type === 'Input' ? (pkg.restitutions?.Refund?.value ?? 0) : 0), 0);

/** What a test compares: the difference without its wording. */
const essence = (report: AuditReport) =>
  report.differences.map(({ kind, orderId, memberId, expected, actual, inFlight }) => ({ kind, orderId, memberId, expected, actual, inFlight }));

describe.each(engines)('the ground-truth audit on $name', (engine) => {
  const suite = useHttpSuite(engine, { sandbox: true });
  let database: Database;
  let sandbox: RunningSandbox;
  let http: HttpWorld;
  const suffix = engine.name.replace(/[^a-z]/g, '');
  const syncOptions = { owner: 'test-worker', leaseMs: 60_000, sliceMs: 60_000 };

  beforeAll(() => {
    ({ database, sandbox, http } = suite);
  });
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
    return tenant.tenantId;
  }

  /** The order job until no event is due. */
  async function settleEvents(tenantId: string): Promise<number> {
    let settled = 0;
    for (;;) {
      const batch = await processOrderEvents(http.world, tenantId);
      settled += batch.settled + batch.failed;
      if (batch.settled + batch.failed < ORDER_BATCH) return settled;
    }
  }

  /** The imports and the order job until nothing is due, then the ledger sweep: a worker over time. */
  async function runUntilIdle(tenantId: string, options: { orderJob?: boolean } = {}) {
    for (let round = 0; round < 200; round++) {
      const slices = await runSyncJobs(http.world, { ...syncOptions, tenantIds: [tenantId] }, 60_000);
      const settled = options.orderJob === false ? 0 : await settleEvents(tenantId);
      if (slices === 0 && settled === 0) {
        if (options.orderJob !== false) await sweepLedger(http.world, { tenantIds: [tenantId] });
        return;
      }
    }
    throw new Error('the jobs did not go idle');
  }

  const sandboxOrder = (shop: Shop, orderId: string) => controlOk<SandboxOrder>(sandbox, 'GET', `/accounts/${shop.name}/orders/${orderId}`);

  /** Every order of the account since the seed's start, with plain fetch. */
  async function listedInSandbox(shop: Shop): Promise<{ orderId: string; status: string }[]> {
    const orders: { orderId: string; status: string }[] = [];
    for (let page = 1; ; page++) {
      const query = new URLSearchParams({ page: String(page), per_page: '100', f_creationDate: `creationDate:[${SEED_FROM} TO ${new Date().toISOString()}]` });
      const response = await fetch(`${sandbox.url}/${shop.name}/api/oms/pvt/orders?${query}`, { headers: { 'X-VTEX-API-AppKey': shop.appKey, 'X-VTEX-API-AppToken': shop.appToken } });
      expect(response.status).toBe(200);
      const body = (await response.json()) as { list: { orderId: string; status: string }[]; paging: { pages: number } };
      orders.push(...body.list.map(({ orderId, status }) => ({ orderId, status })));
      if (page >= body.paging.pages) return orders;
    }
  }

  const count = async (query: ReturnType<typeof sql>) => (await database.query<{ n: number }>(query))[0]?.n ?? 0;
  const memberOf = async (tenantId: string, vtexUserId: string) => {
    const member = await http.world.members.findBy(tenantId, { vtexUserId });
    if (!member) throw new Error(`no member for VTEX user ${vtexUserId}`);
    return member.id;
  };

  it('finds no difference in a store imported and scored, its cancellations and returns included', async () => {
    const shop = await createShop(sandbox, `audok${suffix}`, { customers: 60, orders: 200 });
    const tenantId = await activate(shop);
    await runUntilIdle(tenantId);

    const report = await auditTenant(http.world, tenantId);
    expect(report.differences).toEqual([]);
    expect(report.ok).toBe(true);

    // It did look: the counts are VTEX's and the ledger's own.
    const listed = await listedInSandbox(shop);
    expect(listed).toHaveLength(200);
    const scoring = listed.filter((order) => reachedScoringStatus(order.status, ['invoiced']) !== null);
    expect(scoring.length).toBeGreaterThan(100);
    expect(report.orders).toMatchObject({
      inVtex: 200,
      scoring: scoring.length,
      cancelled: listed.filter((order) => order.status === 'canceled').length,
      inLedger: await count(sql`select count(distinct reference)::int as n from earnings where tenant_id = ${tenantId}`),
      unreadable: 0,
    });
    expect(report.orders.cancelled).toBeGreaterThan(0);
    expect(report.members.checked).toBe(await count(sql`select count(*)::int as n from members where tenant_id = ${tenantId}`));
    // Returns were scored and partly reversed, and points matured: the audit compared those too.
    expect(await count(sql`select count(*)::int as n from ledger_transactions where tenant_id = ${tenantId} and kind = 'reverse'`)).toBeGreaterThan(0);
    expect(await count(sql`select count(*)::int as n from earnings where tenant_id = ${tenantId} and status = 'matured'`)).toBeGreaterThan(100);
  }, 240_000);

  it('reports exactly the corruption: a wrong award, an award to the wrong member, a lost award, an award for an unknown order and a balance row edited by hand', async () => {
    const shop = await createShop(sandbox, `audbad${suffix}`, { customers: 40, orders: 120 });
    const tenantId = await activate(shop);
    // The imports: members joined, the listed orders queued as events, none scored yet.
    await runUntilIdle(tenantId, { orderJob: false });

    // Two invoiced orders without returns, of two different customers.
    const picked: SandboxOrder[] = [];
    for (const { orderId, status } of await listedInSandbox(shop)) {
      if (status !== 'invoiced' || picked.length === 2) continue;
      const order = await sandboxOrder(shop, orderId);
      if (refunded(order) === 0 && !picked.some((other) => other.clientProfileData.userProfileId === order.clientProfileData.userProfileId)) picked.push(order);
    }
    const [wrongPoints, wrongMember] = picked as [SandboxOrder, SandboxOrder];
    const users = new Set(picked.map((order) => order.clientProfileData.userProfileId));
    const members = (await database.query<{ id: string; vtex_user_id: string }>(sql`select id, vtex_user_id from members
      where tenant_id = ${tenantId} order by id`)).filter((member) => !users.has(member.vtex_user_id));
    type MemberRow = (typeof members)[number];
    const [stranger, lostAwardMember, editedMember, ghostOwner] = members as [MemberRow, MemberRow, MemberRow, MemberRow];

    // A buggy award (7 points too many) and an award to someone else, recorded under the orders'
    // own keys before the order job reads them: the job then finds them awarded.
    const award = (order: SandboxOrder, memberId: string, points: number) =>
      earnPoints(http.world, {
        tenantId, memberId, points, reference: `order:${order.orderId}`, idempotencyKey: `earn:order:${order.orderId}`,
        dueAt: new Date(Date.parse(order.invoicedDate!) + 7 * DAY_MS),
        details: { orderId: order.orderId, status: 'invoiced', statusAt: order.invoicedDate, rate: '1.0000', includeShipping: 0 },
      });
    await award(wrongPoints, await memberOf(tenantId, wrongPoints.clientProfileData.userProfileId), pointsOf(wrongPoints) + 7);
    await award(wrongMember, stranger.id, pointsOf(wrongMember));
    // And points for an order VTEX never had.
    const ghostOrderId = '1000000000000-01';
    await earnPoints(http.world, { tenantId, memberId: ghostOwner.id, points: 50, reference: `order:${ghostOrderId}`, idempotencyKey: `earn:order:${ghostOrderId}`, dueAt: new Date(Date.now() - DAY_MS) });
    await runUntilIdle(tenantId);
    expect(await count(sql`select count(*)::int as n from earnings where tenant_id = ${tenantId} and status = 'pending'`)).toBe(0);

    // An order invoiced while VTEX's hook deliveries are lost (the reconciliation is not due yet).
    await setFaults(sandbox, shop, { hookDropShare: 1 });
    const skuId = (await controlOk<{ skus: { id: number }[] }>(sandbox, 'GET', `/accounts/${shop.name}/skus`)).skus[0]!.id;
    const { orderId: lostOrderId } = await controlOk<{ orderId: string }>(sandbox, 'POST', `/accounts/${shop.name}/orders`, {
      userId: lostAwardMember.vtex_user_id, status: 'invoiced', items: [{ skuId, quantity: 3 }],
    });
    const lost = await sandboxOrder(shop, lostOrderId);
    await runUntilIdle(tenantId);
    await setFaults(sandbox, shop, {});

    // Someone edits a balance by hand.
    const [before] = await database.query<{ pending: number; available: number; held: number }>(sql`select pending, available, held
      from member_balances where tenant_id = ${tenantId} and member_id = ${editedMember.id}`);
    await database.query(sql`update member_balances set available = available + 5 where tenant_id = ${tenantId} and member_id = ${editedMember.id}`);

    // The audit lists VTEX up to its clock's now, which the lost order must not be after.
    http.world.clock.set(new Date());
    const report = await auditTenant(http.world, tenantId);
    expect(report.ok).toBe(false);
    const wrongPointsMember = await memberOf(tenantId, wrongPoints.clientProfileData.userProfileId);
    const wrongMemberOwner = await memberOf(tenantId, wrongMember.clientProfileData.userProfileId);
    const found = essence(report);
    const totals = Object.fromEntries(found.filter((d) => d.kind === 'member_total_mismatch').map((d) => [d.memberId, (d.actual as number) - (d.expected as number)]));
    // In the report's order: by kind, then order.
    expect(found.filter((d) => d.kind !== 'member_total_mismatch')).toEqual([
      { kind: 'order_not_in_ledger', orderId: lostOrderId, memberId: lostAwardMember.id, expected: { points: pointsOf(lost), keptAfterReturns: pointsOf(lost) }, actual: null },
      { kind: 'wrong_points', orderId: wrongPoints.orderId, memberId: wrongPointsMember, expected: pointsOf(wrongPoints), actual: pointsOf(wrongPoints) + 7 },
      { kind: 'wrong_member', orderId: wrongMember.orderId, memberId: stranger.id, expected: wrongMemberOwner, actual: stranger.id },
      { kind: 'order_not_in_vtex', orderId: ghostOrderId, memberId: ghostOwner.id, expected: null, actual: { points: 50 } },
      { kind: 'balance_mismatch', memberId: editedMember.id, expected: before, actual: { ...before!, available: before!.available + 5 } },
    ]);
    // Per member: what the orders should have left them against what the ledger left them.
    expect(totals).toEqual({
      [wrongPointsMember]: 7,
      [wrongMemberOwner]: -pointsOf(wrongMember),
      [stranger.id]: pointsOf(wrongMember),
      [lostAwardMember.id]: -pointsOf(lost),
      [ghostOwner.id]: 50,
    });
  }, 180_000);

  it('reports a cancellation and a return the ledger has not applied yet, until the order job and the sweep apply them', async () => {
    const shop = await createShop(sandbox, `audrev${suffix}`, { customers: 10 });
    const tenantId = await activate(shop, { importOrders: false, importCustomers: false, scoringStatuses: ['payment-approved', 'invoiced'] });
    const skuId = (await controlOk<{ skus: { id: number }[] }>(sandbox, 'GET', `/accounts/${shop.name}/skus`)).skus[0]!.id;
    const place = (customerIndex: number, status: string, quantity: number) =>
      controlOk<{ orderId: string }>(sandbox, 'POST', `/accounts/${shop.name}/orders`, { customerIndex, status, items: [{ skuId, quantity }] });
    const { orderId: cancelledId } = await place(1, 'payment-approved', 1);
    const { orderId: returnedId } = await place(2, 'invoiced', 2);
    const openEvents = (orderId: string) => count(sql`select count(*)::int as n from order_events where tenant_id = ${tenantId} and order_id = ${orderId} and processed_at is null`);
    const eventFor = async (orderId: string) => {
      for (let attempt = 0; attempt < 200 && (await openEvents(orderId)) === 0; attempt++) await new Promise((resolve) => setTimeout(resolve, 25));
      expect(await openEvents(orderId)).toBeGreaterThan(0);
    };
    await eventFor(cancelledId);
    await eventFor(returnedId);
    await runUntilIdle(tenantId);
    http.world.clock.set(new Date());
    const clean = await auditTenant(http.world, tenantId);
    expect(clean.differences).toEqual([]);
    expect(clean.orders).toMatchObject({ inVtex: 2, scoring: 2, inLedger: 2, onlyInLedger: 0 });

    const cancelled = await sandboxOrder(shop, cancelledId);
    const cancelledMember = await memberOf(tenantId, cancelled.clientProfileData.userProfileId);
    await controlOk(sandbox, 'POST', `/accounts/${shop.name}/orders/${cancelledId}/cancel`, {});
    await eventFor(cancelledId);
    // A return changes no status: no hook; the re-read at maturity is what applies it.
    const { refundValue } = await controlOk<{ refundValue: number }>(sandbox, 'POST', `/accounts/${shop.name}/orders/${returnedId}/return`, { items: [{ itemIndex: 0, quantity: 1 }] });
    const returned = await sandboxOrder(shop, returnedId);
    expect(refunded(returned)).toBe(refundValue);
    const returnedMember = await memberOf(tenantId, returned.clientProfileData.userProfileId);
    const total = (id: string) => returned.totals.find((entry) => entry.id === id)?.value ?? 0;
    const keep = Math.min(pointsOf(returned), Math.floor(Math.max(0, total('Items') + total('Discounts') - refundValue) / 100));
    expect(keep).toBeLessThan(pointsOf(returned));

    http.world.clock.set(new Date());
    // The cancellation's event is recorded (the hook came) but not settled: in flight.
    const byOrder = (a: { orderId: string }, b: { orderId: string }) => a.orderId.localeCompare(b.orderId);
    const byMember = (a: { memberId: string }, b: { memberId: string }) => a.memberId.localeCompare(b.memberId);
    expect(essence(await auditTenant(http.world, tenantId))).toEqual([
      ...[
        { kind: 'not_reversed', orderId: cancelledId, memberId: cancelledMember, expected: 0, actual: pointsOf(cancelled), inFlight: true },
        { kind: 'not_reversed', orderId: returnedId, memberId: returnedMember, expected: keep, actual: pointsOf(returned) },
      ].sort(byOrder),
      ...[
        { kind: 'member_total_mismatch', memberId: cancelledMember, expected: 0, actual: pointsOf(cancelled) },
        { kind: 'member_total_mismatch', memberId: returnedMember, expected: keep, actual: pointsOf(returned) },
      ].sort(byMember),
    ]);

    // The order job applies the cancellation; the return waits for the order's maturity.
    await runUntilIdle(tenantId);
    expect(essence(await auditTenant(http.world, tenantId)).map((d) => [d.kind, d.orderId ?? d.memberId])).toEqual([
      ['not_reversed', returnedId],
      ['member_total_mismatch', returnedMember],
    ]);
    // Seven days on, the sweep re-reads the order before maturing it and takes the return back first.
    http.world.clock.set(new Date(Date.now() + 8 * DAY_MS));
    await runUntilIdle(tenantId);
    const settled = await auditTenant(http.world, tenantId);
    expect(settled.differences).toEqual([]);
    expect(await count(sql`select count(*)::int as n from earnings where tenant_id = ${tenantId} and status = 'pending'`)).toBe(0);
  }, 120_000);

  it('reports pending points past their due date once the grace is over', async () => {
    const shop = await createShop(sandbox, `audlate${suffix}`, { customers: 5 });
    const tenantId = await activate(shop, { importOrders: false, importCustomers: false, creditDelayDays: 0 });
    const skuId = (await controlOk<{ skus: { id: number }[] }>(sandbox, 'GET', `/accounts/${shop.name}/skus`)).skus[0]!.id;
    const { orderId } = await controlOk<{ orderId: string }>(sandbox, 'POST', `/accounts/${shop.name}/orders`, { customerIndex: 0, status: 'invoiced', items: [{ skuId, quantity: 1 }] });
    for (let attempt = 0; attempt < 200 && (await count(sql`select count(*)::int as n from order_events where tenant_id = ${tenantId}`)) === 0; attempt++) {
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
    // Scored, but the sweep has not run: due at once (no credit delay).
    await settleEvents(tenantId);
    const [earning] = await database.query<{ due_at: string | Date }>(sql`select due_at from earnings where tenant_id = ${tenantId}`);
    const dueAt = new Date(earning!.due_at);
    http.world.clock.set(new Date(dueAt.getTime() + 9 * 60_000));
    expect((await auditTenant(http.world, tenantId)).differences).toEqual([]);
    http.world.clock.set(new Date(dueAt.getTime() + 11 * 60_000));
    expect(essence(await auditTenant(http.world, tenantId)).map((d) => [d.kind, d.orderId, d.expected, d.actual])).toEqual([['maturity_overdue', orderId, 'available', 'pending']]);
    expect((await auditTenant(http.world, tenantId, { maturityGraceMs: 30 * 60_000 })).ok).toBe(true);
    await sweepLedger(http.world, { tenantIds: [tenantId] });
    expect((await auditTenant(http.world, tenantId)).ok).toBe(true);
  }, 60_000);
});
