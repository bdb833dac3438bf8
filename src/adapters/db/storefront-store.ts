import { and, eq, sql } from 'drizzle-orm';
import type { StorefrontStore } from '../../app/storefront/ports';
import type { Database } from './database';
import { balanceFromJson, type MemberBalanceJson } from './ledger-store';
import { toMember } from './member-store';
import { loginCodes, members, outboxEvents } from './schema';

export function sqlStorefrontStore(database: Database): StorefrontStore {
  // The storefront's balance (GET /me, on every page of the store a signed-in shopper opens): the
  // member, the ledger's balance and what each pending earning still has to mature, grouped by the
  // day it is due — one statement, one round trip, prepared once (named on PostgreSQL), the pending
  // earnings found by earnings_member_pending_idx.
  const accountOf = database.orm
    .select({
      member: members,
      balance: sql<MemberBalanceJson | null>`pontua_member_balance(${members.tenantId}, ${members.id})`,
      pending: sql<{ points: number; due_at: string }[]>`(select coalesce(json_agg(json_build_object('points', p.points, 'due_at', p.due_at) order by p.due_at), '[]'::json)
        from (select sum(e.points - e.reversed_points)::float8 as points, min(e.due_at) as due_at from earnings e
          where e.tenant_id = ${members.tenantId} and e.member_id = ${members.id} and e.status = 'pending' and e.points > e.reversed_points
          group by date_trunc('day', e.due_at) order by min(e.due_at) limit 50) p)`,
    })
    .from(members)
    .where(and(eq(members.tenantId, sql.placeholder('tenantId')), eq(members.id, sql.placeholder('memberId'))))
    .prepare('pontua_storefront_account');

  return {
    async account(tenantId, memberId) {
      const [row] = await accountOf.execute({ tenantId, memberId });
      if (!row?.balance) return null;
      return {
        member: toMember(row.member),
        balance: balanceFromJson(row.balance),
        pending: row.pending.map((lot) => ({ points: lot.points, availableOn: new Date(lot.due_at) })),
      };
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
