// `pontua serve`: the HTTP API (and, unless --no-worker, the job workers) until SIGINT/SIGTERM.
import pino from 'pino';
import { buildApp } from '../http/app';
import { describeDatabase, type Config } from './config';
import { openContainer } from './container';
import { startWorker } from './worker';

export async function serve(config: Config, options: { worker: boolean }): Promise<void> {
  const logger = pino({
    level: config.logLevel,
    redact: { paths: ['req.headers.authorization', 'req.headers["x-vtex-api-apptoken"]', '*.apiKey', '*.appToken'], remove: true },
  });
  const container = await openContainer(config.database);
  const app = await buildApp(container, { logger });
  const worker = options.worker ? startWorker(container, logger) : null;
  await app.listen({ port: config.port, host: config.host });
  logger.info(`Pontua is listening on ${config.publicUrl} (${describeDatabase(config.database)})`);

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutting down: finishing in-flight requests');
    await app.close();
    await worker?.stop();
    await container.close();
    process.exit(0);
  };
  process.once('SIGINT', () => void stop('SIGINT'));
  process.once('SIGTERM', () => void stop('SIGTERM'));
}
