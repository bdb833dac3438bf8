// The composition root: the only place that constructs adapters and hands them to the use cases.
import { sql } from 'drizzle-orm';
import { openDatabase, type Database, type DatabaseConfig } from '../adapters/db/database';
import { sqlLedgerStore } from '../adapters/db/ledger-store';
import { sqlMemberStore } from '../adapters/db/member-store';
import { sqlTenantStore } from '../adapters/db/tenant-store';
import type { Clock, LedgerStore, MemberStore, TenantStore } from '../app/ports';

export interface Container {
  database: Database;
  ledger: LedgerStore;
  tenants: TenantStore;
  members: MemberStore;
  clock: Clock;
  isDatabaseReady(): Promise<boolean>;
  close(): Promise<void>;
}

export const systemClock: Clock = { now: () => new Date() };

export function containerFor(database: Database, clock: Clock = systemClock): Container {
  return {
    database,
    ledger: sqlLedgerStore(database),
    tenants: sqlTenantStore(database),
    members: sqlMemberStore(database),
    clock,
    isDatabaseReady: async () => (await database.query(sql`select 1 as ok`)).length === 1,
    close: () => database.close(),
  };
}

export async function openContainer(config: DatabaseConfig, clock: Clock = systemClock): Promise<Container> {
  return containerFor(await openDatabase(config), clock);
}
