// Runs the imports and periodic VTEX jobs. A worker claims a due job of an active integration
// (a lease, so two workers never run the same job and a dead worker's job is taken over when the
// lease runs out), runs its steps for a while saving the checkpoint after each, and releases it:
// done, queued for its next run, retrying later after a failure, or failed when VTEX refused the
// key — with the message in the sync status, never retried forever.
import { DomainError } from '../../domain/errors';
import { orderContext } from '../orders/process-order-events';
import type { SyncJob, SyncJobKind } from './ports';
import { customersDelta, customersImport } from './customer-import';
import { ordersImport, ordersReconcile } from './order-listing';
import { productsImport } from './product-import';
import { VtexReadFailed, type StepState, type SyncDeps, type SyncJobDefinition } from './sync-step';
import { failureText } from '../failure-text';

export const SYNC_JOBS: Record<SyncJobKind, SyncJobDefinition> = {
  'customers.import': customersImport,
  'customers.delta': customersDelta,
  'orders.import': ordersImport,
  'orders.reconcile': ordersReconcile,
  'products.import': productsImport,
};

export interface SyncRunOptions {
  /** Who holds the leases (a process id). */
  owner: string;
  /** How long a claimed job is ours without progress; another worker takes it over after that. */
  leaseMs: number;
  /** How long one claim runs before the job goes back in line (other tenants' jobs get a turn). */
  sliceMs: number;
  /** Only these tenants' jobs (a test, an operator's one-off run); every tenant's when absent. */
  tenantIds?: readonly string[];
  /** Aborted when the worker shuts down: the job is released at its next checkpoint. */
  signal?: AbortSignal;
}

/** A failing VTEX read is tried again after this; doubles per attempt up to 30 minutes. */
const retryDelayMs = (attempts: number) => Math.min(30 * 60_000, 15_000 * 2 ** Math.max(0, attempts - 1));
/** Failures that are not VTEX saying no (unexpected answers, bugs) stop the job after this many tries. */
const MAX_ATTEMPTS = 10;

function refusal(error: VtexReadFailed): string | null {
  const { failure } = error;
  if (failure.refused === 'unauthorized') return `VTEX refused the app key and token (401): check them in the integration settings. ${error.message}`;
  if (failure.refused === 'forbidden') {
    const resource = failure.resource ? `add the License Manager resource "${failure.resource}" to the app key's role` : 'the app key lacks a permission';
    return `VTEX refused (403): ${resource}, then save the integration again. ${error.message}`;
  }
  return null;
}

/**
 * The planner's statistics are refreshed each time a job's count doubles past 1,000 (1,000,
 * 2,000, 4,000…): a few ANALYZEs per import keep the plans made for what the tables hold now.
 */
const statisticsStep = (done: number) => (done < 1_000 ? 0 : 1 + Math.floor(Math.log2(done / 1_000)));

/** Runs one due job for one slice. False when no job was due. */
export async function runOneSyncJob(deps: SyncDeps, options: SyncRunOptions): Promise<boolean> {
  const job = await deps.syncJobs.claim(options.owner, deps.clock.now(), options.leaseMs, options.tenantIds);
  if (!job) return false;
  await runClaimed(deps, options, job);
  return true;
}

async function runClaimed(deps: SyncDeps, options: SyncRunOptions, job: SyncJob): Promise<void> {
  const definition = SYNC_JOBS[job.kind];
  const startedAt = deps.clock.now().getTime();
  const release = (end: Parameters<SyncDeps['syncJobs']['release']>[2]) => deps.syncJobs.release(job, options.owner, end);
  let state: StepState = { checkpoint: job.checkpoint, done: job.done, total: job.total };
  try {
    const context = await orderContext(deps, job.tenantId);
    if (!context) {
      // Deactivated since the claim (or keys gone): leave it queued; activation resumes it.
      await release({ state: 'queued', runAfter: deps.clock.now(), attempts: job.attempts, now: deps.clock.now() });
      return;
    }
    for (;;) {
      const result = await definition.step(deps, context, state);
      if (statisticsStep(state.done) !== statisticsStep(result.done)) await deps.maintenance.refreshStatistics(definition.grows);
      state = { checkpoint: result.checkpoint, done: result.done, total: result.total };
      const now = deps.clock.now();
      if (result.finished) {
        const periodic = definition.repeatEveryMs !== null;
        await release({
          state: periodic ? 'queued' : 'done',
          runAfter: new Date(now.getTime() + (definition.repeatEveryMs ?? 0)),
          attempts: 0,
          ...result,
          finishedAt: now,
          now,
        });
        if (!periodic) await definition.afterDone?.(deps, context, state);
        return;
      }
      const stillOurs = await deps.syncJobs.progress(job, options.owner, result, new Date(now.getTime() + options.leaseMs));
      if (!stillOurs) return;
      if (now.getTime() - startedAt >= options.sliceMs || options.signal?.aborted) {
        await release({ state: 'queued', runAfter: now, attempts: 0, now });
        return;
      }
    }
  } catch (error) {
    const now = deps.clock.now();
    const attempts = job.attempts + 1;
    if (error instanceof VtexReadFailed) {
      const refused = refusal(error);
      if (refused) {
        await release({ state: 'failed', runAfter: now, attempts, lastError: refused, newErrors: 1, now });
        return;
      }
      const next = error.failure.retryable || attempts < MAX_ATTEMPTS ? 'retrying' : 'failed';
      await release({ state: next, runAfter: new Date(now.getTime() + retryDelayMs(attempts)), attempts, lastError: error.message, newErrors: 1, now });
      return;
    }
    const message = failureText(error);
    const giveUp = attempts >= MAX_ATTEMPTS || error instanceof DomainError;
    await release({ state: giveUp ? 'failed' : 'retrying', runAfter: new Date(now.getTime() + retryDelayMs(attempts)), attempts, lastError: message, newErrors: 1, now });
    // Not a VTEX answer: a bug or the database. The worker's log shows it.
    if (!(error instanceof DomainError)) throw error;
  }
}

/** Runs due jobs until none is due or `budgetMs` has passed; answers how many slices ran. */
export async function runSyncJobs(deps: SyncDeps, options: SyncRunOptions, budgetMs: number): Promise<number> {
  const start = deps.clock.now().getTime();
  let slices = 0;
  while (!options.signal?.aborted && deps.clock.now().getTime() - start < budgetMs && (await runOneSyncJob(deps, options))) slices++;
  return slices;
}
