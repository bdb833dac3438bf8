// The job runner: periodic loops, each never overlapping itself. The order loop settles what the
// VTEX hook and the imports recorded (every 2 s, and at once when a hook reaches this process);
// the sync loop runs the imports and periodic VTEX jobs (every second, leased so workers share
// them); the e-mail loop makes e-mails from the outbox and sends them (every 2 s); the redemption loop retries coupons not issued yet and expires old ones (every 5 s); the
// ledger sweep matures due points and expires lots (every minute); the embedded
// database is vacuumed and analyzed hourly. All are idempotent, so several worker processes on
// one PostgreSQL are safe.
import type { Logger } from 'pino';
import { sweepLedger } from '../jobs/ledger-sweep.job';
import { settleOrderEvents } from '../jobs/order-events.job';
import { settleRedemptions } from '../jobs/redemptions.job';
import { emailJob } from '../jobs/emails.job';
import { ensureSyncJobs, runSync, syncRunOptions } from '../jobs/sync.job';
import type { SyncRunOptions } from '../app/sync/run-sync-jobs';
import type { OperatorMetrics } from '../app/metrics/ports';
import type { Container } from './container';

function every(intervalMs: number, name: string, logger: Logger, metrics: OperatorMetrics, work: () => Promise<Record<string, number>>, { now = true } = {}) {
  let running: Promise<void> | null = null;
  // A kick while running: one more run right after, so work recorded meanwhile is not left for the next tick.
  let again = false;
  let stopped = false;
  const tick = () => {
    if (stopped) return;
    if (running) {
      again = true;
      return;
    }
    const startedAt = performance.now();
    const job = name.replaceAll(' ', '_');
    running = work()
      .then((result) => {
        metrics.observeJobRun(job, (performance.now() - startedAt) / 1000, false);
        if (Object.values(result).some((count) => count > 0)) logger.info(result, name);
      })
      .catch((error: unknown) => {
        metrics.observeJobRun(job, (performance.now() - startedAt) / 1000, true);
        logger.error({ err: error }, `${name} failed`);
      })
      .finally(() => {
        running = null;
        if (again) {
          again = false;
          tick();
        }
      });
  };
  const timer = setInterval(tick, intervalMs);
  timer.unref();
  if (now) tick();
  return {
    name,
    isRunning: () => running !== null,
    /** Runs now (or once more after the run in progress), without waiting for the interval. */
    kick: tick,
    async stop() {
      stopped = true;
      clearInterval(timer);
      while (running) await running;
    },
  };
}

export interface WorkerIntervals {
  orderEventsMs: number;
  ledgerSweepMs: number;
  syncMs: number;
  redemptionsMs: number;
  emailsMs: number;
  /** VACUUM ANALYZE on the embedded database, which has no autovacuum (nothing on PostgreSQL). */
  databaseMaintenanceMs: number;
}

const DEFAULT_INTERVALS: WorkerIntervals = { orderEventsMs: 2_000, ledgerSweepMs: 60_000, syncMs: 1_000, redemptionsMs: 5_000, emailsMs: 2_000, databaseMaintenanceMs: 60 * 60_000 };

export function startWorker(container: Container, logger: Logger, intervals: Partial<WorkerIntervals> = {}, sync: Partial<SyncRunOptions> = {}) {
  const cadence = { ...DEFAULT_INTERVALS, ...intervals };
  // Stopping aborts this: each loop stops at its next step, leaving the rest for the next start.
  const stopping = new AbortController();
  const { signal } = stopping;
  const syncOptions = syncRunOptions({ ...sync, signal });
  const ensured = ensureSyncJobs(container).catch((error: unknown) => logger.error({ err: error }, 'scheduling sync jobs failed'));
  const { metrics } = container;
  const orderEvents = every(cadence.orderEventsMs, 'order events', logger, metrics, () =>
    // Order events are claimed under the same identity and lease as the sync jobs: a worker that
    // dies gives both up after the same time.
    settleOrderEvents(container, {
      signal,
      lease: { owner: syncOptions.owner, leaseMs: syncOptions.leaseMs },
      ...(sync.tenantIds ? { tenantIds: [...sync.tenantIds] } : {}),
    }),
  );
  // A hook received by this process wakes the order loop: points are pending within the moment,
  // not the interval (which remains for work recorded by other processes).
  const unlisten = container.orderEventsRecorded.listen(orderEvents.kick);
  const emails = emailJob(container);
  const loops = [
    orderEvents,
    every(cadence.syncMs, 'sync', logger, metrics, async () => {
      await ensured;
      return runSync(container, syncOptions);
    }),
    every(cadence.redemptionsMs, 'redemptions', logger, metrics, () => settleRedemptions(container, { signal })),
    every(cadence.emailsMs, 'emails', logger, metrics, () => emails({ signal })),
    every(cadence.ledgerSweepMs, 'ledger sweep', logger, metrics, async () => ({ ...(await sweepLedger(container, { signal })) })),
    // Not at start: a VACUUM holds PGlite's one connection while it runs.
    every(cadence.databaseMaintenanceMs, 'database maintenance', logger, metrics, async () => ({ tidied: (await container.maintenance.tidy()) ? 1 : 0 }), { now: false }),
  ];
  // The loops' timers do not hold the process open (unref), and a `pontua worker` has no server:
  // while the database is unreachable nothing else would, and Node would quietly exit. This does,
  // until stop().
  const alive = setInterval(() => undefined, 2 ** 30);
  // Sync jobs this process still holds go back to the queue now, not when their lease runs out.
  const releaseLeases = () => container.syncJobs.releaseHeldBy(syncOptions.owner, container.clock.now());
  return {
    /** Each loop finishes its current step (a sync job is released at its checkpoint), then any lease left is released. */
    async stop() {
      unlisten();
      clearInterval(alive);
      stopping.abort();
      await Promise.all(loops.map((loop) => loop.stop()));
      const released = await releaseLeases();
      if (released > 0) logger.warn({ released }, 'released sync jobs still leased to this worker');
    },
    /** The loops in the middle of a run, for a shutdown that ran out of time to log. */
    running: () => loops.filter((loop) => loop.isRunning()).map((loop) => loop.name),
    /** For a shutdown that gives up waiting: hands this worker's sync jobs to the others at once. */
    releaseLeases,
  };
}
