import { and, desc, eq, inArray, lt, lte, sql } from 'drizzle-orm';
import type { Redemption, RedemptionStatus, RedemptionStore } from '../../app/rewards/ports';
import { DomainError } from '../../domain/errors';
import type { Database, Executor } from './database';
import { outboxEvents, redemptions } from './schema';
import { newId } from '../../app/ids';
import { normalizeCouponCode } from '../../domain/coupon-code';

type RedemptionRow = typeof redemptions.$inferSelect;

const toRedemption = (row: RedemptionRow): Redemption => ({
  ...row,
  status: row.status as RedemptionStatus,
  reward: row.reward as Redemption['reward'],
});

/** Redemptions that count against a member's limit: all but those undone. */
const COUNTED = ['pending_approval', 'issuing', 'issued', 'used', 'expired'];

/** The outbox row of a redemption's step (for the e-mails, issue 6): once per redemption and type. */
function redemptionEvent(
  redemption: Pick<Redemption, 'tenantId' | 'id' | 'memberId' | 'rewardId'>,
  type: string,
  at: Date,
  details: Record<string, unknown>,
): typeof outboxEvents.$inferInsert {
  return {
    tenantId: redemption.tenantId,
    id: newId('evt', at.getTime()),
    type,
    dedupeKey: `${type}:${redemption.id}`,
    memberId: redemption.memberId,
    payload: { redemptionId: redemption.id, rewardId: redemption.rewardId, ...details },
    createdAt: at,
  };
}

