// Prometheus metrics (prom-client). What the process measures as it goes — HTTP requests, VTEX
// calls, worker loop runs, Node's own process metrics — lives in one registry per process, since
// those happen in whichever part of the process does the work. The queue gauges are read from the
// database when scraped (through a short cache) into a registry of each container's own.
import { readFileSync } from 'node:fs';
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { OperatorMetrics, QueueGauges } from '../../app/metrics/ports';

const processRegistry = new Registry();

const httpRequestDuration = new Histogram({
  name: 'pontua_http_request_duration_seconds',
  help: 'HTTP requests answered, by method, route template (unmatched for unknown URLs) and status code.',
  labelNames: ['method', 'route', 'status_code'] as const,
  buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
  registers: [processRegistry],
});

/** The VTEX APIs Pontua calls, as `pontua_vtex_*` metrics label them. */
export type VtexArea = 'oms' | 'masterdata' | 'catalog' | 'promotions' | 'coupons' | 'identity';
/** An HTTP exchange with VTEX: 2xx, 4xx (429 apart), 429, 5xx, no answer in time, no connection, or an unusable answer. */
export type VtexCallOutcome = 'ok' | '4xx' | '429' | '5xx' | 'timeout' | 'network' | 'invalid';

const vtexRequests = new Counter({
  name: 'pontua_vtex_requests_total',
  help: 'HTTP requests to VTEX (each retry counts), by API area and outcome.',
  labelNames: ['area', 'outcome'] as const,
  registers: [processRegistry],
});

const vtexRequestDuration = new Histogram({
  name: 'pontua_vtex_request_duration_seconds',
  help: "VTEX's answer time per HTTP request (the wait for the per-store concurrency cap left out), by API area.",
  labelNames: ['area'] as const,
  buckets: [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 15, 30],
  registers: [processRegistry],
});

const jobRunDuration = new Histogram({
  name: 'pontua_job_run_duration_seconds',
  help: "Runs of the worker's loops, by loop.",
  labelNames: ['job'] as const,
  buckets: [0.01, 0.05, 0.1, 0.5, 1, 5, 10, 30, 60, 300],
  registers: [processRegistry],
});

const jobRunFailures = new Counter({
  name: 'pontua_job_run_failures_total',
  help: "Runs of the worker's loops that threw, by loop.",
  labelNames: ['job'] as const,
  registers: [processRegistry],
});

const buildInfo = new Gauge({
  name: 'pontua_build_info',
  help: 'Always 1; the labels say which Pontua and Node.js run.',
  labelNames: ['version', 'node_version'] as const,
  registers: [processRegistry],
});

/** Called by the VTEX HTTP transport after every attempt. */
export function recordVtexCall(area: VtexArea, outcome: VtexCallOutcome, seconds: number): void {
  vtexRequests.inc({ area, outcome });
  vtexRequestDuration.observe({ area }, seconds);
}

function packageVersion(): string {
  try {
    const manifest = JSON.parse(readFileSync(new URL('../../../package.json', import.meta.url), 'utf8')) as { version?: unknown };
    return typeof manifest.version === 'string' ? manifest.version : 'unknown';
  } catch {
    return 'unknown';
  }
}

let processMetricsStarted = false;

/** Node's process metrics and the build info, once per process (they register collectors). */
function startProcessMetrics(): void {
  if (processMetricsStarted) return;
  processMetricsStarted = true;
  collectDefaultMetrics({ register: processRegistry });
  buildInfo.set({ version: packageVersion(), node_version: process.version }, 1);
}

