// The ledger on SQL. A command costs two statements inside its transaction: one that locks the
// member's balance row and reads everything the decision needs (including an earlier transaction
// under the same idempotency key), and one that writes the whole effect with data-modifying CTEs.
import { sql, type SQL } from 'drizzle-orm';
import type { Earning, Hold, LedgerEntry } from '../../domain/ledger/commands';
import type { Lot } from '../../domain/ledger/lots';
import type { Posting } from '../../domain/ledger/accounts';
import {
  IdempotencyKeyTaken,
  type BalanceView,
  type HistoryPage,
  type LedgerSession,
  type LedgerStore,
  type LockedMember,
  type LockNeeds,
  type NewTransaction,
  type StoredTransaction,
  type TransactionView,
} from '../../app/ports';
import type { Database, Executor } from './database';

/** Tenant accounts are spread over this many rows (see tenant_account_balances). */
export const TENANT_ACCOUNT_SLOTS = 8;

function slotOf(memberId: string): number {
  let hash = 0;
  for (let i = 0; i < memberId.length; i++) hash = (hash * 31 + memberId.charCodeAt(i)) | 0;
  return Math.abs(hash) % TENANT_ACCOUNT_SLOTS;
}

const toDate = (value: string | Date) => (value instanceof Date ? value : new Date(value));
const toDateOrNull = (value: string | Date | null) => (value === null ? null : toDate(value));

interface LotJson {
  id: string;
  amount: number;
  remaining: number;
  expires_at: string | null;
  created_at: string;
}
interface EarningJson {
  id: string;
  member_id: string;
  reference: string;
  points: number;
  due_at: string;
  status: Earning['status'];
  matured_points: number;
  reversed_points: number;
  shortfall_points: number;
  lot_id: string | null;
}
interface HoldJson {
  id: string;
  member_id: string;
  points: number;
  status: Hold['status'];
  allocations: { lotId: string; points: number; expiresAt: string | null }[];
}

const lotFromJson = (row: LotJson): Lot => ({
  id: row.id,
  amount: row.amount,
  remaining: row.remaining,
  expiresAt: toDateOrNull(row.expires_at),
  createdAt: toDate(row.created_at),
});

const LOT_JSON = sql`json_build_object('id', l.id, 'amount', l.amount, 'remaining', l.remaining,
  'expires_at', l.expires_at, 'created_at', l.created_at)`;

interface TransactionRow {
  id: string;
  kind: TransactionView['kind'];
  member_id: string;
  reference: string;
  points: number;
  metadata: Record<string, unknown>;
  created_at: string | Date;
  postings: Posting[] | null;
}

const TRANSACTION_COLUMNS = sql`t.id, t.kind, t.member_id, t.reference, t.points, t.metadata, t.created_at,
  (select json_agg(json_build_object('account', p.account, 'amount', p.amount) order by p.line)
     from ledger_postings p where p.tenant_id = t.tenant_id and p.transaction_id = t.id) as postings`;

const transactionFromRow = (row: TransactionRow): TransactionView => ({
  id: row.id,
  kind: row.kind,
  memberId: row.member_id,
  reference: row.reference,
  points: row.points,
  metadata: row.metadata,
  postings: row.postings ?? [],
  createdAt: toDate(row.created_at),
});

const timestamp = (value: Date | null) => (value === null ? sql`null::timestamptz` : sql`${value.toISOString()}::timestamptz`);
const points = (value: number) => sql`${value}::bigint`;
const text = (value: string | null) => sql`${value}::text`;

/**
 * One statement that writes a whole ledger entry. The transaction row goes in first with
 * ON CONFLICT DO NOTHING on the idempotency key and only if the member exists; every other write
 * happens only if that row went in. So the statement is safe on its own, without a lock, for
 * commands whose decision does not depend on the balance (earn), and answers `recorded: false`
 * when the key was taken first.
 */
