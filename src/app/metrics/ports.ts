// What the operator's metrics (GET /metrics) need: the queues' state read from the database, and
// a sink for what the process itself measures (HTTP requests, worker loop runs). These are
// deployment-wide numbers for whoever runs Pontua, not a store's: nothing here takes a tenant, and
// nothing is labelled by one (a label per tenant would multiply every series by the tenants).
import type { SyncJobKind, SyncJobState } from '../sync/ports';

/** Ages are in seconds at the `now` the gauges were read for; null when nothing is waiting. */
export interface QueueGauges {
  orderEvents: {
    /** Not yet processed, never tried, integration active. */
    pending: number;
    /** Not yet processed, tried and waiting for their next attempt, integration active. */
    retrying: number;
    /** Not yet processed, integration inactive: they wait for reactivation. */
    paused: number;
    /** Settled as failed for good (kept with the reason). */
    failed: number;
    oldestPendingAgeSeconds: number | null;
  };
  /** One entry per kind and state present; `paused` for a waiting job whose integration is inactive. */
  syncJobs: { kind: SyncJobKind; state: SyncJobState | 'paused'; jobs: number; done: number; expected: number }[];
  /** Per kind: how long the most overdue job a worker could claim now has waited (due, lease free or expired). */
  oldestDueSyncJobAgeSeconds: Partial<Record<SyncJobKind, number>>;
  emails: {
    /** Waiting to be sent (or re-sent), integration active. */
    queued: number;
    failed: number;
    oldestQueuedAgeSeconds: number | null;
  };
  redemptions: { issuing: number; oldestIssuingAgeSeconds: number | null };
}

export interface MetricsStore {
  /**
   * Aggregates over every tenant, computed from indexed columns (one scan of order events for the
   * failed count). Errors: the database's, as thrown.
   */
  queueGauges(now: Date): Promise<QueueGauges>;
}

/** Where the HTTP layer and the worker report what they measure; rendering is the adapter's. */
export interface OperatorMetrics {
  /** A request answered: `route` is the route's URL template, or `unmatched`. */
  observeRequest(request: { method: string; route: string; statusCode: number; seconds: number }): void;
  /** One run of a worker loop (`job` is the loop's name), and whether it threw. */
  observeJobRun(job: string, seconds: number, failed: boolean): void;
  /** The Prometheus text exposition: process, HTTP, VTEX and job metrics, and the queue gauges. */
  render(): Promise<{ contentType: string; body: string }>;
}
