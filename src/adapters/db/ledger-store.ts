// The ledger on SQL. A command costs two statements inside its transaction: one that locks the
// member's balance row and reads everything the decision needs (including an earlier transaction
// under the same idempotency key), and one that writes the whole decided effect. Both are calls
// of PL/pgSQL functions (migration 0002), whose statement plans stay cached per connection.
import { sql } from 'drizzle-orm';
import type { Earning, Hold, LedgerEntry, MemberState } from '../../domain/ledger/commands';
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
export const TENANT_ACCOUNT_SLOTS = 32;

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

const earningFromJson = (e: EarningJson): Earning => ({
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
});

const lotFromJson = (row: LotJson): Lot => ({
  id: row.id,
  amount: row.amount,
  remaining: row.remaining,
  expiresAt: toDateOrNull(row.expires_at),
  createdAt: toDate(row.created_at),
});

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

/**
 * What the rest of the program hears of an entry, written to the outbox with it (migration 0012):
 * an earn's points are pending (until its due date), a maturity's or a manual credit's available.
 */
function entryEvents(tx: NewTransaction, entry: LedgerEntry): { id: string; type: string; dedupeKey: string; payload: Record<string, unknown> }[] {
  const event = (type: string, payload: Record<string, unknown>) => [{ id: `evt-${type}-${tx.id}`, type, dedupeKey: `${type}:${tx.id}`, payload: { transactionId: tx.id, ...payload } }];
  if (entry.kind === 'earn') {
    return event('points.pending', { points: entry.points, reference: entry.reference, dueAt: entry.earning?.value.dueAt.toISOString() ?? null });
  }
  if (entry.kind === 'mature' || (entry.kind === 'adjust' && entry.points > 0)) {
    return event('points.available', { points: entry.points, reference: entry.reference });
  }
  return [];
}

/**
 * The decided entry as the JSON document `pontua_record_entry` (migration 0002) applies in one
 * call: the transaction row first, only for an existing member and a new idempotency key, then
 * everything else only if it went in.
 */
function entryDocument(tenantId: string, tx: NewTransaction, entry: LedgerEntry): string {
  const { effects } = entry;
  const m = effects.member;
  const memberChanged = m.pending !== 0 || m.available !== 0 || m.held !== 0 || entry.lifetimeEarnedDelta !== 0;
  const tenantDeltas = Object.fromEntries(Object.entries(effects.tenant).filter(([, amount]) => amount !== 0));
  const earning = entry.earning?.value;
  const hold = entry.hold?.value;
  return JSON.stringify({
    tenantId,
    memberId: entry.memberId,
    transactionId: tx.id,
    createdAt: tx.createdAt.toISOString(),
    kind: entry.kind,
    reference: entry.reference,
    points: entry.points,
    idempotencyKey: tx.idempotencyKey,
    inputHash: tx.inputHash,
    metadata: entry.metadata,
    postings: effects.postings,
    ...(memberChanged ? { member: { ...m, lifetimeEarned: entry.lifetimeEarnedDelta } } : {}),
    slot: slotOf(entry.memberId),
    tenant: tenantDeltas,
    ...(entry.newLot ? { newLot: { ...entry.newLot, expiresAt: entry.newLot.expiresAt?.toISOString() ?? null } } : {}),
    lotChanges: entry.lotChanges,
    ...(earning && entry.earning?.op === 'insert' ? { earningInsert: { ...earning, dueAt: earning.dueAt.toISOString() } } : {}),
    ...(earning && entry.earning?.op === 'update' ? { earningUpdate: earning } : {}),
    ...(hold && entry.hold?.op === 'insert' ? { holdInsert: hold } : {}),
    ...(hold && entry.hold?.op === 'update' ? { holdUpdate: { id: hold.id, status: hold.status } } : {}),
    events: entryEvents(tx, entry),
  });
}

async function recordEntry(exec: Executor, tenantId: string, transaction: NewTransaction, entry: LedgerEntry, relaxedCommit = false): Promise<TransactionView | null> {
  // set_config(…, true) lasts until the end of this transaction: no extra round trip.
  const relax = relaxedCommit ? sql`set_config('synchronous_commit', 'off', true) is not null and ` : sql``;
  const [row] = await exec.query<{ recorded: boolean }>(
    sql`select ${relax}pontua_record_entry(${entryDocument(tenantId, transaction, entry)}::jsonb) as recorded`,
  );
  return row?.recorded ? transactionView(transaction, entry) : null;
}

const transactionView = (transaction: NewTransaction, entry: LedgerEntry): TransactionView => ({
  id: transaction.id,
  kind: entry.kind,
  memberId: entry.memberId,
  reference: entry.reference,
  points: entry.points,
  metadata: entry.metadata,
  postings: entry.effects.postings,
  createdAt: transaction.createdAt,
});

/**
 * Several lock-free entries in one statement (one round trip, one commit), applied in the order of
 * their members' slots so that concurrent batches take row locks in the same order.
 */
