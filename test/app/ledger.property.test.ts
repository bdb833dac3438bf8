// Property tests of the ledger's invariants, run against the real store on each engine: random
// sequences of commands (including failing ones and replays), then the books are checked in SQL.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { sql } from 'drizzle-orm';
import type { Database } from '../../src/adapters/db/database';
import { adjustPoints } from '../../src/app/ledger/adjust-points';
import { earnPoints, earnPointsMany } from '../../src/app/ledger/earn-points';
import { confirmHeldPoints, holdPoints, refundRedeemedPoints, releaseHeldPoints } from '../../src/app/ledger/hold-points';
import { maturePoints } from '../../src/app/ledger/mature-points';
import { reversePoints } from '../../src/app/ledger/reverse-points';
import { getBalance } from '../../src/app/ledger/get-balance';
import type { CommandResult } from '../../src/app/ledger/run-ledger-command';
import { sweepLedger } from '../../src/jobs/ledger-sweep.job';
import { DomainError } from '../../src/domain/errors';
import { engines } from '../harness/databases';
import { seedMember, seedTenant, worldOn, type World } from '../harness/world';

type Step =
  | { op: 'earn'; points: number; dueInDays: number }
  | { op: 'earnBatch'; points: number[]; repeat: number | null }
  | { op: 'mature'; pick: number }
  | { op: 'reverse'; pick: number; part: number | null }
  | { op: 'adjust'; points: number }
  | { op: 'hold'; points: number }
  | { op: 'confirm'; pick: number }
  | { op: 'release'; pick: number }
  | { op: 'refund'; pick: number }
  | { op: 'advance'; days: number }
  | { op: 'replay'; pick: number };

const step: fc.Arbitrary<Step> = fc.oneof(
  fc.record({ op: fc.constant('earn' as const), points: fc.integer({ min: 1, max: 500 }), dueInDays: fc.integer({ min: 0, max: 5 }) }),
  fc.record({
    op: fc.constant('earnBatch' as const),
    points: fc.array(fc.integer({ min: 1, max: 300 }), { minLength: 1, maxLength: 5 }),
    repeat: fc.option(fc.nat()),
  }),
  fc.record({ op: fc.constant('mature' as const), pick: fc.nat() }),
  fc.record({ op: fc.constant('reverse' as const), pick: fc.nat(), part: fc.option(fc.integer({ min: 1, max: 300 })) }),
  fc.record({ op: fc.constant('adjust' as const), points: fc.integer({ min: -400, max: 400 }).filter((n) => n !== 0) }),
  fc.record({ op: fc.constant('hold' as const), points: fc.integer({ min: 1, max: 400 }) }),
  fc.record({ op: fc.constant('confirm' as const), pick: fc.nat() }),
  fc.record({ op: fc.constant('release' as const), pick: fc.nat() }),
  fc.record({ op: fc.constant('refund' as const), pick: fc.nat() }),
  fc.record({ op: fc.constant('advance' as const), days: fc.integer({ min: 1, max: 40 }) }),
  fc.record({ op: fc.constant('replay' as const), pick: fc.nat() }),
);

async function books(database: Database, tenantId: string) {
  const unbalanced = await database.query<{ id: string }>(sql`select transaction_id as id from ledger_postings
    where tenant_id = ${tenantId} group by transaction_id having sum(amount) <> 0`);
  const memberMismatch = await database.query<{ member_id: string }>(sql`select b.member_id from member_balances b
    where b.tenant_id = ${tenantId} and (
      b.pending <> coalesce((select sum(amount) from ledger_postings p where p.tenant_id = b.tenant_id and p.account = 'member:' || b.member_id || ':pending'), 0)
      or b.available <> coalesce((select sum(amount) from ledger_postings p where p.tenant_id = b.tenant_id and p.account = 'member:' || b.member_id || ':available'), 0)
      or b.held <> coalesce((select sum(amount) from ledger_postings p where p.tenant_id = b.tenant_id and p.account = 'member:' || b.member_id || ':held'), 0)
      or b.available <> coalesce((select sum(remaining) from earn_lots l where l.tenant_id = b.tenant_id and l.member_id = b.member_id), 0)
      or b.held <> coalesce((select sum(points) from holds h where h.tenant_id = b.tenant_id and h.member_id = b.member_id and h.status = 'held'), 0))`);
  const tenantMismatch = await database.query<{ account: string }>(sql`select t.account from
    (select account, sum(balance) as balance from tenant_account_balances where tenant_id = ${tenantId} group by account) t
    full join (select account, sum(amount) as balance from ledger_postings where tenant_id = ${tenantId} and account like 'tenant:%' group by account) p
      on p.account = 'tenant:' || t.account
    where coalesce(t.balance, 0) <> coalesce(p.balance, 0)`);
  const negative = await database.query<{ member_id: string }>(sql`select member_id from member_balances
    where tenant_id = ${tenantId} and (pending < 0 or available < 0 or held < 0)`);
  const [count] = await database.query<{ n: number }>(sql`select count(*)::int as n from ledger_transactions where tenant_id = ${tenantId}`);
  return { unbalanced, memberMismatch, tenantMismatch, negative, transactions: count?.n ?? 0 };
}

