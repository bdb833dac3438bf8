// The admin dashboard over HTTP on each engine: a week of a program's life written through the
// real use cases with the test clock (orders earned, matured, reversed, redeemed, released into
// an expired lot, expired, adjusted), then every number of every day checked — zeros on quiet
// days, days counted in the program's time zone, another program's activity left out.
import { beforeAll, describe, expect, it } from 'vitest';
import { engines } from '../harness/databases';
import { useHttpSuite, type HttpWorld } from '../harness/http';
import { seedMember, seedTenant } from '../harness/world';
import { earnPoints } from '../../src/app/ledger/earn-points';
import { maturePoints } from '../../src/app/ledger/mature-points';
import { reversePoints } from '../../src/app/ledger/reverse-points';
import { expireLot } from '../../src/app/ledger/expire-lot';
import { adjustPoints } from '../../src/app/ledger/adjust-points';
import { confirmHeldPoints, releaseHeldPoints } from '../../src/app/ledger/hold-points';
import { createReward } from '../../src/app/rewards/rewards';
import { requestRedemption } from '../../src/app/rewards/redemptions';

const ZERO_POINTS = { earned: 0, matured: 0, reversed: 0, held: 0, released: 0, redeemed: 0, refunded: 0, expired: 0, adjustedIn: 0, adjustedOut: 0 };

