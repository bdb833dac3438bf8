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

/** The columns of a raw select, named as drizzle names them, typed as both engines return them. */
const REDEMPTION_COLUMNS = sql.raw(`tenant_id as "tenantId", id, member_id as "memberId", reward_id as "rewardId", status, cost::float8 as cost,
  idempotency_key as "idempotencyKey", reward, coupon_code as "couponCode", coupon_expires_at as "couponExpiresAt", reason,
  order_id as "orderId", issue_attempts as "issueAttempts", next_attempt_at as "nextAttemptAt", last_error as "lastError",
  created_at as "createdAt", updated_at as "updatedAt"`);

const asDate = (value: Date | string | null) => (value === null ? null : new Date(value));

function fromRow(row: RedemptionRow): Redemption {
  return toRedemption({
    ...row,
    couponExpiresAt: asDate(row.couponExpiresAt),
    nextAttemptAt: asDate(row.nextAttemptAt),
    createdAt: asDate(row.createdAt)!,
    updatedAt: asDate(row.updatedAt)!,
  });
}

const toEventRecord = (event: typeof outboxEvents.$inferInsert) => ({
  tenant_id: event.tenantId, id: event.id, type: event.type, dedupe_key: event.dedupeKey, member_id: event.memberId ?? null, payload: event.payload,
  created_at: (event.createdAt ?? new Date()).toISOString(),
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
      // One statement: the reward taken (its stock, when it has one), the redemption and its
      // outbox events. It runs last in the ledger's transaction, so the reward's row lock — which
      // orders concurrent redemptions of a reward with stock — is held only until the commit that
      // follows; a reward without stock is only read, so its redemptions never wait for each other.
      const types = ['redemption.requested', ...(redemption.status === 'pending_approval' ? ['redemption.pending_approval'] : [])];
      const events = types.map((type) => redemptionEvent(redemption, type, redemption.createdAt, { cost: redemption.cost }));
      const { tenantId, rewardId } = redemption;
      const take = (stocked: boolean) => (stocked
        ? sql`update rewards set stock = stock - 1 where tenant_id = ${tenantId} and id = ${rewardId} and active and (stock is null or stock > 0) returning id`
        : sql`select id from rewards where tenant_id = ${tenantId} and id = ${rewardId} and active and stock is null`);
      const reserveWith = (stocked: boolean) => tx.query<{ saved: number }>(sql`with taken as (${take(stocked)}),
        saved as (
          insert into redemptions (tenant_id, id, member_id, reward_id, status, cost, idempotency_key, reward, coupon_code, issue_attempts, next_attempt_at, created_at, updated_at)
          select ${tenantId}, ${redemption.id}, ${redemption.memberId}, ${rewardId}, ${redemption.status}, ${redemption.cost}, ${redemption.idempotencyKey},
            ${JSON.stringify(redemption.reward)}::jsonb, ${redemption.couponCode}, ${redemption.issueAttempts}, ${redemption.nextAttemptAt}::timestamptz,
            ${redemption.createdAt}::timestamptz, ${redemption.updatedAt}::timestamptz
          from taken returning id
        ),
        events as (
          insert into outbox_events (tenant_id, id, type, dedupe_key, member_id, payload, created_at)
          select e.tenant_id, e.id, e.type, e.dedupe_key, e.member_id, e.payload, e.created_at
          from jsonb_to_recordset(${JSON.stringify(events.map(toEventRecord))}::jsonb)
            as e(tenant_id text, id text, type text, dedupe_key text, member_id text, payload jsonb, created_at timestamptz)
          where exists (select 1 from saved)
          on conflict do nothing
        )
        select count(*)::int as saved from saved`);
      let [result] = await reserveWith(rules.stocked);
      // Also when the merchant gave the reward a stock since it was read.
      if (!rules.stocked && result?.saved === 0) [result] = await reserveWith(true);
      if (result?.saved !== 1) {
        const [reward] = await tx.query<{ active: boolean; stock: number | null }>(sql`select active, stock from rewards
          where tenant_id = ${redemption.tenantId} and id = ${redemption.rewardId}`);
        if (reward?.active && reward.stock !== null && reward.stock <= 0) throw new DomainError('OUT_OF_STOCK', 'the reward is out of stock');
        throw new DomainError('REWARD_UNAVAILABLE', 'the reward is not available');
      }
    },

    async transition(handle, change) {
      // One statement: the move, conditional on the current status, and its outbox event.
      const details = { ...(change.reason !== undefined ? { reason: change.reason } : {}), ...change.details };
      const event = redemptionEvent({ tenantId: change.tenantId, id: change.redemptionId, memberId: '', rewardId: '' }, change.event, change.now, details);
      const keep = <T>(value: T | undefined, column: string) => (value === undefined ? sql.raw(column) : sql`${value}`);
      // Only `issuing` is tried again: leaving it ends the retries.
      const nextAttemptAt = change.to === 'issuing' ? (change.nextAttemptAt ?? change.now) : null;
      const executor = handle ? (handle as Executor) : database;
      const [row] = await executor.query<RedemptionRow>(sql`with moved as (
          update redemptions set status = ${change.to}, updated_at = ${change.now}::timestamptz,
            reason = ${keep(change.reason, 'reason')}, coupon_expires_at = ${keep(change.couponExpiresAt, 'coupon_expires_at')}::timestamptz,
            order_id = ${keep(change.orderId, 'order_id')}, next_attempt_at = ${nextAttemptAt}::timestamptz
          where tenant_id = ${change.tenantId} and id = ${change.redemptionId}
            and status in (${sql.join(change.from.map((status) => sql`${status}`), sql`, `)})
          returning *
        ),
        events as (
          insert into outbox_events (tenant_id, id, type, dedupe_key, member_id, payload, created_at)
          select tenant_id, ${event.id}, ${event.type}, ${event.dedupeKey}, member_id,
            jsonb_build_object('redemptionId', id, 'rewardId', reward_id) || ${JSON.stringify(details)}::jsonb, ${change.now}::timestamptz
          from moved
          on conflict do nothing
        )
        select ${REDEMPTION_COLUMNS} from moved`);
      return row ? fromRow(row) : null;
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

    async releaseIssueClaims(keys, claimedUntil, now) {
      if (keys.length === 0) return;
      const rows = JSON.stringify(keys.map((key) => ({ tenant_id: key.tenantId, id: key.id })));
      await database.query(sql`update redemptions r set next_attempt_at = ${now}::timestamptz
        from jsonb_to_recordset(${rows}::jsonb) as k(tenant_id text, id text)
        where r.tenant_id = k.tenant_id and r.id = k.id and r.status = 'issuing' and r.next_attempt_at = ${claimedUntil}::timestamptz`);
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
