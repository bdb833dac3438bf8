// What the use cases need from the outside world. Adapters implement these; the composition root
// (src/main) wires them. Each method's comment lists the errors it can return.
import type { Earning, Hold, LedgerEntry, MemberState, TransactionKind } from '../domain/ledger/commands';
import type { Lot } from '../domain/ledger/lots';
import type { Posting } from '../domain/ledger/accounts';
import type { Member, MemberFields } from '../domain/member';
import type { Program, ProgramChanges } from '../domain/program';
import type { VtexIntegrationSettings } from '../domain/integration';

export interface Clock {
  now(): Date;
}

export interface TransactionView {
  id: string;
  kind: TransactionKind;
  memberId: string;
  reference: string;
  points: number;
  metadata: Record<string, unknown>;
  postings: Posting[];
  createdAt: Date;
}

/** A recorded transaction with the hash of the input that made it, for replays. */
export interface StoredTransaction {
  transaction: TransactionView;
  inputHash: string;
}

export interface LockedMember {
  state: MemberState;
  pointsExpiryDays: number | null;
  /** The transaction already recorded under the command's idempotency key, if any. */
  existing: { id: string; inputHash: string } | null;
  earning: Earning | null;
  hold: Hold | null;
  lot: Lot | null;
}

export interface LockNeeds {
  lots?: boolean;
  earningId?: string;
  holdId?: string;
  lotId?: string;
}

export interface NewTransaction {
  id: string;
  idempotencyKey: string;
  inputHash: string;
  createdAt: Date;
}

/** The ledger's storage inside one database transaction. */
export interface LedgerSession {
  /** The open database transaction, for stores that write alongside the ledger (redemptions). */
  readonly handle: unknown;
  /** Locks the member's balances until the transaction ends; null when the member is not the tenant's. */
  lockMember(tenantId: string, memberId: string, idempotencyKey: string, needs: LockNeeds): Promise<LockedMember | null>;
  /**
   * Writes the entry as one transaction. Throws IdempotencyKeyTaken when another transaction
   * recorded the key first (the caller replays). `relaxedCommit`: the commit does not wait for
   * the write-ahead log to reach the disk (PostgreSQL's asynchronous commit): only for steps a
   * database crash may undo because a job redoes them.
   */
  record(tenantId: string, transaction: NewTransaction, entry: LedgerEntry, options?: { relaxedCommit?: boolean }): Promise<TransactionView>;
  transactionByKey(tenantId: string, idempotencyKey: string): Promise<StoredTransaction | null>;
}

export interface BalanceView {
  available: number;
  pending: number;
  held: number;
  lifetimeEarned: number;
  nextExpiry: { date: string; points: number } | null;
}

export interface HistoryPage {
  items: TransactionView[];
  nextCursor: string | null;
}

export interface LedgerStore {
  inTransaction<T>(work: (session: LedgerSession) => Promise<T>): Promise<T>;
  /**
   * Writes an entry whose decision did not depend on the member's balances, in one statement
   * without a lock. Null when nothing was written: the key was already used, or the member is not
   * the tenant's.
   */
  recordIfNew(tenantId: string, transaction: NewTransaction, entry: LedgerEntry): Promise<TransactionView | null>;
  /** `recordIfNew` for several entries in one statement; each item's result in the same place. */
  recordManyIfNew(tenantId: string, items: { transaction: NewTransaction; entry: LedgerEntry }[]): Promise<(TransactionView | null)[]>;
  transactionByKey(tenantId: string, idempotencyKey: string): Promise<StoredTransaction | null>;
  /** The member an earning, hold or lot belongs to; null when it is not the tenant's. */
  ownerOf(tenantId: string, record: { earningId: string } | { holdId: string } | { lotId: string }): Promise<string | null>;
  balance(tenantId: string, memberId: string): Promise<BalanceView | null>;
  history(tenantId: string, memberId: string, page: { cursor: string | null; limit: number }): Promise<HistoryPage>;
  /** The earning recorded for a reference (`order:{id}`), with its transaction's metadata. */
  earningByReference(tenantId: string, reference: string): Promise<(Earning & { metadata: Record<string, unknown> }) | null>;
  /** Which of these references (`order:{id}`) have an earning, for imports to skip settled orders. */
  referencesWithEarnings(tenantId: string, references: string[]): Promise<Set<string>>;
  /** Pending earnings due at `now`, oldest first, for the maturing job. */
  dueEarnings(tenantId: string, now: Date, limit: number): Promise<{ earningId: string; memberId: string; reference: string }[]>;
  /** Lots past expiry with points left, for the expiry job. */
  expiredLots(tenantId: string, now: Date, limit: number): Promise<{ lotId: string; memberId: string }[]>;
}