export function sqlRedemptionStore(database: Database): RedemptionStore {
  const { orm } = database;
  return {
    async reserve(handle, redemption, rules) {
      const tx = handle as Executor;
      // The member's limit is safe to count because the ledger holds the member's lock for this
      // whole transaction.
      if (rules.perMemberLimit !== null) {
        const [count] = await tx.query<{ n: number }>(sql`select count(*)::int as n from redemptions
          where tenant_id = ${redemption.tenantId} and member_id = ${redemption.memberId} and reward_id = ${redemption.rewardId}
            and status in (${sql.join(COUNTED.map((status) => sql`${status}`), sql`, `)})`);
        if ((count?.n ?? 0) >= rules.perMemberLimit) {
          throw new DomainError('LIMIT_REACHED', `the member has redeemed this reward ${rules.perMemberLimit} time(s), its limit`);
        }
      }
      await tx.orm.insert(redemptions).values(redemption);
      // In the same transaction as the redemption.
      const types = ['redemption.requested', ...(redemption.status === 'pending_approval' ? ['redemption.pending_approval'] : [])];
      await tx.orm
        .insert(outboxEvents)
        .values(types.map((type) => redemptionEvent(redemption, type, redemption.createdAt, { cost: redemption.cost })))
        .onConflictDoNothing();
      // Last, so the reward's row lock — which orders concurrent redemptions of a reward with
      // stock — is held only until the commit that follows. Unlimited stock takes no lock at all:
      // redemptions of a popular reward do not wait for each other.
      const unlimited = rules.stocked
        ? []
        : await tx.query<{ id: string }>(sql`select id from rewards
            where tenant_id = ${redemption.tenantId} and id = ${redemption.rewardId} and active and stock is null`);
      // Also when the merchant gave the reward a stock since it was read.
      const [taken] = unlimited.length > 0 ? unlimited : await tx.query<{ id: string }>(sql`update rewards set stock = stock - 1
        where tenant_id = ${redemption.tenantId} and id = ${redemption.rewardId} and active and (stock is null or stock > 0) returning id`);
      if (!taken) {
        const [reward] = await tx.query<{ active: boolean; stock: number | null }>(sql`select active, stock from rewards
          where tenant_id = ${redemption.tenantId} and id = ${redemption.rewardId}`);
        if (reward?.active && reward.stock !== null && reward.stock <= 0) throw new DomainError('OUT_OF_STOCK', 'the reward is out of stock');
        throw new DomainError('REWARD_UNAVAILABLE', 'the reward is not available');
      }
    },

    async transition(handle, change) {
      const run = async (tx: Executor) => {
        const [row] = await tx.orm
          .update(redemptions)
          .set({
            status: change.to,
            updatedAt: change.now,
            ...(change.reason !== undefined ? { reason: change.reason } : {}),
            ...(change.couponExpiresAt !== undefined ? { couponExpiresAt: change.couponExpiresAt } : {}),
            ...(change.orderId !== undefined ? { orderId: change.orderId } : {}),
            // Only `issuing` is tried again: leaving it ends the retries.
            nextAttemptAt: change.to === 'issuing' ? (change.nextAttemptAt ?? change.now) : null,
          })
          .where(and(eq(redemptions.tenantId, change.tenantId), eq(redemptions.id, change.redemptionId), inArray(redemptions.status, change.from)))
          .returning();
        if (!row) return null;
        const details = { ...(change.reason !== undefined ? { reason: change.reason } : {}), ...change.details };
        await tx.orm.insert(outboxEvents).values(redemptionEvent(row, change.event, change.now, details)).onConflictDoNothing();
        return toRedemption(row);
      };
      return handle ? run(handle as Executor) : database.transaction(run);
    },

    async claimDueIssues(now, leaseMs, limit, tenantIds) {
      // SKIP LOCKED: two workers claiming at once take different redemptions.
      const leaseUntil = new Date(now.getTime() + leaseMs);
      const scope = tenantIds ? sql`and tenant_id in ${[...tenantIds, '']}` : sql``;
      return database.query<{ tenantId: string; id: string }>(sql`update redemptions r set next_attempt_at = ${leaseUntil}
        from (select tenant_id, id from redemptions where status = 'issuing' and next_attempt_at <= ${now} ${scope}
              order by next_attempt_at limit ${limit} for update skip locked) due
        where r.tenant_id = due.tenant_id and r.id = due.id
        returning r.tenant_id as "tenantId", r.id`);
    },

    async recordIssueFailure(key, failure) {
      await orm
        .update(redemptions)
        .set({ issueAttempts: failure.attempts, nextAttemptAt: failure.nextAttemptAt, lastError: failure.lastError, updatedAt: failure.now })
        .where(and(eq(redemptions.tenantId, key.tenantId), eq(redemptions.id, key.id), eq(redemptions.status, 'issuing')));
    },

    async expiredCoupons(now, limit, tenantIds) {
      return orm
        .select({ tenantId: redemptions.tenantId, id: redemptions.id })
        .from(redemptions)
        .where(and(
          eq(redemptions.status, 'issued'),
          lte(redemptions.couponExpiresAt, now),
          tenantIds ? inArray(redemptions.tenantId, [...tenantIds, '']) : undefined,
        ))
        .orderBy(redemptions.couponExpiresAt)
        .limit(limit);
    },

    async markUsed(tenantId, uses, now) {
      if (uses.length === 0) return [];
      const byCode = new Map(uses.map((use) => [normalizeCouponCode(use.couponCode), use.orderId]));
      return database.transaction(async (tx) => {
        const marked: Redemption[] = [];
        const rows = await tx.orm
          .select()
          .from(redemptions)
          .where(and(eq(redemptions.tenantId, tenantId), inArray(redemptions.couponCode, [...byCode.keys()]), eq(redemptions.status, 'issued')));
        for (const row of rows) {
          const orderId = byCode.get(row.couponCode ?? '');
          if (orderId === undefined) continue;
          const [used] = await tx.orm
            .update(redemptions)
            .set({ status: 'used', orderId, updatedAt: now })
            .where(and(eq(redemptions.tenantId, tenantId), eq(redemptions.id, row.id), eq(redemptions.status, 'issued')))
            .returning();
          if (!used) continue;
          await tx.orm.insert(outboxEvents).values(redemptionEvent(used, 'redemption.used', now, { orderId, couponCode: used.couponCode })).onConflictDoNothing();
          marked.push(toRedemption(used));
        }
        return marked;
      });
    },

    async get(tenantId, redemptionId) {
      const [row] = await orm.select().from(redemptions).where(and(eq(redemptions.tenantId, tenantId), eq(redemptions.id, redemptionId)));
      return row ? toRedemption(row) : null;
    },

    async byIdempotencyKey(tenantId, idempotencyKey) {
      const [row] = await orm.select().from(redemptions).where(and(eq(redemptions.tenantId, tenantId), eq(redemptions.idempotencyKey, idempotencyKey)));
      return row ? toRedemption(row) : null;
    },

    async list(tenantId, query) {
      const rows = await orm
        .select()
        .from(redemptions)
        .where(and(
          eq(redemptions.tenantId, tenantId),
          query.status === null ? undefined : eq(redemptions.status, query.status),
          query.memberId === null ? undefined : eq(redemptions.memberId, query.memberId),
          query.cursor === null ? undefined : lt(redemptions.id, query.cursor),
        ))
        .orderBy(desc(redemptions.id))
        .limit(query.limit + 1);
      const items = rows.slice(0, query.limit).map(toRedemption);
      return { items, nextCursor: rows.length > query.limit ? (items.at(-1)?.id ?? null) : null };
    },
  };
}
