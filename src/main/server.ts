// `pontua serve`: the HTTP API (and, unless --no-worker, the job workers) until SIGINT/SIGTERM.
import pino from 'pino';
import { buildApp } from '../http/app';
import { describeDatabase, type Config, vtexSettings } from './config';
import { openContainer, systemClock, type Container } from './container';
import { openSecretBox } from '../adapters/crypto/secret-box';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createTenant } from '../app/tenants/create-tenant';
import { isSetupNeeded, setupToken } from '../app/admin/first-run';

/**
 * On an empty embedded database (a fresh `npm start`) there is no program to call the API with,
 * and the CLI cannot open the database while the server holds it. So the first start creates a
 * program and leaves its API key in a file only this user can read.
 */
async function firstRun(container: Container, config: Config, logger: pino.Logger) {
  if (config.database.engine !== 'pglite' || (await container.tenants.listIds()).length > 0) return;
  const { tenantId, apiKey } = await createTenant(container, { name: 'Minha loja' });
  const file = join(config.dataDir, 'first-api-key.txt');
  writeFileSync(file, `${apiKey}\n`, { mode: 0o600 });
  logger.info({ tenantId, apiKeyFile: file }, `first run: created program ${tenantId}; its API key is in ${file}`);
}

/** Until the panel has a user, every start says where to create the first one. */
async function announceSetup(container: Container, config: Config, logger: pino.Logger) {
  if (!(await isSetupNeeded(container))) return;
  const url = `${config.publicUrl.replace(/\/$/, '')}/admin/setup?token=${setupToken(container.secrets)}`;
  logger.info({ setupUrl: url }, `first run: create the first panel user at ${url}`);
}
import { startWorker } from './worker';
import { processLogger, startOperationsListener, stopOnSignals } from './process-lifecycle';

export async function serve(config: Config, options: { worker: boolean }): Promise<void> {
  const logger = processLogger(config.logLevel);
  // Read (or create) the key at start-up, so a missing or unreadable key file stops the start.
  const secrets = openSecretBox({ key: config.secretKey, dataDir: config.dataDir });
  const container = await openContainer(config.database, systemClock, secrets, vtexSettings(config));
  await firstRun(container, config, logger);
  await announceSetup(container, config, logger);
  const app = await buildApp(container, { logger, trustProxy: config.trustProxy });
  const worker = options.worker ? startWorker(container, logger, {}, { leaseMs: config.syncLeaseMs }) : null;
  await app.listen({ port: config.port, host: config.host });
  logger.info(`Pontua is listening on ${config.publicUrl} (${describeDatabase(config.database)})`);

  const operations = await startOperationsListener(container, config, logger);

  stopOnSignals({
    logger,
    timeoutMs: config.shutdownTimeoutMs,
    begin: () => {
      app.operations.beginShutdown();
      operations?.operations.beginShutdown();
    },
    // After the drain (requests still served, /readyz 503), closing the server stops accepting
    // connections and waits for the requests in flight; the worker meanwhile finishes its steps.
    // The database goes last: both may still need it.
    finish: async () => {
      const drained = new Promise((resolve) => setTimeout(resolve, config.shutdownDrainMs));
      await Promise.all([drained.then(() => app.close()), worker?.stop()]);
      await operations?.close();
      await container.close();
    },
    stillRunning: () => ({ requests: app.operations.inFlight(), jobs: worker?.running() ?? [] }),
    abandon: async () => {
      await worker?.releaseLeases();
    },
  });
}
