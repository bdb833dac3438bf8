// The audit's reads of a tenant's ledger, in one read-only snapshot so that balances, postings and
// lots are compared as of one instant while the jobs keep writing. Each read is one aggregate
// statement over the tenant's rows; only what disagrees comes back for members and accounts.
import { sql } from 'drizzle-orm';
import type { LedgerAuditStore, LedgerSnapshot, OrderEarnRow } from '../../app/audit/ports';
import type { MemberLedgerSums } from '../../domain/order-audit';
import type { Database, Executor } from './database';

const toDate = (value: string | Date) => (value instanceof Date ? value : new Date(value));

interface EarnRow {
  id: string;
  order_id: string;
  member_id: string;
  member_erased: boolean | null;
  points: number;
  created_at: string | Date;
  rate: string | null;
  include_shipping: unknown;
  eligible_cents: unknown;
  scored_status: string | null;
  due_at: string | null;
  reversed: number;
  matured: number;
  record_member_id: string | null;
  record_points: number | null;
  record_status: string | null;
  record_due_at: string | Date | null;
  record_reversed: number | null;
}

const numberOrNull = (value: unknown) => (typeof value === 'number' && Number.isSafeInteger(value) ? value : null);

function earnFromRow(row: EarnRow): OrderEarnRow {
  const dueAt = row.due_at === null ? null : new Date(row.due_at);
  return {
    orderId: row.order_id,
    earnId: row.id,
    memberId: row.member_id,
    memberErased: row.member_erased === true,
    points: row.points,
    reversedPoints: row.reversed,
    matured: row.matured > 0,
    dueAt: dueAt && !Number.isNaN(dueAt.getTime()) ? dueAt : null,
    earnedAt: toDate(row.created_at),
    rate: row.rate,
    // The order job records the flag as 1/0 (metadata values are strings or numbers).
    includeShipping: row.include_shipping === 1 || row.include_shipping === true ? true : row.include_shipping === 0 || row.include_shipping === false ? false : null,
    eligibleCents: numberOrNull(row.eligible_cents),
    scoredStatus: row.scored_status,
    record:
      row.record_member_id === null
        ? null
        : {
            memberId: row.record_member_id,
            points: row.record_points ?? 0,
            status: row.record_status ?? '',
            dueAt: row.record_due_at === null ? new Date(Number.NaN) : toDate(row.record_due_at),
            reversedPoints: row.record_reversed ?? 0,
          },
  };
}

/** A reversal meant to take its points plus what the member had already spent (its shortfall). */
const SHORTFALL = sql.raw(`case when jsonb_typeof(t.metadata->'shortfall') = 'number' then (t.metadata->>'shortfall')::bigint else 0 end`);

async function orderEarns(exec: Executor, tenantId: string): Promise<OrderEarnRow[]> {
  const rows = await exec.query<EarnRow>(sql`with followups as (
      select t.metadata->>'earningId' as earning_id,
        coalesce(sum(t.points + ${SHORTFALL}) filter (where t.kind = 'reverse'), 0)::bigint as reversed,
        (count(*) filter (where t.kind = 'mature'))::int as matured
      from ledger_transactions t
      where t.tenant_id = ${tenantId} and t.kind in ('reverse', 'mature') and t.reference like 'order:%'
      group by 1
    )
    select e.id, substr(e.reference, 7) as order_id, e.member_id, m.status = 'erased' as member_erased, e.points, e.created_at,
      e.metadata->>'rate' as rate, e.metadata->'includeShipping' as include_shipping, e.metadata->'eligibleCents' as eligible_cents,
      e.metadata->>'status' as scored_status, e.metadata->>'dueAt' as due_at,
      coalesce(f.reversed, 0)::bigint as reversed, coalesce(f.matured, 0)::int as matured,
      w.member_id as record_member_id, w.points as record_points, w.status as record_status, w.due_at as record_due_at,
      w.reversed_points as record_reversed
    from ledger_transactions e
    left join followups f on f.earning_id = e.id
    left join earnings w on w.tenant_id = e.tenant_id and w.id = e.id
    left join members m on m.tenant_id = e.tenant_id and m.id = e.member_id
    where e.tenant_id = ${tenantId} and e.kind = 'earn' and e.reference like 'order:%'
    order by e.id`);
  return rows.map(earnFromRow);
}

interface SumsRow {
  member_id: string;
  has_row: boolean;
  pending: number | null;
  available: number | null;
  held: number | null;
  posted_pending: number;
  posted_available: number;
  posted_held: number;
  lots: number;
}

