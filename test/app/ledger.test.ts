// The ledger use cases on the real databases: PGlite always, PostgreSQL when DATABASE_URL is set.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import type { Database } from '../../src/adapters/db/database';
import { adjustPoints } from '../../src/app/ledger/adjust-points';
import { earnPoints, earnPointsMany } from '../../src/app/ledger/earn-points';
import type { CommandResult } from '../../src/app/ledger/run-ledger-command';
import { expireLot } from '../../src/app/ledger/expire-lot';
import { confirmHeldPoints, holdPoints, refundRedeemedPoints, releaseHeldPoints } from '../../src/app/ledger/hold-points';
import { listHistory } from '../../src/app/ledger/list-history';
import { maturePoints } from '../../src/app/ledger/mature-points';
import { reversePoints } from '../../src/app/ledger/reverse-points';
import { getBalance } from '../../src/app/ledger/get-balance';
import { sweepLedger } from '../../src/jobs/ledger-sweep.job';
import { DomainError } from '../../src/domain/errors';
import { engines } from '../harness/databases';
import { seedMember, seedTenant, worldOn, type World } from '../harness/world';

const rejection = async (promise: Promise<unknown>) => {
  try {
    await promise;
  } catch (error) {
    if (error instanceof DomainError) return error.code;
    throw error;
  }
  return 'NO_ERROR';
};

