// What every import and periodic VTEX job is made of: steps that each read one page from VTEX,
// record what it held, and answer the checkpoint to go on from. The runner saves that checkpoint
// after every step, so a process that dies loses at most the page it was on — and every page's
// writes are idempotent, so reading it again changes nothing twice.
import type { OrderContext, OrderDeps } from '../orders/process-order-events';
import type { OrderEventStore, VtexRead } from '../ports';
import type { DatabaseMaintenance, GrowingArea, MemberImportStore, ProductImportStore, SyncJobKind, SyncJobStore } from './ports';

export type SyncDeps = OrderDeps & {
  syncJobs: SyncJobStore;
  memberImports: MemberImportStore;
  productImports: ProductImportStore;
  orderEvents: OrderEventStore;
  maintenance: DatabaseMaintenance;
};

export interface StepState {
  checkpoint: Record<string, unknown>;
  done: number;
  total: number | null;
}

export interface StepResult extends StepState {
  newErrors: number;
  lastError: string | null;
  /** The job's run is over: a one-off import is done, a periodic job waits for its next run. */
  finished: boolean;
}

/** VTEX did not give the page: the runner retries later, or stops the job when VTEX refused the key. */
export class VtexReadFailed extends Error {
  constructor(readonly failure: Extract<VtexRead<unknown>, { ok: false }>, what: string) {
    super(`${what}: ${failure.message}`);
    this.name = 'VtexReadFailed';
  }
}

export function valueOf<T>(read: VtexRead<T>, what: string): T {
  if (!read.ok) throw new VtexReadFailed(read, what);
  return read.value;
}

export interface SyncJobDefinition {
  kind: SyncJobKind;
  /** The tables it fills, whose statistics are refreshed as its count grows. */
  grows: GrowingArea;
  step(deps: SyncDeps, context: OrderContext, state: StepState): Promise<StepResult>;
  /** Periodic jobs run again this long after a run finishes; one-off imports are then done. */
  repeatEveryMs: number | null;
  /** Work to start when a one-off import is done (the customer import hands over to its deltas). */
  afterDone?(deps: SyncDeps, context: OrderContext, state: StepState): Promise<void>;
}

/** A checkpoint field that must be an ISO date. */
export function dateField(checkpoint: Record<string, unknown>, name: string): Date | null {
  const value = checkpoint[name];
  if (typeof value !== 'string') return null;
  const parsed = new Date(value);
  return Number.isNaN(parsed.getTime()) ? null : parsed;
}

export function numberField(checkpoint: Record<string, unknown>, name: string, fallback: number): number {
  const value = checkpoint[name];
  return typeof value === 'number' && Number.isFinite(value) ? value : fallback;
}
