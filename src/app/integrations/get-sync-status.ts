// What the store connection is doing: whether it is active, each import and periodic job (state,
// done/total, rate, ETA, last error), when VTEX last called the hook, and how the recorded order
// events stand — so a merchant or an operator sees why an order was not credited without logs.
import type { Clock, OrderEventStore, VtexIntegrationStore } from '../ports';
import type { SyncJob, SyncJobKind, SyncJobStore } from '../sync/ports';

export interface SyncJobStatus {
  kind: SyncJobKind;
  /** As stored, except `paused` for a job waiting while the integration is inactive. */
  state: SyncJob['state'] | 'paused';
  done: number;
  total: number | null;
  /** Records per second over this run so far; null when it is not running. */
  ratePerSecond: number | null;
  /** Seconds left at that rate, when the total is known. */
  etaSeconds: number | null;
  errors: number;
  lastError: { message: string; at: Date | null } | null;
  startedAt: Date | null;
  finishedAt: Date | null;
  /** When it runs next (periodic jobs, retries). */
  nextRunAt: Date | null;
}

export interface SyncStatus {
  integration: { active: boolean; accountName: string; firstActivatedAt: Date | null } | null;
  jobs: SyncJobStatus[];
  hook: { lastReceivedAt: Date | null };
  orderEvents: { pending: number; retrying: number; settled: number; failed: number; lastSettledAt: Date | null };
  lastError: { orderId: string; error: string; at: Date } | null;
}

const WAITING = ['queued', 'running', 'retrying'];

export function jobStatus(job: SyncJob, active: boolean, now: Date): SyncJobStatus {
  const running = job.state === 'running' && job.startedAt !== null;
  const seconds = running && job.startedAt ? Math.max(0.001, (now.getTime() - job.startedAt.getTime()) / 1000) : 0;
  const rate = running && job.done > 0 ? job.done / seconds : null;
  const left = job.total === null ? null : Math.max(0, job.total - job.done);
  return {
    kind: job.kind,
    state: !active && WAITING.includes(job.state) ? 'paused' : job.state,
    done: job.done,
    total: job.total,
    ratePerSecond: rate === null ? null : Math.round(rate * 10) / 10,
    etaSeconds: rate === null || left === null ? null : Math.ceil(left / rate),
    errors: job.errors,
    lastError: job.lastError === null ? null : { message: job.lastError, at: job.lastErrorAt },
    startedAt: job.startedAt,
    finishedAt: job.finishedAt,
    nextRunAt: job.state === 'queued' || job.state === 'retrying' ? job.runAfter : null,
  };
}

export async function getSyncStatus(
  deps: { vtexIntegrations: VtexIntegrationStore; orderEvents: OrderEventStore; syncJobs: SyncJobStore; clock: Clock },
  tenantId: string,
): Promise<SyncStatus> {
  const [stored, counts, jobs] = await Promise.all([
    deps.vtexIntegrations.get(tenantId),
    deps.orderEvents.counts(tenantId),
    deps.syncJobs.list(tenantId),
  ]);
  const active = stored?.settings.active ?? false;
  return {
    integration: stored
      ? { active, accountName: stored.settings.accountName, firstActivatedAt: stored.firstActivatedAt }
      : null,
    jobs: jobs.map((job) => jobStatus(job, active, deps.clock.now())),
    hook: { lastReceivedAt: counts.lastHookAt },
    orderEvents: {
      pending: counts.pending,
      retrying: counts.retrying,
      settled: counts.settled,
      failed: counts.failed,
      lastSettledAt: counts.lastSettledAt,
    },
    lastError: counts.lastError,
  };
}
