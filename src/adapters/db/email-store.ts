import { and, desc, eq, inArray, isNull, lt, ne, sql } from 'drizzle-orm';
import type { Email, EmailStatus, EmailStore, PendingEvent, Recipient } from '../../app/email/ports';
import type { Database, Executor } from './database';
import { emails, memberBalances, members, outboxEvents } from './schema';

type EmailRow = typeof emails.$inferSelect;

const toEmail = (row: EmailRow): Email => ({ ...row, status: row.status as EmailStatus });

/** The columns of a raw select of e-mails, named as drizzle names them. */
const EMAIL_COLUMNS = sql.raw(`e.tenant_id as "tenantId", e.id, e.member_id as "memberId", e.type, e.dedupe_key as "dedupeKey",
  e.from_address as "fromAddress", e.to_address as "toAddress", e.language, e.subject, e.html, e.text, e.status, e.attempts,
  e.next_attempt_at as "nextAttemptAt", e.last_error as "lastError", e.smtp_response as "smtpResponse", e.sent_at as "sentAt",
  e.created_at as "createdAt", e.updated_at as "updatedAt"`);

const asDate = (value: Date | string | null) => (value === null ? null : new Date(value));
const fromRaw = (row: EmailRow): Email =>
  toEmail({ ...row, nextAttemptAt: asDate(row.nextAttemptAt), sentAt: asDate(row.sentAt), createdAt: asDate(row.createdAt)!, updatedAt: asDate(row.updatedAt)! });

/**
 * The e-mails whose member was not erased since they were composed. The members' rows are locked
 * (FOR KEY SHARE) until the e-mails are saved; erasing takes FOR UPDATE on the row, so either the
 * erasure waits and then scrubs these e-mails, or this waits and sees the member erased — an
 * address is never saved after its erasure. KEY SHARE does not wait for ordinary updates (imports).
 */
async function leaveOutErased(tx: Executor, composed: Email[]): Promise<Email[]> {
  if (composed.length === 0) return composed;
  const key = (tenantId: string, memberId: string) => `${tenantId} ${memberId}`;
  const keys = JSON.stringify([...new Map(composed.map((email) => [key(email.tenantId, email.memberId), { tenantId: email.tenantId, memberId: email.memberId }])).values()]);
  const erased = await tx.query<{ tenant_id: string; id: string; erased: boolean }>(sql`select m.tenant_id, m.id, m.status = 'erased' as erased
    from members m
    where (m.tenant_id, m.id) in (select k."tenantId", k."memberId" from jsonb_to_recordset(${keys}::jsonb) as k("tenantId" text, "memberId" text))
    for key share of m`);
  const gone = new Set(erased.filter((row) => row.erased).map((row) => key(row.tenant_id, row.id)));
  return gone.size === 0 ? composed : composed.filter((email) => !gone.has(key(email.tenantId, email.memberId)));
}