export class IdempotencyKeyTaken extends Error {
  constructor(readonly idempotencyKey: string) {
    super(`idempotency key ${idempotencyKey} was recorded by a concurrent transaction`);
    this.name = 'IdempotencyKeyTaken';
  }
}

export interface ApiKeyRecord {
  tenantId: string;
  id: string;
  secretHash: string;
  revokedAt: Date | null;
}

export interface ApiKeySummary {
  id: string;
  name: string;
  createdAt: Date;
  revokedAt: Date | null;
}

export interface TenantStore {
  /** Creates the tenant and its first API key together. */
  create(program: Program, firstKey: { id: string; name: string; secretHash: string }): Promise<void>;
  get(tenantId: string): Promise<Program | null>;
  /** Errors: none; null when the tenant does not exist. */
  update(tenantId: string, changes: ProgramChanges, now: Date): Promise<Program | null>;
  addApiKey(tenantId: string, key: { id: string; name: string; secretHash: string }): Promise<boolean>;
  apiKey(tenantId: string, keyId: string): Promise<ApiKeyRecord | null>;
  /** The tenant's keys, oldest first, without their hashes. */
  listApiKeys(tenantId: string): Promise<ApiKeySummary[]>;
  /** Revokes the key (once: a revoked key keeps its first revocation time); null when not the tenant's. */
  revokeApiKey(tenantId: string, keyId: string, now: Date): Promise<ApiKeySummary | null>;
  /** Every tenant's id, for jobs that sweep all programs. */
  listIds(): Promise<string[]>;
  /** The program the storefront widget names by its public key. */
  byPublicKey(publicKey: string): Promise<Program | null>;
}

export interface MemberPage {
  items: Member[];
  nextCursor: string | null;
}

export interface MemberStore {
  /** Creates the member with empty balances. Errors: MEMBER_EXISTS (e-mail, external or VTEX id taken). */
  create(member: Member): Promise<void>;
  get(tenantId: string, memberId: string): Promise<Member | null>;
  /** Errors: MEMBER_EXISTS. Null when the member is not the tenant's. */
  update(tenantId: string, memberId: string, changes: MemberFields, now: Date): Promise<Member | null>;
  list(tenantId: string, query: { search: string | null; cursor: string | null; limit: number }): Promise<MemberPage>;
  findBy(tenantId: string, key: { vtexUserId: string } | { email: string }): Promise<Member | null>;
  /** The members linked to these VTEX user ids, by user id. */
  findByVtexUserIds(tenantId: string, vtexUserIds: string[]): Promise<Map<string, Member>>;
}

/** A tenant's VTEX integration as stored: the settings and the sealed (encrypted) secrets. */
export interface StoredVtexIntegration {
  tenantId: string;
  settings: VtexIntegrationSettings;
  appKeySealed: string;
  appTokenSealed: string;
  hookSecretSealed: string;
  firstActivatedAt: Date | null;
  createdAt: Date;
  updatedAt: Date;
}

export type VtexIntegrationWrite = Omit<StoredVtexIntegration, 'tenantId' | 'createdAt' | 'updatedAt'>;

export interface VtexIntegrationStore {
  /** Null when the tenant has not saved the integration (or is not a tenant). */
  get(tenantId: string): Promise<StoredVtexIntegration | null>;
  /**
   * In one transaction holding the tenant's row lock: hands `decide` the current record (null
   * before the first save) and the program, then writes what it returns, the program's language
   * included. Errors: whatever `decide` throws, with nothing written. Null when the tenant does
   * not exist.
   */
  save(
    tenantId: string,
    decide: (current: StoredVtexIntegration | null, program: Program) => VtexIntegrationWrite,
    now: Date,
  ): Promise<StoredVtexIntegration | null>;
}

/** Encrypts secrets at rest; `context` (tenant and purpose) must match between seal and open. */
export interface SecretBox {
  seal(plaintext: string, context: string): string;
  /** Throws when the value was tampered with, sealed for another context or by an unknown key. */
  open(sealed: string, context: string): string;
  /** A signature of `message` for `context` (a link that must not be forged, such as unsubscribing). */
  sign(message: string, context: string): string;
  /** Whether `signature` is `sign(message, context)` by the current key or a previous one. */
  verify(message: string, context: string, signature: string): boolean;
}

/** What it takes to call a VTEX account with a merchant's app key. */
export interface VtexConnection {
  accountName: string;
  environment: string;
  appKey: string;
  appToken: string;
}