function writeStatement(tenantId: string, tx: NewTransaction, entry: LedgerEntry): SQL {
  const ctes: SQL[] = [];
  const { effects } = entry;
  const inserted = sql`exists (select 1 from tx)`;
  ctes.push(sql`tx as (insert into ledger_transactions
      (tenant_id, id, member_id, kind, reference, points, idempotency_key, input_hash, metadata, created_at)
    select ${text(tenantId)}, ${text(tx.id)}, ${text(entry.memberId)}, ${text(entry.kind)}, ${text(entry.reference)},
      ${points(entry.points)}, ${text(tx.idempotencyKey)}, ${text(tx.inputHash)}, ${JSON.stringify(entry.metadata)}::jsonb,
      ${timestamp(tx.createdAt)}
    where exists (select 1 from member_balances where tenant_id = ${tenantId} and member_id = ${entry.memberId})
    on conflict (tenant_id, idempotency_key) do nothing
    returning id)`);
  if (effects.postings.length > 0) {
    const rows = effects.postings.map(
      (posting, line) => sql`(${text(tenantId)}, ${text(tx.id)}, ${line}::smallint, ${text(posting.account)}, ${points(posting.amount)})`,
    );
    ctes.push(sql`postings as (insert into ledger_postings (tenant_id, transaction_id, line, account, amount)
      select * from (values ${sql.join(rows, sql`, `)}) v where ${inserted})`);
  }
  const m = effects.member;
  if (m.pending !== 0 || m.available !== 0 || m.held !== 0 || entry.lifetimeEarnedDelta !== 0) {
    ctes.push(sql`balances as (update member_balances set
        pending = pending + ${points(m.pending)}, available = available + ${points(m.available)},
        held = held + ${points(m.held)}, lifetime_earned = lifetime_earned + ${points(entry.lifetimeEarnedDelta)}
      where tenant_id = ${tenantId} and member_id = ${entry.memberId} and ${inserted})`);
  }
  const tenantRows = Object.entries(effects.tenant)
    .filter(([, amount]) => amount !== 0)
    .map(([account, amount]) => sql`(${text(tenantId)}, ${text(account)}, ${slotOf(entry.memberId)}::smallint, ${points(amount)})`);
  if (tenantRows.length > 0) {
    ctes.push(sql`tenant_balances as (insert into tenant_account_balances (tenant_id, account, slot, balance)
      select * from (values ${sql.join(tenantRows, sql`, `)}) v where ${inserted}
      on conflict (tenant_id, account, slot) do update set balance = tenant_account_balances.balance + excluded.balance)`);
  }
  if (entry.newLot) {
    const lot = entry.newLot;
    ctes.push(sql`new_lot as (insert into earn_lots
        (tenant_id, id, member_id, transaction_id, earning_id, amount, remaining, expires_at, created_at)
      select ${text(tenantId)}, ${text(lot.id)}, ${text(entry.memberId)}, ${text(tx.id)}, ${text(lot.earningId)},
        ${points(lot.amount)}, ${points(lot.amount)}, ${timestamp(lot.expiresAt)}, ${timestamp(tx.createdAt)}
      where ${inserted})`);
  }
  if (entry.lotChanges.length > 0) {
    const rows = entry.lotChanges.map(({ lotId, delta }) => sql`(${text(lotId)}, ${points(delta)})`);
    ctes.push(sql`lot_changes as (update earn_lots l set remaining = l.remaining + v.delta
      from (values ${sql.join(rows, sql`, `)}) as v(id, delta)
      where l.tenant_id = ${tenantId} and l.id = v.id and ${inserted})`);
  }
  if (entry.earning) {
    const e = entry.earning.value;
    ctes.push(
      entry.earning.op === 'insert'
        ? sql`earning as (insert into earnings (tenant_id, id, member_id, reference, points, due_at, status, created_at, updated_at)
            select ${text(tenantId)}, ${text(e.id)}, ${text(e.memberId)}, ${text(e.reference)}, ${points(e.points)},
              ${timestamp(e.dueAt)}, ${text(e.status)}, ${timestamp(tx.createdAt)}, ${timestamp(tx.createdAt)}
            where ${inserted})`
        : sql`earning as (update earnings set status = ${e.status}, matured_points = ${points(e.maturedPoints)},
              reversed_points = ${points(e.reversedPoints)}, shortfall_points = ${points(e.shortfallPoints)}, lot_id = ${text(e.lotId)},
              updated_at = ${timestamp(tx.createdAt)}
            where tenant_id = ${tenantId} and id = ${e.id} and ${inserted})`,
    );
  }
  if (entry.hold) {
    const h = entry.hold.value;
    ctes.push(
      entry.hold.op === 'insert'
        ? sql`hold as (insert into holds (tenant_id, id, member_id, points, status, allocations, created_at, updated_at)
            select ${text(tenantId)}, ${text(h.id)}, ${text(h.memberId)}, ${points(h.points)}, ${text(h.status)},
              ${JSON.stringify(h.allocations)}::jsonb, ${timestamp(tx.createdAt)}, ${timestamp(tx.createdAt)}
            where ${inserted})`
        : sql`hold as (update holds set status = ${h.status}, updated_at = ${timestamp(tx.createdAt)}
            where tenant_id = ${tenantId} and id = ${h.id} and ${inserted})`,
    );
  }
  return sql`with ${sql.join(ctes, sql`, `)} select (select count(*) from tx)::int as recorded`;
}

