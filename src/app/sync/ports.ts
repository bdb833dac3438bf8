// What the imports and periodic VTEX jobs need besides the shared ports in ../ports.ts: the job
// table, members and product rewards written a page at a time, and the outbox of facts for later issues.
import type { CustomerMemberFields } from '../../domain/member';
import type { Reward } from '../../domain/reward';

export const SYNC_JOB_KINDS = ['customers.import', 'customers.delta', 'orders.import', 'orders.reconcile', 'products.import'] as const;
export type SyncJobKind = (typeof SYNC_JOB_KINDS)[number];
/** queued: waits for `runAfter`; running: a worker holds its lease; retrying: waits after a failure. */
export type SyncJobState = 'queued' | 'running' | 'retrying' | 'done' | 'failed' | 'stopped';

export interface SyncJob {
  tenantId: string;
  kind: SyncJobKind;
  state: SyncJobState;
  checkpoint: Record<string, unknown>;
  done: number;
  total: number | null;
  errors: number;
  lastError: string | null;
  lastErrorAt: Date | null;
  attempts: number;
  startedAt: Date | null;
  finishedAt: Date | null;
  runAfter: Date;
  updatedAt: Date;
}

export interface SyncJobProgress {
  checkpoint: Record<string, unknown>;
  done: number;
  total: number | null;
  /** Added to the job's error count; `lastError` describes the latest. */
  newErrors: number;
  lastError: string | null;
}

export interface SyncJobStore {
  /**
   * Queues the job unless the tenant already has one of this kind that is queued, running,
   * retrying or done; a stopped or failed one is queued again from its checkpoint.
   */
  schedule(tenantId: string, kind: SyncJobKind, start: { checkpoint: Record<string, unknown>; runAfter: Date }): Promise<void>;
  /**
   * Makes the job due now (the merchant asked for a run): a queued or retrying one is moved up, a
   * stopped, failed or done one is queued again from its checkpoint, a missing one is created with
   * `checkpoint`; a running one is left as it is.
   */
  runNow(tenantId: string, kind: SyncJobKind, start: { checkpoint: Record<string, unknown>; now: Date }): Promise<void>;
  /** Stops the job (the merchant turned it off); it keeps its checkpoint. */
  stop(tenantId: string, kind: SyncJobKind, now: Date): Promise<void>;
  /**
   * Takes the most overdue job whose tenant's integration is active and whose lease is free or
   * expired, and leases it to `owner` until `now + leaseMs`; only those tenants' jobs when
   * `tenantIds` is given. Null when none is due.
   */
  claim(owner: string, now: Date, leaseMs: number, tenantIds?: readonly string[]): Promise<SyncJob | null>;
  /** Saves progress and extends the lease; false when `owner` no longer holds it (it stops). */
  progress(job: Pick<SyncJob, 'tenantId' | 'kind'>, owner: string, progress: SyncJobProgress, leaseUntil: Date): Promise<boolean>;
  /** Ends the run: the job's next state, when it may run again, and the lease released. */
  release(
    job: Pick<SyncJob, 'tenantId' | 'kind'>,
    owner: string,
    end: { state: SyncJobState; runAfter: Date; attempts: number; finishedAt?: Date; now: Date } & Partial<SyncJobProgress>,
  ): Promise<void>;
  /**
   * Every tenant's jobs `owner` still holds, released as they stand (checkpoint kept, due now), for
   * a worker that is stopping; answers how many. Across tenants: the lease belongs to the process.
   */
  releaseHeldBy(owner: string, now: Date): Promise<number>;
  list(tenantId: string): Promise<SyncJob[]>;
}

/** A CL customer as a member would keep it, already validated. */
export type ImportedMemberFields = CustomerMemberFields;

export interface ImportOutcome {
  created: number;
  updated: number;
  unchanged: number;
  skipped: { key: string; reason: string }[];
}

export interface MemberImportStore {
  /**
   * Creates or updates the tenant's members from a page of customers in one transaction: matched
   * by VTEX user id, else by e-mail; each new member gets empty balances and a `member.joined`
   * outbox event. A customer whose e-mail belongs to a member of another VTEX user is skipped.
   */
  upsert(tenantId: string, customers: ImportedMemberFields[], now: Date): Promise<ImportOutcome>;
}

export interface ProductImportStore {
  /** The tenant's rewards imported from these SKUs, by SKU id. */
  importedProducts(tenantId: string, skuIds: string[]): Promise<Map<string, Reward>>;
  /**
   * Writes a page in one transaction: inserts the new rewards (one already imported for the SKU
   * meanwhile is left as it is) and the catalog fields of the refreshed ones — their cost only
   * while the merchant has not set it, even if they did since the page was read.
   */
  savePage(tenantId: string, page: { created: Reward[]; refreshed: Reward[] }): Promise<void>;
  /**
   * Makes the imported rewards whose SKU is not in `skuIds` unavailable with `reason`; answers how
   * many changed. An empty list means every one: the caller passes the integration's non-empty list.
   */
  markUnlisted(tenantId: string, skuIds: string[], reason: string, now: Date): Promise<number>;
}

export interface OutboxEvent {
  id: string;
  type: string;
  memberId: string | null;
  payload: Record<string, unknown>;
  createdAt: Date;
}

export interface OutboxStore {
  /** The tenant's unhandled events, oldest first. */
  pending(tenantId: string, limit: number): Promise<OutboxEvent[]>;
}

/** What an import makes grow: its tables' statistics are refreshed as it goes. */
export type GrowingArea = 'members' | 'orders' | 'rewards';

export interface DatabaseMaintenance {
  /** Gathers fresh planner statistics for the area's tables. */
  refreshStatistics(area: GrowingArea): Promise<void>;
  /** Reclaims dead rows and refreshes every table's statistics where nothing else does (PGlite); false when left to the database. */
  tidy(): Promise<boolean>;
}
