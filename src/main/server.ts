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

export async function serve(config: Config, options: { worker: boolean }): Promise<void> {
  const logger = pino({
    level: config.logLevel,
    redact: {
      paths: [
        'req.headers.authorization',
        'req.headers.cookie',
        'req.headers["x-csrf-token"]',
        '*.password',
        '*.newPassword',
        '*.currentPassword',
        '*.csrfToken',
        'req.headers["x-vtex-api-apptoken"]',
        'req.headers["x-vtex-api-appkey"]',
        '*.apiKey',
        'appKey',
        'appToken',
        'hookSecret',
        '*.appKey',
        '*.appToken',
        '*.hookSecret',
        '*.*.appKey',
        '*.*.appToken',
        '*.*.hookSecret',
      ],
      remove: true,
    },
  });
  // Read (or create) the key at start-up, so a missing or unreadable key file stops the start.
  const secrets = openSecretBox({ key: config.secretKey, dataDir: config.dataDir });
  const container = await openContainer(config.database, systemClock, secrets, vtexSettings(config));
  await firstRun(container, config, logger);
  await announceSetup(container, config, logger);
  const app = await buildApp(container, { logger });
  const worker = options.worker ? startWorker(container, logger, {}, { leaseMs: config.syncLeaseMs }) : null;
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
