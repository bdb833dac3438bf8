// The job runner. For now one periodic ledger sweep; the PostgreSQL job queue arrives with the
// VTEX integration.
import type { Logger } from 'pino';
import { sweepLedger } from '../jobs/ledger-sweep.job';
import type { Container } from './container';

export function startWorker(container: Container, logger: Logger, intervalMs = 60_000) {
  let running: Promise<void> | null = null;
  const tick = () => {
    if (running) return;
    running = sweepLedger(container)
      .then((result) => {
        if (result.matured > 0 || result.expired > 0) logger.info(result, 'ledger sweep');
      })
      .catch((error: unknown) => logger.error({ err: error }, 'ledger sweep failed'))
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