async function recordEntries(exec: Executor, tenantId: string, items: { transaction: NewTransaction; entry: LedgerEntry }[]): Promise<(TransactionView | null)[]> {
  if (items.length === 0) return [];
  const order = items
    .map((item, index) => ({ index, slot: slotOf(item.entry.memberId), memberId: item.entry.memberId }))
    .sort((a, b) => a.slot - b.slot || (a.memberId < b.memberId ? -1 : a.memberId > b.memberId ? 1 : a.index - b.index));
  const documents = `[${order.map(({ index }) => entryDocument(tenantId, items[index]!.transaction, items[index]!.entry)).join(',')}]`;
  const rows = await exec.query<{ n: number; recorded: boolean }>(sql`select e.n::int as n, pontua_record_entry(e.doc) as recorded
    from jsonb_array_elements(${documents}::jsonb) with ordinality as e(doc, n) order by e.n`);
  const results: (TransactionView | null)[] = items.map(() => null);
  for (const row of rows) {
    const index = order[row.n - 1]!.index;
    const { transaction, entry } = items[index]!;
    if (row.recorded) results[index] = transactionView(transaction, entry);
  }
  return results;
}

async function transactionByKey(exec: Executor, tenantId: string, idempotencyKey: string): Promise<StoredTransaction | null> {
  const [row] = await exec.query<TransactionRow & { input_hash: string }>(sql`select ${TRANSACTION_COLUMNS}, t.input_hash
    from ledger_transactions t where t.tenant_id = ${tenantId} and t.idempotency_key = ${idempotencyKey}`);
  return row ? { transaction: transactionFromRow(row), inputHash: row.input_hash } : null;
}

function session(exec: Executor): LedgerSession {
  return {
    handle: exec,
    async lockMember(tenantId: string, memberId: string, idempotencyKey: string, needs: LockNeeds) {
      const [result] = await exec.query<{
        state: {
          pending: number;
          available: number;
          held: number;
          lifetime_earned: number;
          status: MemberState['status'];
          points_expiry_days: number | null;
          existing: { id: string; inputHash: string } | null;
          lots: LotJson[];
          earning: EarningJson | null;
          hold: HoldJson | null;
          lot: LotJson | null;
        } | null;
      }>(sql`select pontua_lock_member(${tenantId}, ${memberId}, ${idempotencyKey}, ${needs.lots === true},
          ${needs.earningId ?? null}::text, ${needs.holdId ?? null}::text, ${needs.lotId ?? null}::text) as state`);
      const row = result?.state;
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
        earning: e && earningFromJson(e),
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

    async record(tenantId: string, transaction: NewTransaction, entry: LedgerEntry, options = {}): Promise<TransactionView> {
      // Under the member's lock only another member's command can have taken the key.
      const recorded = await recordEntry(exec, tenantId, transaction, entry, options.relaxedCommit);
      if (!recorded) throw new IdempotencyKeyTaken(transaction.idempotencyKey);
      return recorded;
    },

    transactionByKey: (tenantId: string, idempotencyKey: string) => transactionByKey(exec, tenantId, idempotencyKey),
  };
}

const encodeCursor = (id: string) => Buffer.from(id, 'utf8').toString('base64url');
const decodeCursor = (cursor: string) => Buffer.from(cursor, 'base64url').toString('utf8');

/** What the SQL function pontua_member_balance answers (null: no such member). */
export interface MemberBalanceJson {
  pending: number;
  available: number;
  held: number;
  lifetime_earned: number;
  next_expiry_date: string | null;
  next_expiry_points: number | null;
}

export const balanceFromJson = (row: MemberBalanceJson): BalanceView => ({
  available: row.available,
  pending: row.pending,
  held: row.held,
  lifetimeEarned: row.lifetime_earned,
  nextExpiry: row.next_expiry_date === null ? null : { date: row.next_expiry_date, points: row.next_expiry_points ?? 0 },
});

export function sqlLedgerStore(database: Database): LedgerStore {
  return {
    inTransaction: (work) => database.transaction((tx) => work(session(tx))),

    recordIfNew: (tenantId, transaction, entry) => recordEntry(database, tenantId, transaction, entry),

    recordManyIfNew: (tenantId, items) => recordEntries(database, tenantId, items),

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
      const [result] = await database.query<{ balance: MemberBalanceJson | null }>(sql`select pontua_member_balance(${tenantId}, ${memberId}) as balance`);
      return result?.balance ? balanceFromJson(result.balance) : null;
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

    async earningByReference(tenantId, reference) {
      const [row] = await database.query<EarningJson & { metadata: Record<string, unknown> }>(sql`select e.id, e.member_id,
          e.reference, e.points, e.due_at, e.status, e.matured_points, e.reversed_points, e.shortfall_points, e.lot_id, t.metadata
        from earnings e join ledger_transactions t on t.tenant_id = e.tenant_id and t.id = e.id
        where e.tenant_id = ${tenantId} and e.reference = ${reference}
        order by e.id limit 1`);
      if (!row) return null;
      return { ...earningFromJson(row), metadata: row.metadata };
    },

    async referencesWithEarnings(tenantId, references) {
      if (references.length === 0) return new Set<string>();
      const rows = await database.query<{ reference: string }>(sql`select distinct reference from earnings
        where tenant_id = ${tenantId} and reference in (${sql.join(references.map((reference) => sql`${reference}`), sql`, `)})`);
      return new Set(rows.map((row) => row.reference));
    },

    async dueEarnings(tenantId, now, limit) {
      return database.query<{ earningId: string; memberId: string; reference: string }>(sql`select id as "earningId",
          member_id as "memberId", reference
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
