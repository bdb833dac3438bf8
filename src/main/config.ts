// Configuration from the environment, read in one place. README.md lists every variable.
import { join, resolve } from 'node:path';
import type { DatabaseConfig } from '../adapters/db/database';
import { parseSecretKey } from '../adapters/crypto/secret-box';

export interface Config {
  port: number;
  host: string;
  database: DatabaseConfig;
  /** Where embedded data (PGlite, the generated key file) lives. */
  dataDir: string;
  publicUrl: string;
  logLevel: string;
  /** PONTUA_SECRET_KEY, checked here so that a bad one stops the start; null: use the key file. */
  secretKey: Buffer | null;
}

function port(value: string | undefined): number {
  if (value === undefined || value === '') return 3000;
  const parsed = Number(value);
  if (!Number.isInteger(parsed) || parsed < 0 || parsed > 65535) throw new Error(`PORT must be a port number, got "${value}"`);
  return parsed;
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const dataDir = resolve(env.PONTUA_DATA_DIR || './data');
  const databaseUrl = env.DATABASE_URL?.trim();
  const listenPort = port(env.PORT);
  return {
    port: listenPort,
    host: env.HOST || '127.0.0.1',
    dataDir,
    database: databaseUrl
      ? { engine: 'postgres', url: databaseUrl, poolSize: Number(env.DATABASE_POOL_SIZE) || 10 }
      : { engine: 'pglite', dataDir: join(dataDir, 'pglite') },
    publicUrl: (env.PONTUA_PUBLIC_URL || `http://localhost:${listenPort}`).replace(/\/+$/, ''),
    logLevel: env.LOG_LEVEL || 'info',
    secretKey: env.PONTUA_SECRET_KEY ? parseSecretKey(env.PONTUA_SECRET_KEY) : null,
  };
}

export function describeDatabase(config: DatabaseConfig): string {
  if (config.engine === 'pglite') return `embedded PGlite in ${config.dataDir ?? 'memory'}`;
  const url = new URL(config.url);
  return `PostgreSQL at ${url.hostname}:${url.port || 5432}${url.pathname}`;
}