/** Members whose balances row, postings and lots disagree; postings are the ledger's truth. */
async function memberSums(exec: Executor, tenantId: string): Promise<MemberLedgerSums[]> {
  const rows = await exec.query<SumsRow>(sql`with posted as (
      select split_part(p.account, ':', 2) as member_id,
        coalesce(sum(p.amount) filter (where split_part(p.account, ':', 3) = 'pending'), 0)::bigint as pending,
        coalesce(sum(p.amount) filter (where split_part(p.account, ':', 3) = 'available'), 0)::bigint as available,
        coalesce(sum(p.amount) filter (where split_part(p.account, ':', 3) = 'held'), 0)::bigint as held
      from ledger_postings p
      where p.tenant_id = ${tenantId} and p.account like 'member:%'
      group by 1
    ), lots as (
      select l.member_id, sum(l.remaining)::bigint as remaining from earn_lots l where l.tenant_id = ${tenantId} group by l.member_id
    ), balances as (
      select b.member_id, b.pending, b.available, b.held from member_balances b where b.tenant_id = ${tenantId}
    ), sums as (
      select coalesce(b.member_id, p.member_id) as member_id, b.member_id is not null as has_row, b.pending, b.available, b.held,
        coalesce(p.pending, 0)::bigint as posted_pending, coalesce(p.available, 0)::bigint as posted_available,
        coalesce(p.held, 0)::bigint as posted_held
      from balances b full join posted p on p.member_id = b.member_id
    )
    select coalesce(s.member_id, l.member_id) as member_id, coalesce(s.has_row, false) as has_row, s.pending, s.available, s.held,
      coalesce(s.posted_pending, 0)::bigint as posted_pending, coalesce(s.posted_available, 0)::bigint as posted_available,
      coalesce(s.posted_held, 0)::bigint as posted_held, coalesce(l.remaining, 0)::bigint as lots
    from sums s full join lots l on l.member_id = s.member_id
    where s.member_id is null or not s.has_row
      or s.pending <> s.posted_pending or s.available <> s.posted_available or s.held <> s.posted_held
      or s.posted_pending < 0 or s.posted_available < 0 or s.posted_held < 0
      or coalesce(l.remaining, 0) <> s.posted_available`);
  return rows.map((row) => ({
    memberId: row.member_id,
    balances: row.has_row ? { pending: row.pending ?? 0, available: row.available ?? 0, held: row.held ?? 0 } : null,
    postings: { pending: row.posted_pending, available: row.posted_available, held: row.posted_held },
    lotsRemaining: row.lots,
  }));
}

async function read(exec: Executor, tenantId: string): Promise<LedgerSnapshot> {
  const earns = await orderEarns(exec, tenantId);
  const orphanEarnings = await exec.query<{ earningId: string; orderId: string; memberId: string; points: number }>(sql`select w.id as "earningId",
      substr(w.reference, 7) as "orderId", w.member_id as "memberId", w.points
    from earnings w
    where w.tenant_id = ${tenantId} and w.reference like 'order:%'
      and not exists (select 1 from ledger_transactions t where t.tenant_id = w.tenant_id and t.id = w.id and t.kind = 'earn')
    order by w.id`);
  const [members] = await exec.query<{ n: number }>(sql`select count(*)::int as n from member_balances where tenant_id = ${tenantId}`);
  const sums = await memberSums(exec, tenantId);
  const unbalancedTransactions = await exec.query<{ transactionId: string; memberId: string | null; sum: number }>(sql`select
      p.transaction_id as "transactionId", min(t.member_id) as "memberId", sum(p.amount)::bigint as sum
    from ledger_postings p
    left join ledger_transactions t on t.tenant_id = p.tenant_id and t.id = p.transaction_id
    where p.tenant_id = ${tenantId}
    group by p.transaction_id
    having sum(p.amount) <> 0
    order by p.transaction_id`);
  const tenantAccounts = await exec.query<{ account: string; balance: number; postings: number }>(sql`with kept as (
      select account, sum(balance)::bigint as total from tenant_account_balances where tenant_id = ${tenantId} group by account
    ), posted as (
      select substr(account, 8) as account, sum(amount)::bigint as total from ledger_postings
      where tenant_id = ${tenantId} and account like 'tenant:%' group by 1
    )
    select coalesce(k.account, p.account) as account, coalesce(k.total, 0)::bigint as balance, coalesce(p.total, 0)::bigint as postings
    from kept k full join posted p on p.account = k.account
    where coalesce(k.total, 0) <> coalesce(p.total, 0)
    order by 1`);
  const open = await exec.query<{ order_id: string }>(sql`select distinct order_id from order_events
    where tenant_id = ${tenantId} and processed_at is null`);
  return {
    orderEarns: earns,
    orphanEarnings,
    membersChecked: members?.n ?? 0,
    memberSums: sums,
    unbalancedTransactions,
    tenantAccounts,
    ordersWithOpenEvents: new Set(open.map((row) => row.order_id)),
  };
}

export function sqlLedgerAuditStore(database: Database): LedgerAuditStore {
  return {
    snapshot: (tenantId) =>
      database.transaction(async (tx) => {
        // First statement of the transaction: every read below sees the same committed state.
        await tx.query(sql`set transaction isolation level repeatable read, read only`);
        return read(tx, tenantId);
      }),
  };
}
