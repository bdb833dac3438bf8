// Keeps the query planner informed. PostgreSQL's autovacuum analyzes a table only after a share
// of it changed and at most once a minute, so the first minutes of an import into empty tables
// run on plans made for empty tables (a member look-up by VTEX user id scanning every member of
// the tenant). PGlite runs no autovacuum at all: without these calls its statistics would never
// be gathered and its dead rows never reclaimed.
import { sql } from 'drizzle-orm';
import type { DatabaseMaintenance, GrowingArea } from '../../app/sync/ports';
import type { Database } from './database';

const AREA_TABLES: Record<GrowingArea, string> = {
  members: 'members, member_balances, outbox_events',
  orders: 'order_events, earnings, ledger_transactions, ledger_postings, earn_lots, member_balances',
  rewards: 'rewards',
};

export function sqlDatabaseMaintenance(database: Database): DatabaseMaintenance {
  return {
    async refreshStatistics(area) {
      await database.query(sql.raw(`analyze ${AREA_TABLES[area]}`));
    },

    async tidy() {
      // PostgreSQL's autovacuum does this on its own.
      if (database.engine !== 'pglite') return false;
      await database.query(sql`vacuum analyze`);
      return true;
    },
  };
}