export const VTEX_CAPABILITIES = ['customers', 'orders', 'orderHook', 'catalog', 'promotions', 'coupons'] as const;
export type VtexCapability = (typeof VTEX_CAPABILITIES)[number];

export type VtexCapabilityStatus =
  | { status: 'ok' }
  /** The key lacks a License Manager resource: the merchant adds `resource` to the key's role. */
  | { status: 'forbidden'; resource: string | null; message: string }
  | { status: 'unauthorized'; message: string }
  /** No usable answer: network, timeout, 429 or 5xx after retries. */
  | { status: 'unreachable'; message: string }
  /** VTEX answered something we did not expect. */
  | { status: 'error'; message: string };

export interface VtexConnectionReport {
  capabilities: Record<VtexCapability, VtexCapabilityStatus>;
  /** When readable: the account's customers in Master Data CL and its orders in OMS. */
  customerCount: number | null;
  orderCount: number | null;
}

export interface VtexConnectionChecker {
  /** Tries one read per capability. Never throws for a VTEX failure: it is in the report. */
  check(connection: VtexConnection): Promise<VtexConnectionReport>;
}

export interface NewOrderEvent {
  id: string;
  orderId: string;
  state: string;
  lastState: string | null;
  lastChange: string;
  currentChange: string | null;
  source: 'hook' | 'reconciliation' | 'import';
  receivedAt: Date;
}

export interface PendingOrderEvent {
  id: string;
  orderId: string;
  state: string;
  lastChange: string;
  attempts: number;
}

export interface OrderEventStore {
  /** 'duplicate' when the same order, state and last change was already recorded. */
  record(tenantId: string, event: NewOrderEvent): Promise<'recorded' | 'duplicate'>;
  /** Records a page of listed orders in one statement; answers how many were new. */
  recordMany(tenantId: string, events: NewOrderEvent[]): Promise<number>;
  /**
   * Claims, for `owner` until `now + leaseMs`, the oldest unprocessed events whose next attempt is
   * due, leaving out the orders in `busyOrderIds` and every order with an event another worker
   * (process) holds: an order's events are never settled by two workers at once.
   */
  claim(
    tenantId: string,
    now: Date,
    limit: number,
    lease: { owner: string; leaseMs: number },
    busyOrderIds?: readonly string[],
  ): Promise<PendingOrderEvent[]>;
  /** Gives back the claims of events `owner` did not settle (stopping, or a batch that failed). */
  releaseClaims(tenantId: string, eventIds: readonly string[], owner: string): Promise<void>;
  /** Done, in one statement for a batch: what was done (or why there was nothing to do), never to be tried again. */
  settleMany(tenantId: string, settled: { eventId: string; outcome: string }[], now: Date): Promise<void>;
  /** A failed attempt: tried again at `retryAt`, or settled as failed when `retryAt` is null. */
  fail(tenantId: string, eventId: string, error: string, retryAt: Date | null, now: Date): Promise<void>;
  /** Gives events that failed for good another try (the merchant fixed the keys); answers how many. */
  retryFailed(tenantId: string, now: Date): Promise<number>;
  /** When the last hook delivery arrived, for the sync status. */
  lastHookAt(tenantId: string): Promise<Date | null>;
  /** How the tenant's order events stand, for the sync status. */
  counts(tenantId: string): Promise<OrderEventCounts>;
}

export interface OrderHookRegistration {
  /** Our public webhook URL for the tenant. */
  url: string;
  /** The header VTEX sends with every notification, carrying the tenant's hook secret. */
  headers: Record<string, string>;
  /** The order statuses whose changes are notified. */
  statuses: string[];
}

export interface VtexOrderHookGateway {
  /** Saves the store's order hook (VTEX pings the URL first). Never throws for a VTEX failure. */
  register(connection: VtexConnection, registration: OrderHookRegistration): Promise<VtexCapabilityStatus>;
  /** Removes the store's order hook; none there is fine. */
  remove(connection: VtexConnection): Promise<VtexCapabilityStatus>;
}


export interface OrderEventCounts {
  pending: number;
  /** Waiting for a retry after a failed attempt. */
  retrying: number;
  settled: number;
  failed: number;
  lastHookAt: Date | null;
  lastSettledAt: Date | null;
  lastError: { orderId: string; error: string; at: Date } | null;
}

/**
 * Tells the worker of this process that there is work (an order event recorded), so it runs its
 * loop now rather than at the next tick. Processes without a worker, or another process's worker,
 * simply find the work at their next tick.
 */
export interface WorkSignal {
  notify(): void;
  /** Calls `listener` on every notify until the returned function is called. */
  listen(listener: () => void): () => void;
}

export * from './vtex-read-ports';