function queueRegistry() {
  const registry = new Registry();
  // Its own registry: served when the reading failed, when the others are left out.
  const upRegistry = new Registry();
  const gauge = <L extends string>(name: string, help: string, labelNames: readonly L[] = []) =>
    new Gauge({ name, help, labelNames, registers: [registry] });
  return {
    registry,
    upRegistry,
    up: new Gauge({ name: 'pontua_queue_gauges_up', help: '1 when the queue gauges could be read from the database for this scrape, else 0 (and they are left out).', registers: [upRegistry] }),
    orderEvents: gauge('pontua_order_events', 'Order events not settled yet (pending, retrying, paused: integration inactive) and failed for good.', ['state']),
    orderEventsAge: gauge('pontua_order_events_oldest_pending_age_seconds', 'Age of the oldest order event never tried yet (active integrations); 0 when none.'),
    syncJobs: gauge('pontua_sync_jobs', 'Import and periodic VTEX jobs, by kind and state (paused: integration inactive).', ['kind', 'state']),
    syncDone: gauge('pontua_sync_job_records_done', 'Records the jobs of this kind and state have done (their current run), summed.', ['kind', 'state']),
    syncExpected: gauge('pontua_sync_job_records_expected', 'Records the jobs of this kind and state expect, summed over those whose total is known.', ['kind', 'state']),
    syncDueAge: gauge('pontua_sync_job_oldest_due_age_seconds', 'How long the most overdue job a worker could claim has waited, by kind; 0 when none.', ['kind']),
    emails: gauge('pontua_emails', 'E-mails queued (active integrations) and failed for good.', ['status']),
    emailsAge: gauge('pontua_emails_oldest_queued_age_seconds', 'Age of the oldest queued e-mail (active integrations); 0 when none.'),
    issuing: gauge('pontua_redemptions_issuing', 'Redemptions whose coupon is not issued in VTEX yet (points held).'),
    issuingAge: gauge('pontua_redemptions_oldest_issuing_age_seconds', 'Age of the oldest redemption still issuing; 0 when none.'),
  };
}

type QueueMetrics = ReturnType<typeof queueRegistry>;

function setQueueGauges(metrics: QueueMetrics, gauges: QueueGauges): void {
  const { orderEvents, syncJobs, oldestDueSyncJobAgeSeconds, emails, redemptions } = gauges;
  for (const state of ['pending', 'retrying', 'paused', 'failed'] as const) metrics.orderEvents.set({ state }, orderEvents[state]);
  metrics.orderEventsAge.set(orderEvents.oldestPendingAgeSeconds ?? 0);
  // Reset first: a kind and state that no job is in any more must disappear, not keep its last value.
  for (const gauge of [metrics.syncJobs, metrics.syncDone, metrics.syncExpected, metrics.syncDueAge]) gauge.reset();
  for (const row of syncJobs) {
    const labels = { kind: row.kind, state: row.state };
    metrics.syncJobs.set(labels, row.jobs);
    metrics.syncDone.set(labels, row.done);
    metrics.syncExpected.set(labels, row.expected);
  }
  for (const kind of new Set(syncJobs.map((row) => row.kind))) metrics.syncDueAge.set({ kind }, oldestDueSyncJobAgeSeconds[kind] ?? 0);
  metrics.emails.set({ status: 'queued' }, emails.queued);
  metrics.emails.set({ status: 'failed' }, emails.failed);
  metrics.emailsAge.set(emails.oldestQueuedAgeSeconds ?? 0);
  metrics.issuing.set(redemptions.issuing);
  metrics.issuingAge.set(redemptions.oldestIssuingAgeSeconds ?? 0);
}

/**
 * The process's metrics with the queue gauges `readQueueGauges` answers (cached by the caller).
 * A failed reading leaves the gauges out and sets `pontua_queue_gauges_up` to 0: the process's
 * own metrics are still served.
 */
export function prometheusMetrics(readQueueGauges: () => Promise<QueueGauges>): OperatorMetrics {
  startProcessMetrics();
  const queue = queueRegistry();
  return {
    observeRequest({ method, route, statusCode, seconds }) {
      httpRequestDuration.observe({ method, route, status_code: String(statusCode) }, seconds);
    },
    observeJobRun(job, seconds, failed) {
      jobRunDuration.observe({ job }, seconds);
      if (failed) jobRunFailures.inc({ job });
    },
    async render() {
      const gauges = await readQueueGauges().catch(() => null);
      queue.up.set(gauges === null ? 0 : 1);
      if (gauges !== null) setQueueGauges(queue, gauges);
      const parts = await Promise.all([processRegistry, queue.upRegistry, ...(gauges === null ? [] : [queue.registry])].map((registry) => registry.metrics()));
      return { contentType: processRegistry.contentType, body: parts.join('\n') };
    },
  };
}
