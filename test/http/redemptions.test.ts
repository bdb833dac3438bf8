// Redeeming a reward over HTTP on each engine: the cost held with the stock and the member's limit
// in one transaction, replays by Idempotency-Key, every refusal holding nothing, and concurrent
// redemptions never overdrawing the balance or the stock.
import { beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import type { Database } from '../../src/adapters/db/database';
import { adjustPoints } from '../../src/app/ledger/adjust-points';
import { getBalance } from '../../src/app/ledger/get-balance';
import { createReward } from '../../src/app/rewards/rewards';
import type { RewardInput } from '../../src/domain/reward';
import { engines } from '../harness/databases';
import { tenantWithKey, useHttpSuite, type HttpWorld } from '../harness/http';
import { seedMember } from '../harness/world';

describe.each(engines)('redemptions on $name', (engine) => {
  const suite = useHttpSuite(engine);
  let database: Database;
  let http: HttpWorld;
  beforeAll(async () => {
    ({ database, http } = suite);
  });

  async function setUp(available: number, reward: RewardInput) {
    const tenant = await tenantWithKey(http.world);
    const member = await seedMember(http.world, tenant.tenantId);
    if (available > 0) {
      await adjustPoints(http.world, { tenantId: tenant.tenantId, memberId: member.id, points: available, reason: 'seed', actor: 'test', idempotencyKey: `seed:${member.id}` });
    }
    const created = await createReward(http.world, tenant.tenantId, { kind: 'fixed_discount', name: 'R$ 10', cost: 100, discountCents: 1_000, ...reward });
    return { ...tenant, memberId: member.id, rewardId: created.id };
  }
  /** Saves the integration (inactive: no VTEX call) with manual redemption approval on. */
  async function requireApproval(setup: { auth: Record<string, string> }) {
    const saved = await http.app.inject({
      method: 'PUT',
      url: '/api/admin/v1/integrations/vtex',
      headers: setup.auth,
      payload: { accountName: 'lojaaprova', appKey: 'vtexappkey-lojaaprova-X', appToken: 'T', storeUrl: 'https://www.loja.example', manualRedemptionApproval: true },
    });
    expect(saved.statusCode, saved.body).toBe(200);
  }
  const redeem = (setup: { auth: Record<string, string>; memberId: string }, rewardId: string, key: string) =>
    http.app.inject({
      method: 'POST',
      url: `/api/admin/v1/members/${setup.memberId}/redemptions`,
      headers: { ...setup.auth, 'idempotency-key': key },
      payload: { rewardId },
    });
  const stockOf = async (tenantId: string, rewardId: string) =>
    (await database.query<{ stock: number | null }>(sql`select stock from rewards where tenant_id = ${tenantId} and id = ${rewardId}`))[0]?.stock;
  const redemptionCount = async (tenantId: string) =>
    (await database.query<{ n: number }>(sql`select count(*)::int as n from redemptions where tenant_id = ${tenantId}`))[0]?.n;

  it('holds the cost, takes one of the stock, records the redemption and its event; the same key replays', async () => {
    const setup = await setUp(250, { stock: 4 });
    const first = await redeem(setup, setup.rewardId, 'shopper-click-1');
    expect(first.statusCode, first.body).toBe(201);
    const redemption = first.json();
    expect(redemption).toMatchObject({ memberId: setup.memberId, rewardId: setup.rewardId, status: 'issuing', cost: 100, couponCode: null });
    expect(redemption.reward).toEqual({ kind: 'fixed_discount', name: 'R$ 10', skuId: null, discountCents: 1_000, discountPercent: null, minOrderCents: null });
    expect(await getBalance(http.world, setup.tenantId, setup.memberId)).toMatchObject({ available: 150, held: 100 });
    expect(await stockOf(setup.tenantId, setup.rewardId)).toBe(3);

    const again = await redeem(setup, setup.rewardId, 'shopper-click-1');
    expect(again.statusCode).toBe(201);
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(again.json()).toEqual(redemption);
    expect(await getBalance(http.world, setup.tenantId, setup.memberId)).toMatchObject({ available: 150, held: 100 });
    expect(await stockOf(setup.tenantId, setup.rewardId)).toBe(3);
    expect(await redemptionCount(setup.tenantId)).toBe(1);

    const other = await createReward(http.world, setup.tenantId, { kind: 'free_shipping', name: 'Frete', cost: 10 });
    const conflict = await redeem(setup, other.id, 'shopper-click-1');
    expect(conflict.statusCode).toBe(409);
    expect(conflict.json().error.code).toBe('IDEMPOTENCY_CONFLICT');

    const events = await database.query<{ type: string }>(sql`select type from outbox_events where tenant_id = ${setup.tenantId} and member_id = ${setup.memberId} and type like 'redemption.%'`);
    expect(events.map((event) => event.type)).toEqual(['redemption.requested']);
    const read = await http.app.inject({ method: 'GET', url: `/api/admin/v1/redemptions/${redemption.id}`, headers: setup.auth });
    expect(read.json()).toEqual(redemption);
    const listed = await http.app.inject({ method: 'GET', url: '/api/admin/v1/redemptions?status=issuing', headers: setup.auth });
    expect(listed.json().items.map((r: { id: string }) => r.id)).toEqual([redemption.id]);
    const none = await http.app.inject({ method: 'GET', url: '/api/admin/v1/redemptions?status=issued', headers: setup.auth });
    expect(none.json().items).toEqual([]);
    const badStatus = await http.app.inject({ method: 'GET', url: '/api/admin/v1/redemptions?status=lost', headers: setup.auth });
    expect(badStatus.statusCode).toBe(400);
  });

  it('waits for approval when the program requires it', async () => {
    const setup = await setUp(500, {});
    await requireApproval(setup);
    const response = await redeem(setup, setup.rewardId, 'needs-approval');
    expect(response.json().status).toBe('pending_approval');
    const events = await database.query<{ type: string }>(sql`select type from outbox_events where tenant_id = ${setup.tenantId} and type like 'redemption.%' order by type`);
    expect(events.map((event) => event.type)).toEqual(['redemption.pending_approval', 'redemption.requested']);
  });

  it('approves and rejects redemptions waiting for approval, singly and in bulk; rejection gives the points back', async () => {
    const setup = await setUp(1_000, { stock: 10 });
    await requireApproval(setup);
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) ids.push((await redeem(setup, setup.rewardId, `queue-${i}`)).json().id);
    expect(await getBalance(http.world, setup.tenantId, setup.memberId)).toMatchObject({ available: 500, held: 500 });
    const act = (path: string, payload?: object) =>
      http.app.inject({ method: 'POST', url: `/api/admin/v1/redemptions${path}`, headers: setup.auth, ...(payload ? { payload } : {}) });

    const approved = await act(`/${ids[0]}/approve`);
    expect(approved.statusCode).toBe(200);
    expect(approved.json().status).toBe('issuing');
    const twice = await act(`/${ids[0]}/approve`);
    expect(twice.statusCode).toBe(409);
    expect(twice.json().error.code).toBe('INVALID_STATE');

    const noReason = await act(`/${ids[1]}/reject`, { reason: '' });
    expect(noReason.statusCode).toBe(400);
    const rejected = await act(`/${ids[1]}/reject`, { reason: 'Pedido suspeito' });
    expect(rejected.statusCode).toBe(200);
    expect(rejected.json()).toMatchObject({ status: 'rejected', reason: 'Pedido suspeito' });
    expect(await getBalance(http.world, setup.tenantId, setup.memberId)).toMatchObject({ available: 600, held: 400 });
    const rejectAgain = await act(`/${ids[1]}/reject`, { reason: 'de novo' });
    expect(rejectAgain.json().error.code).toBe('INVALID_STATE');
    expect(await getBalance(http.world, setup.tenantId, setup.memberId)).toMatchObject({ available: 600, held: 400 });

    const bulkApprove = await act('/approve', { redemptionIds: [ids[2], ids[1], 'rdm_missing'] });
    expect(bulkApprove.statusCode).toBe(200);
    expect(bulkApprove.json().results.map((r: { redemption?: { status: string }; error?: { code: string } }) => r.redemption?.status ?? r.error?.code))
      .toEqual(['issuing', 'INVALID_STATE', 'NOT_FOUND']);
    const bulkReject = await act('/reject', { redemptionIds: [ids[3], ids[4]], reason: 'Fora da campanha' });
    expect(bulkReject.json().results.map((r: { redemption: { status: string } }) => r.redemption.status)).toEqual(['rejected', 'rejected']);
    expect(await getBalance(http.world, setup.tenantId, setup.memberId)).toMatchObject({ available: 800, held: 200 });
    const tooMany = await act('/approve', { redemptionIds: [] });
    expect(tooMany.statusCode).toBe(400);

    const events = await database.query<{ type: string; n: number }>(sql`select type, count(*)::int as n from outbox_events
      where tenant_id = ${setup.tenantId} and type like 'redemption.%' group by type order by type`);
    expect(events).toEqual([
      { type: 'redemption.approved', n: 2 },
      { type: 'redemption.pending_approval', n: 5 },
      { type: 'redemption.rejected', n: 3 },
      { type: 'redemption.requested', n: 5 },
    ]);
  });

  it('refuses with a specific code and holds nothing: points, stock, limit, availability', async () => {
    const cases: [number, RewardInput, string, number][] = [
      [50, {}, 'INSUFFICIENT_POINTS', 409],
      [500, { stock: 0 }, 'OUT_OF_STOCK', 409],
      [500, { active: false }, 'REWARD_UNAVAILABLE', 409],
      [500, { activeFrom: '2999-01-01T00:00:00Z' }, 'REWARD_UNAVAILABLE', 409],
      [500, { activeUntil: '2001-01-01T00:00:00Z' }, 'REWARD_UNAVAILABLE', 409],
    ];
    for (const [available, reward, code, status] of cases) {
      const setup = await setUp(available, reward);
      const response = await redeem(setup, setup.rewardId, 'refused');
      expect(response.statusCode, JSON.stringify(reward)).toBe(status);
      expect(response.json().error.code, JSON.stringify(reward)).toBe(code);
      expect(await getBalance(http.world, setup.tenantId, setup.memberId)).toMatchObject({ available, held: 0 });
      expect(await redemptionCount(setup.tenantId)).toBe(0);
    }
    const limited = await setUp(500, { perMemberLimit: 1, stock: 10 });
    expect((await redeem(limited, limited.rewardId, 'first')).statusCode).toBe(201);
    const second = await redeem(limited, limited.rewardId, 'second');
    expect(second.statusCode).toBe(409);
    expect(second.json().error.code).toBe('LIMIT_REACHED');
    expect(await getBalance(http.world, limited.tenantId, limited.memberId)).toMatchObject({ available: 400, held: 100 });
    expect(await stockOf(limited.tenantId, limited.rewardId)).toBe(9);
    const unknown = await redeem(limited, 'rwd_missing', 'third');
    expect(unknown.statusCode).toBe(404);
  });

  it('100 concurrent redemptions of a reward with stock 5 by a member with points for 3: exactly 3', async () => {
    const setup = await setUp(300, { stock: 5 });
    const responses = await Promise.all(Array.from({ length: 100 }, (_, i) => redeem(setup, setup.rewardId, `burst-${i}`)));
    const created = responses.filter((response) => response.statusCode === 201);
    expect(created).toHaveLength(3);
    expect(new Set(responses.filter((r) => r.statusCode !== 201).map((r) => r.json().error.code))).toEqual(new Set(['INSUFFICIENT_POINTS']));
    expect(await getBalance(http.world, setup.tenantId, setup.memberId)).toMatchObject({ available: 0, held: 300 });
    expect(await stockOf(setup.tenantId, setup.rewardId)).toBe(2);
    expect(await redemptionCount(setup.tenantId)).toBe(3);
  });

  it('concurrent redemptions by many members never take more than the stock', async () => {
    const setup = await setUp(0, { stock: 4 });
    const members = await Promise.all(Array.from({ length: 12 }, async () => {
      const member = await seedMember(http.world, setup.tenantId);
      await adjustPoints(http.world, { tenantId: setup.tenantId, memberId: member.id, points: 100, reason: 'seed', actor: 'test', idempotencyKey: `seed:${member.id}` });
      return member.id;
    }));
    const responses = await Promise.all(members.map((memberId, i) => redeem({ auth: setup.auth, memberId }, setup.rewardId, `member-${i}`)));
    expect(responses.filter((response) => response.statusCode === 201)).toHaveLength(4);
    expect(new Set(responses.filter((r) => r.statusCode !== 201).map((r) => r.json().error.code))).toEqual(new Set(['OUT_OF_STOCK']));
    expect(await stockOf(setup.tenantId, setup.rewardId)).toBe(0);
    const held = await database.query<{ n: number }>(sql`select coalesce(sum(held), 0)::int as n from member_balances where tenant_id = ${setup.tenantId}`);
    expect(held[0]?.n).toBe(400);
  });
});
