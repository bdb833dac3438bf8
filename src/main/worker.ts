// The job runner: periodic loops, each never overlapping itself. The order loop settles what the
// VTEX hook recorded (every 2 s); the ledger sweep matures due points and expires lots (every
// minute). Both are idempotent, so several worker processes on one PostgreSQL are safe.
import type { Logger } from 'pino';
import { sweepLedger } from '../jobs/ledger-sweep.job';
import { settleOrderEvents } from '../jobs/order-events.job';
import type { Container } from './container';

function every(intervalMs: number, name: string, logger: Logger, work: () => Promise<Record<string, number>>) {
  let running: Promise<void> | null = null;
  const tick = () => {
    if (running) return;
    running = work()
      .then((result) => {
        if (Object.values(result).some((count) => count > 0)) logger.info(result, name);
      })
      .catch((error: unknown) => logger.error({ err: error }, `${name} failed`))
      .finally(() => {
        running = null;
      });
  };
  const timer = setInterval(tick, intervalMs);
  timer.unref();
  tick();
  return {
    async stop() {
      clearInterval(timer);
      await running;
    },
  };
}

export function startWorker(container: Container, logger: Logger, intervals = { orderEventsMs: 2_000, ledgerSweepMs: 60_000 }) {
  const loops = [
    every(intervals.orderEventsMs, 'order events', logger, () => settleOrderEvents(container)),
    every(intervals.ledgerSweepMs, 'ledger sweep', logger, async () => ({ ...(await sweepLedger(container)) })),
  ];
  return {
    async stop() {
      await Promise.all(loops.map((loop) => loop.stop()));
    },
  };
}