describe.each(engines)('ledger invariants on $name', (engine) => {
  let database: Database;
  beforeAll(async () => {
    database = await engine.open();
  });
  afterAll(async () => database?.close());

  it('keeps the books balanced, never negative, and replays as no-ops, whatever the commands', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(step, { minLength: 1, maxLength: 25 }), async (steps) => {
        const world: World = worldOn(database);
        const { tenantId } = await seedTenant(world, { pointsExpiryDays: 30 });
        const { id: memberId } = await seedMember(world, tenantId);
        const earnings: string[] = [];
        const holds: string[] = [];
        const replays: (() => Promise<CommandResult>)[] = [];
        const pick = <T>(list: T[], n: number) => (list.length === 0 ? undefined : list[n % list.length]);
        let n = 0;
        const run = async (command: () => Promise<CommandResult>) => {
          const before = await books(database, tenantId);
          try {
            const result = await command();
            replays.push(command);
            return result;
          } catch (error) {
            if (!(error instanceof DomainError)) throw error;
            // A refused command writes nothing.
            expect((await books(database, tenantId)).transactions).toBe(before.transactions);
            return null;
          }
        };
        for (const s of steps) {
          const i = ++n;
          switch (s.op) {
            case 'earn': {
              const dueAt = new Date(world.clock.now().getTime() + s.dueInDays * 86_400_000);
              const result = await run(() =>
                earnPoints(world, { tenantId, memberId, points: s.points, reference: `order:${i}`, dueAt, idempotencyKey: `earn:${i}` }),
              );
              if (result) earnings.push(result.transaction.id);
              break;
            }
            case 'earnBatch': {
              // A batch as the order job writes it; `repeat` puts one of its earns in twice.
              const dueAt = world.clock.now();
              const commands = s.points.map((points, k) => ({ tenantId, memberId, points, reference: `order:${i}.${k}`, dueAt, idempotencyKey: `earn:${i}.${k}` }));
              const repeated = s.repeat === null ? [] : [commands[s.repeat % commands.length]!];
              const results = await earnPointsMany(world, tenantId, [...commands, ...repeated]);
              for (const [k, result] of results.entries()) {
                if (result instanceof Error) throw result;
                if (k >= commands.length) expect(result.replayed).toBe(true);
                else earnings.push(result.transaction.id);
              }
              for (const command of commands) replays.push(() => earnPoints(world, command));
              break;
            }
            case 'mature': {
              const earningId = pick(earnings, s.pick);
              if (earningId) await run(() => maturePoints(world, { tenantId, earningId }));
              break;
            }
            case 'reverse': {
              const earningId = pick(earnings, s.pick);
              const key = `reverse:${i}`;
              if (earningId) {
                await run(() =>
                  reversePoints(world, { tenantId, earningId, reason: 'returned', idempotencyKey: key, ...(s.part === null ? {} : { points: s.part }) }),
                );
              }
              break;
            }
            case 'adjust': {
              const key = `adjust:${i}`;
              await run(() => adjustPoints(world, { tenantId, memberId, points: s.points, reason: 'property', actor: 'test', idempotencyKey: key }));
              break;
            }
            case 'hold': {
              const redemptionId = `rdm_${i}`;
              if (await run(() => holdPoints(world, { tenantId, memberId, redemptionId, points: s.points }))) holds.push(redemptionId);
              break;
            }
            case 'confirm': {
              const redemptionId = pick(holds, s.pick);
              if (redemptionId) await run(() => confirmHeldPoints(world, { tenantId, redemptionId }));
              break;
            }
            case 'release': {
              const redemptionId = pick(holds, s.pick);
              if (redemptionId) await run(() => releaseHeldPoints(world, { tenantId, redemptionId, reason: 'rejected' }));
              break;
            }
            case 'refund': {
              // Refused (INVALID_STATE, nothing written) unless the hold was confirmed.
              const redemptionId = pick(holds, s.pick);
              if (redemptionId) await run(() => refundRedeemedPoints(world, { tenantId, redemptionId, reason: 'cancelled' }));
              break;
            }
            case 'advance':
              world.clock.advanceDays(s.days);
              await sweepLedger(world, { tenantIds: [tenantId] });
              break;
            case 'replay': {
              const command = pick(replays, s.pick);
              if (command) {
                const before = await books(database, tenantId);
                const balanceBefore = await getBalance(world, tenantId, memberId);
                const result = await command();
                expect(result.replayed).toBe(true);
                expect((await books(database, tenantId)).transactions).toBe(before.transactions);
                expect(await getBalance(world, tenantId, memberId)).toEqual(balanceBefore);
              }
              break;
            }
          }
        }
        const final = await books(database, tenantId);
        expect(final.unbalanced).toEqual([]);
        expect(final.memberMismatch).toEqual([]);
        expect(final.tenantMismatch).toEqual([]);
        expect(final.negative).toEqual([]);
      }),
      { numRuns: 25 },
    );
  });

  it('a reversal before maturity restores exactly the balance before the earn', async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 0, max: 1000 }), fc.integer({ min: 1, max: 1000 }), async (prior, points) => {
        const world = worldOn(database);
        const { tenantId } = await seedTenant(world);
        const { id: memberId } = await seedMember(world, tenantId);
        if (prior > 0) await adjustPoints(world, { tenantId, memberId, points: prior, reason: 'prior', actor: 't', idempotencyKey: 'prior' });
        const before = await getBalance(world, tenantId, memberId);
        const earned = await earnPoints(world, { tenantId, memberId, points, reference: 'order:x', dueAt: world.clock.now(), idempotencyKey: 'earn:x' });
        await reversePoints(world, { tenantId, earningId: earned.transaction.id, reason: 'cancelled', idempotencyKey: 'reverse:x' });
        expect(await getBalance(world, tenantId, memberId)).toEqual(before);
      }),
      { numRuns: 15 },
    );
  });
});
