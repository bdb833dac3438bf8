import { and, eq, max, sql } from 'drizzle-orm';
import type { OrderEventStore } from '../../app/ports';
import type { Database, Executor } from './database';
import { orderEvents } from './schema';

export function sqlOrderEventStore(database: Database): OrderEventStore {
  const { orm } = database;
  // The order hook's one write: prepared once (named on PostgreSQL). The unique index on (tenant,
  // order, state, last change) is the deduplication: a repeat inserts nothing and says so.
  const p = sql.placeholder;
  const recordEvent = orm
    .insert(orderEvents)
    .values({
      tenantId: p('tenantId'), id: p('id'), orderId: p('orderId'), state: p('state'), lastState: p('lastState'), lastChange: p('lastChange'),
      currentChange: p('currentChange'), source: p('source'), receivedAt: p('receivedAt'),
    })
    .onConflictDoNothing({ target: [orderEvents.tenantId, orderEvents.orderId, orderEvents.state, orderEvents.lastChange] })
    .returning({ id: orderEvents.id })
    .prepare('pontua_record_order_event');
  return {
    async record(tenantId, event) {
      const inserted = await recordEvent.execute({ tenantId, ...event });
      return inserted.length > 0 ? 'recorded' : 'duplicate';
    },

    async recordMany(tenantId, events) {
      if (events.length === 0) return 0;
      // The page as one JSON parameter: building a 100-row VALUES list cost more CPU than the insert.
      const rows = JSON.stringify(events);
      const [row] = await database.query<{ n: number }>(sql`with inserted as (
          insert into order_events (tenant_id, id, order_id, state, last_state, last_change, current_change, source, received_at)
          select ${tenantId}, e.id, e."orderId", e.state, e."lastState", e."lastChange", e."currentChange", e.source, e."receivedAt"
            from jsonb_to_recordset(${rows}::jsonb) as e(id text, "orderId" text, state text, "lastState" text, "lastChange" text,
              "currentChange" text, source text, "receivedAt" timestamptz)
          on conflict (tenant_id, order_id, state, last_change) do nothing
          returning 1)
        select count(*)::int as n from inserted`);
      return row?.n ?? 0;
    },

    async claim(tenantId, now, limit, lease, busyOrderIds = []) {
      const at = now.toISOString();
      const until = new Date(now.getTime() + lease.leaseMs).toISOString();
      const busy = busyOrderIds.length > 0 ? sql`and e.order_id not in ${[...busyOrderIds]}` : sql``;
      // Claims of one tenant are made one at a time (the advisory lock, held to the commit), so
      // "no other worker holds an event of this order" stays true until this claim is visible.
      // PGlite is one process with one connection: nothing else can claim meanwhile, and a
      // transaction there would hold the connection while the other lane waits on it.
      const claimWith = async (tx: Executor) => {
        if (database.engine === 'postgres') await tx.query(sql`select pg_advisory_xact_lock(hashtext('order_events:' || ${tenantId}))`);
        const rows = await tx.query<{ id: string; order_id: string; state: string; last_change: string; attempts: number; received_at: Date | string }>(sql`
          with held as (
            -- The orders other workers hold now: few (a batch or two each), read once.
            select distinct order_id from order_events
            where tenant_id = ${tenantId} and processed_at is null and claimed_until > ${at}::timestamptz
          ), due as (
            select e.id from order_events e
            where e.tenant_id = ${tenantId} and e.processed_at is null
              and (e.next_attempt_at is null or e.next_attempt_at <= ${at}::timestamptz)
              and (e.claimed_until is null or e.claimed_until <= ${at}::timestamptz)
              ${busy}
              and e.order_id not in (select order_id from held)
            order by e.received_at, e.id
            limit ${limit}
          )
          update order_events e set claimed_by = ${lease.owner}, claimed_until = ${until}::timestamptz
          from due where e.tenant_id = ${tenantId} and e.id = due.id
          returning e.id, e.order_id, e.state, e.last_change, e.attempts, e.received_at`);
        const key = (row: { received_at: Date | string; id: string }) => `${new Date(row.received_at).toISOString()} ${row.id}`;
        return rows
          .sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0))
          .map((row) => ({ id: row.id, orderId: row.order_id, state: row.state, lastChange: row.last_change, attempts: row.attempts }));
      };
      return database.engine === 'postgres' ? database.transaction(claimWith) : claimWith(database);
    },

    async releaseClaims(tenantId, eventIds, owner) {
      if (eventIds.length === 0) return;
      await database.query(sql`update order_events set claimed_by = null, claimed_until = null
        where tenant_id = ${tenantId} and id in ${[...eventIds]} and claimed_by = ${owner} and processed_at is null`);
    },

    async settleMany(tenantId, settled, now) {
      if (settled.length === 0) return;
      const rows = sql.join(settled.map(({ eventId, outcome }) => sql`(${eventId}, ${outcome})`), sql`, `);
      await database.query(sql`update order_events e
        set processed_at = ${now.toISOString()}::timestamptz, outcome = s.outcome, attempts = e.attempts + 1
        from (values ${rows}) as s(id, outcome)
        where e.tenant_id = ${tenantId} and e.id = s.id`);
    },

    async fail(tenantId, eventId, error, retryAt, now) {
      await orm
        .update(orderEvents)
        .set({
          lastError: error.slice(0, 1000),
          attempts: sql`${orderEvents.attempts} + 1`,
          claimedBy: null,
          claimedUntil: null,
          nextAttemptAt: retryAt,
          ...(retryAt === null ? { processedAt: now, outcome: 'failed' } : {}),
        })
        .where(and(eq(orderEvents.tenantId, tenantId), eq(orderEvents.id, eventId)));
    },

    async retryFailed(tenantId, now) {
      const retried = await orm
        .update(orderEvents)
        .set({ processedAt: null, outcome: null, attempts: 0, nextAttemptAt: now })
        .where(and(eq(orderEvents.tenantId, tenantId), eq(orderEvents.outcome, 'failed')))
        .returning({ id: orderEvents.id });
      return retried.length;
    },

    async counts(tenantId) {
      const [row] = await database.query<{
        pending: number;
        retrying: number;
        settled: number;
        failed: number;
        last_hook_at: string | Date | null;
        last_settled_at: string | Date | null;
        last_error: { orderId: string; error: string; at: string } | null;
      }>(sql`select
          count(*) filter (where processed_at is null and attempts = 0)::int as pending,
          count(*) filter (where processed_at is null and attempts > 0)::int as retrying,
          count(*) filter (where processed_at is not null and outcome is distinct from 'failed')::int as settled,
          count(*) filter (where outcome = 'failed')::int as failed,
          max(received_at) filter (where source = 'hook') as last_hook_at,
          max(processed_at) as last_settled_at,
          (select json_build_object('orderId', e.order_id, 'error', e.last_error, 'at', coalesce(e.processed_at, e.received_at))
             from order_events e where e.tenant_id = ${tenantId} and e.last_error is not null
             order by coalesce(e.processed_at, e.received_at) desc limit 1) as last_error
        from order_events where tenant_id = ${tenantId}`);
      const date = (value: string | Date | null) => (value === null ? null : new Date(value));
      return {
        pending: row?.pending ?? 0,
        retrying: row?.retrying ?? 0,
        settled: row?.settled ?? 0,
        failed: row?.failed ?? 0,
        lastHookAt: date(row?.last_hook_at ?? null),
        lastSettledAt: date(row?.last_settled_at ?? null),
        lastError: row?.last_error ? { ...row.last_error, at: new Date(row.last_error.at) } : null,
      };
    },

    async lastHookAt(tenantId) {
      const [row] = await orm
        .select({ at: max(orderEvents.receivedAt) })
        .from(orderEvents)
        .where(and(eq(orderEvents.tenantId, tenantId), eq(orderEvents.source, 'hook')));
      return row?.at ?? null;
    },
  };
}