describe.each(engines)('admin dashboard on $name', (engine) => {
  const suite = useHttpSuite(engine);
  let http: HttpWorld;
  beforeAll(() => {
    ({ http } = suite);
  });

  const at = (iso: string) => http.world.clock.set(new Date(iso));
  const get = (auth: Record<string, string>, query = '') => http.app.inject({ method: 'GET', url: `/api/admin/v1/dashboard${query}`, headers: auth });

  async function program(changes: { pointsExpiryDays?: number; timezone?: string } = {}) {
    const { tenantId, apiKey } = await seedTenant(http.world, changes);
    return { tenantId, auth: { authorization: `Bearer ${apiKey}` } };
  }

  /** An order's award as the order job writes it (its inputs kept on the earn). */
  const earnForOrder = (tenantId: string, memberId: string, order: { id: string; points: number; dueAt: string; statusAt: string; items: number; discounts: number; shipping: number }) =>
    earnPoints(http.world, {
      tenantId, memberId, points: order.points, reference: `order:${order.id}`, dueAt: new Date(order.dueAt), idempotencyKey: `earn:order:${order.id}`,
      details: { orderId: order.id, status: 'invoiced', statusAt: order.statusAt, itemsCents: order.items, discountsCents: order.discounts, shippingCents: order.shipping },
    });

  /** A redemption held at once (no integration: it stays `issuing`). */
  const redeem = async (tenantId: string, memberId: string, rewardId: string, key: string) =>
    (await requestRedemption(http.world, { tenantId, memberId, rewardId, idempotencyKey: key })).redemption;

  it('counts every day of the range in the program\'s time zone, with zeros on quiet days', async () => {
    // America/Sao_Paulo is UTC−3 all year: 2026-03-03T02:30Z is still 2 March there.
    const { tenantId, auth } = await program({ pointsExpiryDays: 2 });
    const other = await program();

    // Outside the range and the 30 active days: a member who joined and earned in January.
    at('2026-01-20T15:00:00Z');
    const m5 = await seedMember(http.world, tenantId);
    await earnForOrder(tenantId, m5.id, { id: 'o5', points: 25, dueAt: '2026-12-01T00:00:00Z', statusAt: '2026-01-20T14:00:00Z', items: 7_000, discounts: 0, shipping: 0 });

    // 2 March: two members join; two orders earn (the second at 23:30 local time, 3 March in UTC).
    at('2026-03-02T13:00:00Z');
    const m1 = await seedMember(http.world, tenantId);
    const m2 = await seedMember(http.world, tenantId);
    const o1 = await earnForOrder(tenantId, m1.id, { id: 'o1', points: 100, dueAt: '2026-03-03T00:00:00Z', statusAt: '2026-03-02T12:59:00Z', items: 10_000, discounts: -1_000, shipping: 500 });
    at('2026-03-03T02:30:00Z');
    const o2 = await earnForOrder(tenantId, m2.id, { id: 'o2', points: 50, dueAt: '2026-03-20T00:00:00Z', statusAt: '2026-03-03T02:29:00Z', items: 5_000, discounts: 0, shipping: 0 });
    // The other program, the same day: never in this one's numbers.
    const stranger = await seedMember(http.world, other.tenantId);
    await earnForOrder(other.tenantId, stranger.id, { id: 'x1', points: 999, dueAt: '2026-03-03T00:00:00Z', statusAt: '2026-03-03T02:29:00Z', items: 99_900, discounts: 0, shipping: 0 });
    await adjustPoints(http.world, { tenantId: other.tenantId, memberId: stranger.id, points: 500, reason: 'other', actor: 'test', idempotencyKey: 'x-adj' });

    // 3 March: o1 matures (a lot expiring on 5 March at 15:00Z); two credits; two members join.
    at('2026-03-03T15:00:00Z');
    const matured = await maturePoints(http.world, { tenantId, earningId: o1.transaction.id });
    const m3 = await seedMember(http.world, tenantId);
    const m4 = await seedMember(http.world, tenantId);
    await adjustPoints(http.world, { tenantId, memberId: m2.id, points: 30, reason: 'goodwill', actor: 'test', idempotencyKey: 'adj-m2' });
    await adjustPoints(http.world, { tenantId, memberId: m4.id, points: 20, reason: 'goodwill', actor: 'test', idempotencyKey: 'adj-m4' });

    // 5 March: four redemptions (their points held); A issued, B failed after its lot expired.
    at('2026-03-05T14:00:00Z');
    const rewardA = await createReward(http.world, tenantId, { kind: 'free_shipping', name: 'Frete grátis', cost: 40 });
    const rewardB = await createReward(http.world, tenantId, { kind: 'fixed_discount', name: 'R$ 3', cost: 30, discountCents: 300 });
    const rewardC = await createReward(http.world, tenantId, { kind: 'percent_discount', name: '5 %', cost: 5, discountPercent: 5 });
    const a = await redeem(tenantId, m1.id, rewardA.id, 'r-a');
    const b = await redeem(tenantId, m2.id, rewardB.id, 'r-b');
    await redeem(tenantId, m4.id, rewardC.id, 'r-c1');
    await redeem(tenantId, m4.id, rewardC.id, 'r-c2');
    const theirReward = await createReward(http.world, other.tenantId, { kind: 'free_shipping', name: 'Theirs', cost: 100 });
    await redeem(other.tenantId, stranger.id, theirReward.id, 'x-r');
    await confirmHeldPoints(http.world, { tenantId, redemptionId: a.id });
    await http.world.redemptions.transition(null, {
      tenantId, redemptionId: a.id, from: ['issuing'], to: 'issued', event: 'redemption.issued', now: http.world.clock.now(), couponExpiresAt: new Date('2026-04-05T00:00:00Z'),
    });
    // After m2's lot expired (15:00Z): the 30 points go back to it and straight on to expired.
    at('2026-03-05T16:00:00Z');
    await releaseHeldPoints(http.world, { tenantId, redemptionId: b.id, reason: 'failed' });
    await http.world.redemptions.transition(null, { tenantId, redemptionId: b.id, from: ['issuing'], to: 'failed', reason: 'VTEX refused', event: 'redemption.failed', now: http.world.clock.now() });

    // 6 March: m1's lot expires (60 left), o2 is cancelled, a debit, and an imported order of
    // 4 March (its invoice date, VTEX's 7 decimals) is scored today.
    at('2026-03-06T12:00:00Z');
    await expireLot(http.world, { tenantId, lotId: String(matured.transaction.metadata.lotId) });
    await reversePoints(http.world, { tenantId, earningId: o2.transaction.id, reason: 'cancel', idempotencyKey: 'reverse:order:o2:cancel' });
    await adjustPoints(http.world, { tenantId, memberId: m4.id, points: -5, reason: 'correction', actor: 'test', idempotencyKey: 'adj-m4-out' });
    await earnForOrder(tenantId, m3.id, { id: 'o3', points: 80, dueAt: '2026-03-20T00:00:00Z', statusAt: '2026-03-04T18:00:00.0000000+00:00', items: 20_000, discounts: -2_000, shipping: 1_500 });

    at('2026-03-07T12:00:00Z');
    const response = await get(auth, '?from=2026-03-01&to=2026-03-07');
    expect(response.statusCode, response.body).toBe(200);
    const dashboard = response.json();
    expect(dashboard).toMatchObject({ from: '2026-03-01', to: '2026-03-07', timezone: 'America/Sao_Paulo' });

    // Active: m1, m2 and m3 earned for orders, m4 asked for rewards; m5 earned only in January.
    expect(dashboard.members).toEqual({
      total: 5,
      activeLast30Days: 4,
      newPerDay: [
        { date: '2026-03-01', count: 0 },
        { date: '2026-03-02', count: 2 },
        { date: '2026-03-03', count: 2 },
        { date: '2026-03-04', count: 0 },
        { date: '2026-03-05', count: 0 },
        { date: '2026-03-06', count: 0 },
        { date: '2026-03-07', count: 0 },
      ],
    });

    const day = (date: string, moved: Partial<typeof ZERO_POINTS>) => ({ date, ...ZERO_POINTS, ...moved });
    expect(dashboard.points.perDay).toEqual([
      day('2026-03-01', {}),
      day('2026-03-02', { earned: 150 }),
      day('2026-03-03', { matured: 100, adjustedIn: 50 }),
      day('2026-03-04', {}),
      day('2026-03-05', { held: 80, redeemed: 40, released: 30, expired: 30 }),
      day('2026-03-06', { earned: 80, expired: 60, reversed: 50, adjustedOut: 5 }),
      day('2026-03-07', {}),
    ]);
    expect(dashboard.points.totals).toEqual({ ...ZERO_POINTS, earned: 230, matured: 100, reversed: 50, held: 80, released: 30, redeemed: 40, expired: 90, adjustedIn: 50, adjustedOut: 5 });
    // Now: o3 and o5 pending; m4 has 20 − 10 held − 5 = 5 available and 10 held.
    expect(dashboard.points.balances).toEqual({ pending: 105, available: 5, held: 10 });

    expect(dashboard.redemptions).toEqual({
      total: 4,
      byStatus: { pending_approval: 0, issuing: 2, issued: 1, rejected: 0, failed: 1, cancelled: 0, used: 0, expired: 0 },
      topRewards: [
        { rewardId: rewardC.id, name: '5 %', count: 2, points: 10 },
        { rewardId: rewardA.id, name: 'Frete grátis', count: 1, points: 40 },
      ],
    });

    expect(dashboard.sales).toEqual({
      totals: { orders: 3, valueCents: 34_000 },
      perDay: [
        { date: '2026-03-01', orders: 0, valueCents: 0 },
        { date: '2026-03-02', orders: 2, valueCents: 14_500 },
        { date: '2026-03-03', orders: 0, valueCents: 0 },
        { date: '2026-03-04', orders: 1, valueCents: 19_500 },
        { date: '2026-03-05', orders: 0, valueCents: 0 },
        { date: '2026-03-06', orders: 0, valueCents: 0 },
        { date: '2026-03-07', orders: 0, valueCents: 0 },
      ],
    });

    // The other program sees only its own.
    const theirs = (await get(other.auth, '?from=2026-03-01&to=2026-03-07')).json();
    expect(theirs.members.total).toBe(1);
    expect(theirs.points.totals).toEqual({ ...ZERO_POINTS, earned: 999, held: 100, adjustedIn: 500 });
    expect(theirs.sales.totals).toEqual({ orders: 1, valueCents: 99_900 });
    expect(theirs.redemptions.topRewards).toEqual([{ rewardId: theirReward.id, name: 'Theirs', count: 1, points: 100 }]);

    // A range that leaves 2 March out loses its two orders and members, nothing else moves in.
    const later = (await get(auth, '?from=2026-03-03&to=2026-03-04')).json();
    expect(later.sales.perDay).toEqual([{ date: '2026-03-03', orders: 0, valueCents: 0 }, { date: '2026-03-04', orders: 1, valueCents: 19_500 }]);
    expect(later.points.totals).toEqual({ ...ZERO_POINTS, matured: 100, adjustedIn: 50 });
    expect(later.redemptions.total).toBe(0);
  });

  it('defaults to the 30 days up to today in the program\'s time zone', async () => {
    const { auth } = await program({ timezone: 'Asia/Tokyo' });
    // 20:00Z on 9 April is already 10 April in Tokyo.
    at('2026-04-09T20:00:00Z');
    const response = await get(auth);
    expect(response.statusCode, response.body).toBe(200);
    const dashboard = response.json();
    expect(dashboard).toMatchObject({ from: '2026-03-12', to: '2026-04-10', timezone: 'Asia/Tokyo' });
    for (const series of [dashboard.members.newPerDay, dashboard.points.perDay, dashboard.sales.perDay]) {
      expect(series).toHaveLength(30);
      expect(series[0].date).toBe('2026-03-12');
      expect(series[29].date).toBe('2026-04-10');
    }
    expect(dashboard.members).toMatchObject({ total: 0, activeLast30Days: 0 });
    expect(dashboard.points.totals).toEqual(ZERO_POINTS);
    expect(dashboard.redemptions.topRewards).toEqual([]);

    const onlyTo = (await get(auth, '?to=2026-02-28')).json();
    expect([onlyTo.from, onlyTo.to]).toEqual(['2026-01-30', '2026-02-28']);
    const onlyFrom = (await get(auth, '?from=2026-04-01')).json();
    expect([onlyFrom.from, onlyFrom.to]).toEqual(['2026-04-01', '2026-04-10']);
    const leapYear = await get(auth, '?from=2024-01-01&to=2024-12-31');
    expect(leapYear.statusCode).toBe(200);
    expect(leapYear.json().points.perDay).toHaveLength(366);
  });

  it('refuses bad ranges naming the field', async () => {
    const { auth } = await program();
    at('2026-04-09T12:00:00Z');
    const cases: [string, string][] = [
      ['?from=2026-02-30', 'from'],
      ['?from=2026-2-01', 'from'],
      ['?to=yesterday', 'to'],
      ['?from=2026-03-10&to=2026-03-09', 'to'],
      ['?from=2025-01-01&to=2026-01-02', 'to'],
      ['?from=2025-01-01', 'from'],
      ['?from=2026-03-01T00:00:00Z', 'from'],
      ['?since=2026-03-01', 'since'],
    ];
    for (const [query, field] of cases) {
      const response = await get(auth, query);
      expect(response.statusCode, query).toBe(400);
      expect(response.json().error, query).toMatchObject({ code: 'VALIDATION_FAILED', field });
    }
    const unauthenticated = await http.app.inject({ method: 'GET', url: '/api/admin/v1/dashboard' });
    expect(unauthenticated.statusCode).toBe(401);
  });
});
