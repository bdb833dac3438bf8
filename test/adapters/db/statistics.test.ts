// Opening a PostgreSQL database leaves no table the planner knows nothing about: a fresh install
// plans its first queries on real (empty) statistics, which autovacuum then keeps up to date.
// PGlite has no autovacuum: there, frozen "empty" statistics measured worse than the planner's
// guesses, so its tables are left to the imports and the hourly maintenance (migrate.ts).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import type { Database } from '../../../src/adapters/db/database';
import { engines } from '../../harness/databases';

describe.each(engines)('planner statistics on $name', (engine) => {
  let database: Database;
  beforeAll(async () => {
    database = await engine.open();
  });
  afterAll(async () => database?.close());

  it('has analyzed every table of a PostgreSQL schema once it is open, and left PGlite\'s to the imports', async () => {
    const unknown = await database.query<{ name: string }>(sql`select c.relname as name from pg_class c
      join pg_namespace n on n.oid = c.relnamespace
      where n.nspname = current_schema() and c.relkind = 'r' and c.reltuples < 0`);
    if (engine.name === 'postgres') expect(unknown).toEqual([]);
    else expect(unknown.map((table) => table.name)).toContain('order_events');
    const tables = await database.query<{ n: number }>(sql`select count(*)::int as n from pg_class c
      join pg_namespace n on n.oid = c.relnamespace where n.nspname = current_schema() and c.relkind = 'r'`);
    expect(tables[0]?.n).toBeGreaterThan(10);
  });
});
