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
import type { Container } from './container';

function every(intervalMs: number, name: string, logger: Logger, work: () => Promise<Record<string, number>>, { now = true } = {}) {
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
    running = work()
      .then((result) => {
        if (Object.values(result).some((count) => count > 0)) logger.info(result, name);
      })
      .catch((error: unknown) => logger.error({ err: error }, `${name} failed`))
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
  const orderEvents = every(cadence.orderEventsMs, 'order events', logger, () => settleOrderEvents(container, { signal }));
  // A hook received by this process wakes the order loop: points are pending within the moment,
  // not the interval (which remains for work recorded by other processes).
  const unlisten = container.orderEventsRecorded.listen(orderEvents.kick);
  const emails = emailJob(container);
  const loops = [
    orderEvents,
    every(cadence.syncMs, 'sync', logger, async () => {
      await ensured;
      return runSync(container, syncOptions);
    }),
    every(cadence.redemptionsMs, 'redemptions', logger, () => settleRedemptions(container, { signal })),
    every(cadence.emailsMs, 'emails', logger, () => emails({ signal })),
    every(cadence.ledgerSweepMs, 'ledger sweep', logger, async () => ({ ...(await sweepLedger(container, { signal })) })),
    // Not at start: a VACUUM holds PGlite's one connection while it runs.
    every(cadence.databaseMaintenanceMs, 'database maintenance', logger, async () => ({ tidied: (await container.maintenance.tidy()) ? 1 : 0 }), { now: false }),
  ];
  return {
    async stop() {
      unlisten();
      stopping.abort();
      await Promise.all(loops.map((loop) => loop.stop()));
    },
  };
}
