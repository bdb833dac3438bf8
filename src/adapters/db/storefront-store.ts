import { and, eq, sql } from 'drizzle-orm';
import type { StorefrontStore } from '../../app/storefront/ports';
import type { Database } from './database';
import { loginCodes, outboxEvents } from './schema';

export function sqlStorefrontStore(database: Database): StorefrontStore {
  return {
    async pendingPoints(tenantId, memberId) {
      // What each pending earning still has to mature, grouped by the day it is due.
      const rows = await database.query<{ points: number; due_at: Date | string }>(sql`select sum(points - reversed_points)::float8 as points, min(due_at) as due_at
        from earnings where tenant_id = ${tenantId} and member_id = ${memberId} and status = 'pending' and points > reversed_points
        group by date_trunc('day', due_at) order by min(due_at) limit 50`);
      return rows.map((row) => ({ points: row.points, availableOn: new Date(row.due_at) }));
    },

    async loginCode(tenantId, email) {
      const [row] = await database.orm.select().from(loginCodes).where(and(eq(loginCodes.tenantId, tenantId), eq(loginCodes.email, email)));
      return row ?? null;
    },

    async saveLoginCode(tenantId, email, code, event) {
      await database.transaction(async (tx) => {
        await tx.orm
          .insert(loginCodes)
          .values({ tenantId, email, ...code })
          .onConflictDoUpdate({ target: [loginCodes.tenantId, loginCodes.email], set: { ...code } });
        await tx.orm.insert(outboxEvents).values({
          tenantId, id: event.id, type: 'member.login_code', dedupeKey: `member.login_code:${event.id}`, memberId: code.memberId,
          payload: event.payload, createdAt: code.createdAt,
        });
      });
    },

    async countLoginAttempt(tenantId, email) {
      const [row] = await database.orm
        .update(loginCodes)
        .set({ attempts: sql`${loginCodes.attempts} + 1` })
        .where(and(eq(loginCodes.tenantId, tenantId), eq(loginCodes.email, email)))
        .returning({ attempts: loginCodes.attempts });
      return row?.attempts ?? 0;
    },

    async deleteLoginCode(tenantId, email, codeSignature) {
      const rows = await database.orm
        .delete(loginCodes)
        .where(and(eq(loginCodes.tenantId, tenantId), eq(loginCodes.email, email), eq(loginCodes.codeSignature, codeSignature)))
        .returning({ email: loginCodes.email });
      return rows.length === 1;
    },
  };
}