export function sqlEmailStore(database: Database): EmailStore {
  const { orm } = database;
  return {
    async pendingEvents(limit, tenantIds) {
      const rows = await orm
        .select({
          tenantId: outboxEvents.tenantId, id: outboxEvents.id, type: outboxEvents.type, memberId: outboxEvents.memberId,
          payload: outboxEvents.payload, createdAt: outboxEvents.createdAt,
        })
        .from(outboxEvents)
        .where(and(isNull(outboxEvents.processedAt), tenantIds ? inArray(outboxEvents.tenantId, [...tenantIds, '']) : undefined))
        .orderBy(outboxEvents.createdAt, outboxEvents.id)
        .limit(limit);
      return rows satisfies PendingEvent[];
    },

    async recipients(tenantId, memberIds) {
      if (memberIds.length === 0) return new Map();
      const rows = await orm
        .select({ memberId: members.id, email: members.email, name: members.name, unsubscribedAt: members.unsubscribedAt, available: memberBalances.available })
        .from(members)
        .leftJoin(memberBalances, and(eq(memberBalances.tenantId, members.tenantId), eq(memberBalances.memberId, members.id)))
        // An erased member gets no more e-mails: their events are handled without one.
        .where(and(eq(members.tenantId, tenantId), inArray(members.id, memberIds), ne(members.status, 'erased')));
      return new Map(rows.map((row): [string, Recipient] => [row.memberId, { ...row, available: Number(row.available ?? 0) }]));
    },

    async rewardCrossed(tenantId, above, upTo, now) {
      const [row] = await database.query<{ id: string; name: string; cost: number }>(sql`select id, name, cost::float8 as cost from rewards
        where tenant_id = ${tenantId} and active and available and issue_error is null and cost > ${above} and cost <= ${upTo}
          and (active_from is null or active_from <= ${now}::timestamptz) and (active_until is null or active_until > ${now}::timestamptz)
          and (stock is null or stock > 0)
        order by cost desc, id limit 1`);
      return row ?? null;
    },

    async saveComposed(events, composed, now) {
      await database.transaction(async (tx) => {
        const kept = await leaveOutErased(tx, composed);
        if (kept.length > 0) await tx.orm.insert(emails).values(kept).onConflictDoNothing();
        const byTenant = new Map<string, string[]>();
        for (const event of events) byTenant.set(event.tenantId, [...(byTenant.get(event.tenantId) ?? []), event.id]);
        for (const [tenantId, ids] of byTenant) {
          await tx.orm
            .update(outboxEvents)
            .set({ processedAt: now })
            .where(and(eq(outboxEvents.tenantId, tenantId), inArray(outboxEvents.id, ids), isNull(outboxEvents.processedAt)));
        }
      });
    },

    async claimDue(now, leaseMs, limit, tenantIds) {
      const scope = tenantIds ? sql`and e.tenant_id in ${[...tenantIds, '']}` : sql``;
      const leaseUntil = new Date(now.getTime() + leaseMs);
      // SKIP LOCKED: two workers take different e-mails; only tenants whose integration is active send.
      const rows = await database.query<EmailRow>(sql`with due as (
          select e.tenant_id, e.id from emails e
          join vtex_integrations v on v.tenant_id = e.tenant_id and v.active
          where e.status = 'queued' and e.next_attempt_at <= ${now}::timestamptz ${scope}
          order by e.next_attempt_at, e.id limit ${limit}
          for update of e skip locked
        )
        update emails e set next_attempt_at = ${leaseUntil}::timestamptz from due, members m
        where e.tenant_id = due.tenant_id and e.id = due.id and m.tenant_id = e.tenant_id and m.id = e.member_id
        returning ${EMAIL_COLUMNS}, m.unsubscribed_at is not null as unsubscribed`);
      return rows.map((row) => ({ ...fromRaw(row), unsubscribed: (row as EmailRow & { unsubscribed: boolean }).unsubscribed }));
    },

    async releaseClaims(released, claimedUntil, now) {
      if (released.length === 0) return;
      const keys = JSON.stringify(released.map((email) => ({ tenant_id: email.tenantId, id: email.id })));
      await database.query(sql`update emails e set next_attempt_at = ${now.toISOString()}::timestamptz
        from jsonb_to_recordset(${keys}::jsonb) as k(tenant_id text, id text)
        where e.tenant_id = k.tenant_id and e.id = k.id and e.status = 'queued' and e.next_attempt_at = ${claimedUntil.toISOString()}::timestamptz`);
    },

    async recordAttempts(outcomes) {
      if (outcomes.length === 0) return;
      const rows = outcomes.map((o) => ({
        tenant_id: o.tenantId, id: o.id, status: o.status, attempts: o.attempts, next_attempt_at: o.nextAttemptAt?.toISOString() ?? null,
        last_error: o.lastError, smtp_response: o.smtpResponse, sent_at: o.sentAt?.toISOString() ?? null, updated_at: o.now.toISOString(),
      }));
      await database.query(sql`update emails e set status = o.status, attempts = o.attempts, next_attempt_at = o.next_attempt_at,
          last_error = o.last_error, smtp_response = o.smtp_response, sent_at = o.sent_at, updated_at = o.updated_at
        from jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) as o(tenant_id text, id text, status text, attempts int, next_attempt_at timestamptz,
          last_error text, smtp_response text, sent_at timestamptz, updated_at timestamptz)
        where e.tenant_id = o.tenant_id and e.id = o.id`);
    },

    async get(tenantId, emailId) {
      const [row] = await orm.select().from(emails).where(and(eq(emails.tenantId, tenantId), eq(emails.id, emailId)));
      return row ? toEmail(row) : null;
    },

    async list(tenantId, query) {
      const rows = await orm
        .select()
        .from(emails)
        .where(and(
          eq(emails.tenantId, tenantId),
          query.status === null ? undefined : eq(emails.status, query.status),
          query.memberId === null ? undefined : eq(emails.memberId, query.memberId),
          query.cursor === null ? undefined : lt(emails.id, query.cursor),
        ))
        .orderBy(desc(emails.id))
        .limit(query.limit + 1);
      const items = rows.slice(0, query.limit).map(toEmail);
      return { items, nextCursor: rows.length > query.limit ? (items.at(-1)?.id ?? null) : null };
    },

    async recordExpiringPoints(from, to, now) {
      // One event per member and expiry day, whatever runs it how often.
      const rows = await database.query<{ n: number }>(sql`with expiring as (
          select tenant_id, member_id, (expires_at at time zone 'UTC')::date as day, sum(remaining)::float8 as points, min(expires_at) as expires_at
          from earn_lots where remaining > 0 and expires_at >= ${from}::timestamptz and expires_at < ${to}::timestamptz
          group by tenant_id, member_id, (expires_at at time zone 'UTC')::date
        ),
        saved as (
          insert into outbox_events (tenant_id, id, type, dedupe_key, member_id, payload, created_at)
          select tenant_id, 'evt-points.expiring-' || member_id || '-' || day, 'points.expiring', 'points.expiring:' || member_id || ':' || day,
            member_id, jsonb_build_object('points', points, 'expiresAt', expires_at), ${now}::timestamptz
          from expiring
          on conflict do nothing
          returning 1
        )
        select count(*)::int as n from saved`);
      return rows[0]?.n ?? 0;
    },

    async unsubscribe(tenantId, memberId, now) {
      const [row] = await orm
        .update(members)
        .set({ unsubscribedAt: sql`coalesce(${members.unsubscribedAt}, ${now.toISOString()}::timestamptz)` })
        .where(and(eq(members.tenantId, tenantId), eq(members.id, memberId)))
        .returning({ id: members.id });
      return row !== undefined;
    },
  };
}
