// Concurrency on PostgreSQL, where many connections really do run at once (PGlite is one
// connection, so it cannot race). Without DATABASE_URL this suite says so and does not run.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { openDatabase, type Database } from '../../src/adapters/db/database';
import { adjustPoints } from '../../src/app/ledger/adjust-points';
import { earnPoints } from '../../src/app/ledger/earn-points';
import { holdPoints } from '../../src/app/ledger/hold-points';
import { getBalance } from '../../src/app/ledger/get-balance';
import { DomainError } from '../../src/domain/errors';
import { postgresEngine } from '../harness/databases';
import { seedMember, seedTenant, worldOn, type World } from '../harness/world';

if (!postgresEngine) console.warn('concurrency tests: DATABASE_URL is not set, so the PostgreSQL concurrency suite did not run');

describe.runIf(postgresEngine)('ledger concurrency on PostgreSQL', () => {
  let database: Database;
  let world: World;
  beforeAll(async () => {
    database = await postgresEngine!.open();
    world = worldOn(database);
  });
  afterAll(async () => database?.close());

  async function memberWith(available: number) {
    const { tenantId } = await seedTenant(world);
    const { id: memberId } = await seedMember(world, tenantId);
    await adjustPoints(world, { tenantId, memberId, points: available, reason: 'seed', actor: 'test', idempotencyKey: 'seed' });
    return { tenantId, memberId };
  }

  it('50 simultaneous debits of 10 on a balance of 100: exactly 10 succeed, balance 0', async () => {
    const { tenantId, memberId } = await memberWith(100);
    const outcomes = await Promise.allSettled(
      Array.from({ length: 50 }, (_, i) =>
        adjustPoints(world, { tenantId, memberId, points: -10, reason: 'concurrent debit', actor: 'test', idempotencyKey: `debit:${i}` }),
      ),
    );
    const succeeded = outcomes.filter((o) => o.status === 'fulfilled');
    const refused = outcomes.filter((o) => o.status === 'rejected');
    expect(succeeded).toHaveLength(10);
    for (const outcome of refused) {
      expect((outcome as PromiseRejectedResult).reason).toBeInstanceOf(DomainError);
      expect(((outcome as PromiseRejectedResult).reason as DomainError).code).toBe('INSUFFICIENT_POINTS');
    }
    expect(await getBalance(world, tenantId, memberId)).toMatchObject({ available: 0 });
    const [lots] = await database.query<{ remaining: number }>(
      sql`select coalesce(sum(remaining), 0)::int as remaining from earn_lots where tenant_id = ${tenantId}`,
    );
    expect(lots?.remaining).toBe(0);
  });

  it('20 simultaneous identical requests with one idempotency key: one transaction', async () => {
    const { tenantId, memberId } = await memberWith(1);
    const dueAt = world.clock.now();
    const results = await Promise.all(
      Array.from({ length: 20 }, () =>
        earnPoints(world, { tenantId, memberId, points: 75, reference: 'order:dup', dueAt, idempotencyKey: 'earn:order:dup' }),
      ),
    );
    expect(new Set(results.map((r) => r.transaction.id)).size).toBe(1);
    expect(results.filter((r) => !r.replayed)).toHaveLength(1);
    const [row] = await database.query<{ n: number }>(
      sql`select count(*)::int as n from ledger_transactions where tenant_id = ${tenantId} and kind = 'earn'`,
    );
    expect(row?.n).toBe(1);
    expect(await getBalance(world, tenantId, memberId)).toMatchObject({ pending: 75 });
  });

  it('simultaneous holds never overdraw, across members sharing tenant account rows', async () => {
    const { tenantId, memberId } = await memberWith(100);
    const other = await seedMember(world, tenantId);
    await adjustPoints(world, { tenantId, memberId: other.id, points: 100, reason: 'seed', actor: 'test', idempotencyKey: 'seed2' });
    const attempts = Array.from({ length: 30 }, (_, i) =>
      holdPoints(world, { tenantId, memberId: i % 2 === 0 ? memberId : other.id, redemptionId: `rdm_c${i}`, points: 30 }),
    );
    const outcomes = await Promise.allSettled(attempts);
    expect(outcomes.filter((o) => o.status === 'fulfilled')).toHaveLength(6);
    expect(await getBalance(world, tenantId, memberId)).toMatchObject({ available: 10, held: 90 });
    expect(await getBalance(world, tenantId, other.id)).toMatchObject({ available: 10, held: 90 });
  });

  it('processes that start together apply the migrations once', async () => {
    const url = process.env.DATABASE_URL!;
    const scratch = `pontua_migrate_${process.pid}_${Date.now()}`;
    await database.query(sql.raw(`create database ${scratch}`));
    try {
      const target = new URL(url);
      target.pathname = `/${scratch}`;
      const opened = await Promise.all(
        Array.from({ length: 4 }, () => openDatabase({ engine: 'postgres', url: target.toString(), poolSize: 2 })),
      );
      const [applied] = await opened[0]!.query<{ n: number }>(sql`select count(*)::int as n from pontua_migrations`);
      expect(applied?.n).toBeGreaterThan(0);
      const [tables] = await opened[0]!.query<{ n: number }>(
        sql`select count(*)::int as n from information_schema.tables where table_name = 'ledger_transactions'`,
      );
      expect(tables?.n).toBe(1);
      await Promise.all(opened.map((db) => db.close()));
    } finally {
      await database.query(sql.raw(`drop database if exists ${scratch}`));
    }
  });
});
