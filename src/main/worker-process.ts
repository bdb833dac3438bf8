// `pontua worker`: the job loops without the API, until SIGINT/SIGTERM. With PONTUA_METRICS_PORT it
// also serves /metrics (its loops' runs, its VTEX calls, the queue gauges), /healthz and /readyz.
import type { Config } from './config';
import type { Container } from './container';
import { processLogger, startOperationsListener, stopOnSignals } from './process-lifecycle';
import { startWorker } from './worker';

export async function runWorker(container: Container, config: Config): Promise<void> {
  const logger = processLogger(config.logLevel);
  const worker = startWorker(container, logger, {}, { leaseMs: config.syncLeaseMs });
  const operations = await startOperationsListener(container, config, logger);
  logger.info('Pontua worker running');
  stopOnSignals({
    logger,
    timeoutMs: config.shutdownTimeoutMs,
    begin: () => operations?.operations.beginShutdown(),
    finish: async () => {
      await worker.stop();
      await operations?.close();
      await container.close();
    },
    stillRunning: () => ({ jobs: worker.running() }),
    abandon: async () => {
      await worker.releaseLeases();
    },
  });
}
