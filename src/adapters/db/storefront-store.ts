import { sql } from 'drizzle-orm';
import type { StorefrontStore } from '../../app/storefront/ports';
import type { Database } from './database';

export function sqlStorefrontStore(database: Database): StorefrontStore {
  return {
    async pendingPoints(tenantId, memberId) {
      // What each pending earning still has to mature, grouped by the day it is due.
      const rows = await database.query<{ points: number; due_at: Date | string }>(sql`select sum(points - reversed_points)::float8 as points, min(due_at) as due_at
        from earnings where tenant_id = ${tenantId} and member_id = ${memberId} and status = 'pending' and points > reversed_points
        group by date_trunc('day', due_at) order by min(due_at) limit 50`);
      return rows.map((row) => ({ points: row.points, availableOn: new Date(row.due_at) }));
    },
  };
}