describe.each(engines)('ledger use cases on $name', (engine) => {
  let database: Database;
  let world: World;
  beforeAll(async () => {
    database = await engine.open();
  });
  beforeEach(() => {
    world = worldOn(database);
  });
  afterAll(async () => database?.close());

  async function memberWith(available: number, program = {}) {
    const { tenantId } = await seedTenant(world, program);
    const member = await seedMember(world, tenantId);
    if (available > 0) {
      await adjustPoints(world, { tenantId, memberId: member.id, points: available, reason: 'seed', actor: 'test', idempotencyKey: `seed:${member.id}` });
    }
    return { tenantId, memberId: member.id };
  }

  it('earns as pending, matures on the due date, and shows it in the balance and history', async () => {
    const { tenantId, memberId } = await memberWith(0);
    const dueAt = new Date(world.clock.now().getTime() + 7 * 86_400_000);
    const earned = await earnPoints(world, { tenantId, memberId, points: 150, reference: 'order:A-01', dueAt, idempotencyKey: 'earn:order:A-01' });
    expect(await getBalance(world, tenantId, memberId)).toMatchObject({ pending: 150, available: 0 });
    expect(await rejection(maturePoints(world, { tenantId, earningId: earned.transaction.id }))).toBe('NOT_DUE');
    world.clock.advanceDays(7);
    const matured = await maturePoints(world, { tenantId, earningId: earned.transaction.id });
    expect(matured.transaction.kind).toBe('mature');
    expect(await getBalance(world, tenantId, memberId)).toMatchObject({ pending: 0, available: 150, lifetimeEarned: 150 });
    const again = await maturePoints(world, { tenantId, earningId: earned.transaction.id });
    expect(again).toMatchObject({ replayed: true, transaction: { id: matured.transaction.id } });
    const history = await listHistory(world, { tenantId, memberId });
    expect(history.items.map((item) => item.kind)).toEqual(['mature', 'earn']);
  });

  it('replays an earn with the same key and refuses the key with other input', async () => {
    const { tenantId, memberId } = await memberWith(0);
    const command = { tenantId, memberId, points: 40, reference: 'order:B-01', dueAt: world.clock.now(), idempotencyKey: 'earn:order:B-01' };
    const first = await earnPoints(world, command);
    const replay = await earnPoints(world, command);
    expect(replay.replayed).toBe(true);
    expect(replay.transaction).toEqual(first.transaction);
    expect(await rejection(earnPoints(world, { ...command, points: 41 }))).toBe('IDEMPOTENCY_CONFLICT');
    expect(await getBalance(world, tenantId, memberId)).toMatchObject({ pending: 40 });
  });

  it('earns a batch in one write, each item answering as a single earn would', async () => {
    const { tenantId, memberId } = await memberWith(0);
    const { id: secondId } = await seedMember(world, tenantId);
    const stranger = await memberWith(0);
    const dueAt = world.clock.now();
    const earnFor = (memberId: string, points: number, key: string) => ({ tenantId, memberId, points, reference: `order:${key}`, dueAt, idempotencyKey: `earn:order:${key}` });
    const earlier = await earnPoints(world, earnFor(memberId, 10, 'M-00'));
    const results = await earnPointsMany(world, tenantId, [
      earnFor(memberId, 100, 'M-01'),
      earnFor(secondId, 20, 'M-02'),
      earnFor(memberId, 3, 'M-03'),
      earnFor(memberId, 10, 'M-00'), // the same earn again: replayed
      earnFor(memberId, 11, 'M-00'), // the same key with other input: refused
      earnFor(memberId, 0, 'M-04'), // invalid
      earnFor(stranger.memberId, 5, 'M-05'), // another tenant's member
    ]);
    const outcome = (result: CommandResult | Error | undefined) =>
      result instanceof DomainError ? result.code : result instanceof Error ? result.message : result?.replayed ? 'replayed' : result?.transaction.points;
    expect(results.map(outcome)).toEqual([100, 20, 3, 'replayed', 'IDEMPOTENCY_CONFLICT', 'VALIDATION_FAILED', 'NOT_FOUND']);
    expect((results[3] as CommandResult).transaction.id).toBe(earlier.transaction.id);
    expect(await getBalance(world, tenantId, memberId)).toMatchObject({ pending: 113 });
    expect(await getBalance(world, tenantId, secondId)).toMatchObject({ pending: 20 });
    expect(await getBalance(world, stranger.tenantId, stranger.memberId)).toMatchObject({ pending: 0 });
    // The batch again: every earn replays, nothing is written twice.
    const again = await earnPointsMany(world, tenantId, [earnFor(memberId, 100, 'M-01'), earnFor(secondId, 20, 'M-02')]);
    expect(again.map(outcome)).toEqual(['replayed', 'replayed']);
    expect(await getBalance(world, tenantId, memberId)).toMatchObject({ pending: 113 });
  });

  it('earns each item of a batch alone when the batch statement fails', async () => {
    const { tenantId, memberId } = await memberWith(0);
    const failing: World = { ...world, ledger: { ...world.ledger, recordManyIfNew: () => Promise.reject(new Error('connection reset')) } };
    const dueAt = world.clock.now();
    const results = await earnPointsMany(failing, tenantId, [
      { tenantId, memberId, points: 7, reference: 'order:F-01', dueAt, idempotencyKey: 'earn:order:F-01' },
      { tenantId, memberId: 'mbr_missing', points: 8, reference: 'order:F-02', dueAt, idempotencyKey: 'earn:order:F-02' },
    ]);
    expect((results[0] as CommandResult).transaction.points).toBe(7);
    expect(results[1]).toBeInstanceOf(DomainError);
    expect(await getBalance(world, tenantId, memberId)).toMatchObject({ pending: 7 });
  });

  it('reverses a pending earning exactly, and a matured one never below zero with the shortfall recorded', async () => {
    const { tenantId, memberId } = await memberWith(0);
    const now = world.clock.now();
    const pending = await earnPoints(world, { tenantId, memberId, points: 80, reference: 'order:C-01', dueAt: now, idempotencyKey: 'earn:order:C-01' });
    await reversePoints(world, { tenantId, earningId: pending.transaction.id, reason: 'cancelled', idempotencyKey: 'reverse:order:C-01' });
    expect(await getBalance(world, tenantId, memberId)).toMatchObject({ pending: 0, available: 0 });

    const earned = await earnPoints(world, { tenantId, memberId, points: 100, reference: 'order:C-02', dueAt: now, idempotencyKey: 'earn:order:C-02' });
    await maturePoints(world, { tenantId, earningId: earned.transaction.id });
    await adjustPoints(world, { tenantId, memberId, points: -70, reason: 'spent elsewhere', actor: 'test', idempotencyKey: 'spend:1' });
    const reversal = await reversePoints(world, { tenantId, earningId: earned.transaction.id, reason: 'returned', idempotencyKey: 'reverse:order:C-02' });
    expect(reversal.transaction.points).toBe(30);
    expect(reversal.transaction.metadata).toMatchObject({ shortfall: 70 });
    expect(await getBalance(world, tenantId, memberId)).toMatchObject({ available: 0, pending: 0 });
    expect(await rejection(reversePoints(world, { tenantId, earningId: earned.transaction.id, reason: 'again', idempotencyKey: 'reverse:2' }))).toBe(
      'INVALID_STATE',
    );
  });

  it('refuses a debit below zero and writes nothing', async () => {
    const { tenantId, memberId } = await memberWith(25);
    expect(await rejection(adjustPoints(world, { tenantId, memberId, points: -26, reason: 'too much', actor: 'test', idempotencyKey: 'd1' }))).toBe(
      'INSUFFICIENT_POINTS',
    );
    expect(await getBalance(world, tenantId, memberId)).toMatchObject({ available: 25 });
    expect((await listHistory(world, { tenantId, memberId })).items).toHaveLength(1);
  });

  it('holds, confirms and releases redemption points', async () => {
    const { tenantId, memberId } = await memberWith(100);
    await holdPoints(world, { tenantId, memberId, redemptionId: 'rdm_a', points: 60 });
    expect(await getBalance(world, tenantId, memberId)).toMatchObject({ available: 40, held: 60 });
    expect(await rejection(holdPoints(world, { tenantId, memberId, redemptionId: 'rdm_b', points: 41 }))).toBe('INSUFFICIENT_POINTS');
    await confirmHeldPoints(world, { tenantId, redemptionId: 'rdm_a' });
    expect(await getBalance(world, tenantId, memberId)).toMatchObject({ available: 40, held: 0 });
    await holdPoints(world, { tenantId, memberId, redemptionId: 'rdm_c', points: 40 });
    await releaseHeldPoints(world, { tenantId, redemptionId: 'rdm_c', reason: 'rejected by the merchant' });
    expect(await getBalance(world, tenantId, memberId)).toMatchObject({ available: 40, held: 0 });
    expect(await rejection(releaseHeldPoints(world, { tenantId, redemptionId: 'rdm_a', reason: 'too late' }))).toBe('INVALID_STATE');
  });

  it('refunds a confirmed redemption once, back into its lots, and refuses to refund one still held', async () => {
    const { tenantId, memberId } = await memberWith(100);
    await holdPoints(world, { tenantId, memberId, redemptionId: 'rdm_r', points: 70 });
    expect(await rejection(refundRedeemedPoints(world, { tenantId, redemptionId: 'rdm_r', reason: 'cancelled' }))).toBe('INVALID_STATE');
    await confirmHeldPoints(world, { tenantId, redemptionId: 'rdm_r' });
    expect(await getBalance(world, tenantId, memberId)).toMatchObject({ available: 30, held: 0 });
    const refunded = await refundRedeemedPoints(world, { tenantId, redemptionId: 'rdm_r', reason: 'cancelled by the merchant' });
    expect(refunded.transaction.kind).toBe('redeem-refund');
    expect(await getBalance(world, tenantId, memberId)).toMatchObject({ available: 100, held: 0 });
    expect((await refundRedeemedPoints(world, { tenantId, redemptionId: 'rdm_r', reason: 'cancelled by the merchant' })).replayed).toBe(true);
    expect(await getBalance(world, tenantId, memberId)).toMatchObject({ available: 100 });
    // The points went back into a lot: they can be spent again.
    await holdPoints(world, { tenantId, memberId, redemptionId: 'rdm_s', points: 100 });
  });

  it('shows the next expiry and expires lots once their day has come', async () => {
    const { tenantId, memberId } = await memberWith(0, { pointsExpiryDays: 30 });
    await adjustPoints(world, { tenantId, memberId, points: 70, reason: 'promo', actor: 'test', idempotencyKey: 'promo:1' });
    const balance = await getBalance(world, tenantId, memberId);
    expect(balance.nextExpiry).toEqual({ date: '2026-02-14', points: 70 });
    const [lotId] = await world.ledger.expiredLots(tenantId, new Date(world.clock.now().getTime() + 29 * 86_400_000), 10);
    expect(lotId).toBeUndefined();
    world.clock.advanceDays(30);
    const [expired] = await world.ledger.expiredLots(tenantId, world.clock.now(), 10);
    expect(expired?.memberId).toBe(memberId);
    await expireLot(world, { tenantId, lotId: expired!.lotId });
    expect(await getBalance(world, tenantId, memberId)).toMatchObject({ available: 0, nextExpiry: null });
  });

  it('sweeps due earnings and expired lots, and a second sweep does nothing', async () => {
    const { tenantId, memberId } = await memberWith(0, { pointsExpiryDays: 10 });
    await earnPoints(world, { tenantId, memberId, points: 30, reference: 'order:S-1', dueAt: world.clock.now(), idempotencyKey: 'earn:order:S-1' });
    const first = await sweepLedger(world, { tenantIds: [tenantId] });
    expect(first.matured).toBeGreaterThanOrEqual(1);
    expect(await getBalance(world, tenantId, memberId)).toMatchObject({ available: 30 });
    world.clock.advanceDays(11);
    await sweepLedger(world, { tenantIds: [tenantId] });
    expect(await getBalance(world, tenantId, memberId)).toMatchObject({ available: 0 });
    expect(await sweepLedger(world, { tenantIds: [tenantId] })).toEqual({ matured: 0, expired: 0, waiting: 0 });
  });

  it('stops a sweep between steps when the worker shuts down, and the next sweep finishes the work', async () => {
    const { tenantId, memberId } = await memberWith(0);
    await earnPoints(world, { tenantId, memberId, points: 12, reference: 'order:T-1', dueAt: world.clock.now(), idempotencyKey: 'earn:order:T-1' });
    const stopping = new AbortController();
    stopping.abort();
    expect(await sweepLedger(world, { tenantIds: [tenantId], signal: stopping.signal })).toEqual({ matured: 0, expired: 0, waiting: 0 });
    expect(await getBalance(world, tenantId, memberId)).toMatchObject({ pending: 12, available: 0 });
    expect(await sweepLedger(world, { tenantIds: [tenantId] })).toMatchObject({ matured: 1 });
  });

  it('pages history newest first with a cursor', async () => {
    const { tenantId, memberId } = await memberWith(0);
    for (let i = 1; i <= 5; i++) {
      await adjustPoints(world, { tenantId, memberId, points: i, reason: `credit ${i}`, actor: 'test', idempotencyKey: `page:${i}` });
    }
    const first = await listHistory(world, { tenantId, memberId, limit: 2 });
    expect(first.items.map((t) => t.points)).toEqual([5, 4]);
    const second = await listHistory(world, { tenantId, memberId, limit: 2, cursor: first.nextCursor! });
    expect(second.items.map((t) => t.points)).toEqual([3, 2]);
    const third = await listHistory(world, { tenantId, memberId, limit: 2, cursor: second.nextCursor! });
    expect(third.items.map((t) => t.points)).toEqual([1]);
    expect(third.nextCursor).toBeNull();
  });

  it("does not act on another tenant's member", async () => {
    const { memberId } = await memberWith(10);
    const other = await seedTenant(world);
    expect(await rejection(adjustPoints(world, { tenantId: other.tenantId, memberId, points: 5, reason: 'x', actor: 't', idempotencyKey: 'x1' }))).toBe(
      'NOT_FOUND',
    );
    expect(await rejection(getBalance(world, other.tenantId, memberId))).toBe('NOT_FOUND');
  });

  it('refuses UPDATE, DELETE and TRUNCATE on the ledger tables in the database itself', async () => {
    const { tenantId } = await memberWith(10);
    for (const statement of [
      sql`update ledger_transactions set points = 0 where tenant_id = ${tenantId}`,
      sql`delete from ledger_transactions where tenant_id = ${tenantId}`,
      sql`update ledger_postings set amount = 1 where tenant_id = ${tenantId}`,
      sql`delete from ledger_postings where tenant_id = ${tenantId}`,
      sql`truncate ledger_postings`,
    ]) {
      await expect(database.query(statement)).rejects.toThrow(/append-only/);
    }
    const [row] = await database.query<{ n: number }>(sql`select count(*)::int as n from ledger_transactions where tenant_id = ${tenantId}`);
    expect(row?.n).toBe(1);
  });
});