async function recordEntry(exec: Executor, tenantId: string, transaction: NewTransaction, entry: LedgerEntry): Promise<TransactionView | null> {
  const [row] = await exec.query<{ recorded: number }>(writeStatement(tenantId, transaction, entry));
  if (!row || row.recorded === 0) return null;
  return {
    id: transaction.id,
    kind: entry.kind,
    memberId: entry.memberId,
    reference: entry.reference,
    points: entry.points,
    metadata: entry.metadata,
    postings: entry.effects.postings,
    createdAt: transaction.createdAt,
  };
}

async function transactionByKey(exec: Executor, tenantId: string, idempotencyKey: string): Promise<StoredTransaction | null> {
  const [row] = await exec.query<TransactionRow & { input_hash: string }>(sql`select ${TRANSACTION_COLUMNS}, t.input_hash
    from ledger_transactions t where t.tenant_id = ${tenantId} and t.idempotency_key = ${idempotencyKey}`);
  return row ? { transaction: transactionFromRow(row), inputHash: row.input_hash } : null;
}

function session(exec: Executor): LedgerSession {
  return {
    async lockMember(tenantId: string, memberId: string, idempotencyKey: string, needs: LockNeeds) {
      const lots = needs.lots
        ? sql`(select coalesce(json_agg(${LOT_JSON}), '[]'::json) from earn_lots l
             where l.tenant_id = b.tenant_id and l.member_id = b.member_id and l.remaining > 0)`
        : sql`'[]'::json`;
      const earning = needs.earningId
        ? sql`(select row_to_json(e) from earnings e where e.tenant_id = b.tenant_id and e.id = ${needs.earningId}
             and e.member_id = b.member_id)`
        : sql`null::json`;
      const hold = needs.holdId
        ? sql`(select row_to_json(h) from holds h where h.tenant_id = b.tenant_id and h.id = ${needs.holdId}
             and h.member_id = b.member_id)`
        : sql`null::json`;
      const lot = needs.lotId
        ? sql`(select ${LOT_JSON} from earn_lots l where l.tenant_id = b.tenant_id and l.id = ${needs.lotId}
             and l.member_id = b.member_id)`
        : sql`null::json`;
      const [row] = await exec.query<{
        pending: number;
        available: number;
        held: number;
        lifetime_earned: number;
        status: 'active' | 'blocked';
        points_expiry_days: number | null;
        existing: { id: string; inputHash: string } | null;
        lots: LotJson[];
        earning: EarningJson | null;
        hold: HoldJson | null;
        lot: LotJson | null;
      }>(sql`select b.pending, b.available, b.held, b.lifetime_earned, m.status, t.points_expiry_days,
          (select json_build_object('id', x.id, 'inputHash', x.input_hash) from ledger_transactions x
             where x.tenant_id = b.tenant_id and x.idempotency_key = ${idempotencyKey}) as existing,
          ${lots} as lots, ${earning} as earning, ${hold} as hold, ${lot} as lot
        from member_balances b
        join members m on m.tenant_id = b.tenant_id and m.id = b.member_id
        join tenants t on t.id = b.tenant_id
        where b.tenant_id = ${tenantId} and b.member_id = ${memberId}
        for update of b`);
      if (!row) return null;
      const e = row.earning;
      const h = row.hold;
      const locked: LockedMember = {
        state: {
          memberId,
          status: row.status,
          balance: { pending: row.pending, available: row.available, held: row.held, lifetimeEarned: row.lifetime_earned },
          lots: row.lots.map(lotFromJson),
        },
        pointsExpiryDays: row.points_expiry_days,
        existing: row.existing,
        earning: e && {
          id: e.id,
          memberId: e.member_id,
          reference: e.reference,
          points: e.points,
          dueAt: toDate(e.due_at),
          status: e.status,
          maturedPoints: e.matured_points,
          reversedPoints: e.reversed_points,
          shortfallPoints: e.shortfall_points,
          lotId: e.lot_id,
        },
        hold: h && {
          id: h.id,
          memberId: h.member_id,
          points: h.points,
          status: h.status,
          allocations: h.allocations.map((a) => ({ ...a, expiresAt: toDateOrNull(a.expiresAt) })),
        },
        lot: row.lot && lotFromJson(row.lot),
      };
      return locked;
    },

    async record(tenantId: string, transaction: NewTransaction, entry: LedgerEntry): Promise<TransactionView> {
      // Under the member's lock only another member's command can have taken the key.
      const recorded = await recordEntry(exec, tenantId, transaction, entry);
      if (!recorded) throw new IdempotencyKeyTaken(transaction.idempotencyKey);
      return recorded;
    },

    transactionByKey: (tenantId: string, idempotencyKey: string) => transactionByKey(exec, tenantId, idempotencyKey),
  };
}

const encodeCursor = (id: string) => Buffer.from(id, 'utf8').toString('base64url');
const decodeCursor = (cursor: string) => Buffer.from(cursor, 'base64url').toString('utf8');

export function sqlLedgerStore(database: Database): LedgerStore {
  return {
    inTransaction: (work) => database.transaction((tx) => work(session(tx))),

    recordIfNew: (tenantId, transaction, entry) => recordEntry(database, tenantId, transaction, entry),

    transactionByKey: (tenantId, idempotencyKey) => transactionByKey(database, tenantId, idempotencyKey),

    async ownerOf(tenantId, record) {
      const statement =
        'earningId' in record
          ? sql`select member_id from earnings where tenant_id = ${tenantId} and id = ${record.earningId}`
          : 'holdId' in record
            ? sql`select member_id from holds where tenant_id = ${tenantId} and id = ${record.holdId}`
            : sql`select member_id from earn_lots where tenant_id = ${tenantId} and id = ${record.lotId}`;
      const [row] = await database.query<{ member_id: string }>(statement);
      return row?.member_id ?? null;
    },

    async balance(tenantId, memberId): Promise<BalanceView | null> {
      // The next expiry is the earliest expiring lot's calendar day in the tenant's time zone, with
      // everything that expires that day.
      const [row] = await database.query<{
        pending: number;
        available: number;
        held: number;
        lifetime_earned: number;
        next_expiry_date: string | null;
        next_expiry_points: number | null;
      }>(sql`select b.pending, b.available, b.held, b.lifetime_earned, x.day::text as next_expiry_date, x.points as next_expiry_points
        from member_balances b
        join tenants t on t.id = b.tenant_id
        left join lateral (
          select (l.expires_at at time zone t.timezone)::date as day, sum(l.remaining)::bigint as points
          from earn_lots l
          where l.tenant_id = b.tenant_id and l.member_id = b.member_id and l.remaining > 0 and l.expires_at is not null
          group by 1 order by 1 limit 1
        ) x on true
        where b.tenant_id = ${tenantId} and b.member_id = ${memberId}`);
      if (!row) return null;
      return {
        available: row.available,
        pending: row.pending,
        held: row.held,
        lifetimeEarned: row.lifetime_earned,
        nextExpiry:
          row.next_expiry_date === null ? null : { date: row.next_expiry_date, points: row.next_expiry_points ?? 0 },
      };
    },

    async history(tenantId, memberId, page): Promise<HistoryPage> {
      const after = page.cursor === null ? sql`` : sql`and t.id < ${decodeCursor(page.cursor)}`;
      const rows = await database.query<TransactionRow>(sql`select ${TRANSACTION_COLUMNS} from ledger_transactions t
        where t.tenant_id = ${tenantId} and t.member_id = ${memberId} ${after}
        order by t.id desc limit ${page.limit + 1}`);
      const items = rows.slice(0, page.limit).map(transactionFromRow);
      const last = items.at(-1);
      return { items, nextCursor: rows.length > page.limit && last ? encodeCursor(last.id) : null };
    },

    async dueEarnings(tenantId, now, limit) {
      return database.query<{ earningId: string; memberId: string }>(sql`select id as "earningId", member_id as "memberId"
        from earnings
        where tenant_id = ${tenantId} and status = 'pending' and due_at <= ${now.toISOString()}::timestamptz
        order by due_at limit ${limit}`);
    },

    async expiredLots(tenantId, now, limit) {
      return database.query<{ lotId: string; memberId: string }>(sql`select id as "lotId", member_id as "memberId"
        from earn_lots
        where tenant_id = ${tenantId} and remaining > 0 and expires_at is not null
          and expires_at <= ${now.toISOString()}::timestamptz
        order by expires_at limit ${limit}`);
    },
  };
}
