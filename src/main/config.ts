// Configuration from the environment, read in one place. README.md lists every variable.
import { isIP } from 'node:net';
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
  /** VTEX_BASE_URL: a template such as http://127.0.0.1:4010/{account} (the sandbox); null: VTEX itself. */
  vtexBaseUrl: string | null;
  /**
   * PONTUA_SYNC_LEASE_MS: how long a worker holds an import job without progress before another
   * worker (or the same deployment restarted) takes it over. Default 60 s.
   */
  syncLeaseMs: number;
  /** SMTP_URL (`smtp://user:pass@host:587`, `smtps://…`); null: e-mails are stored and previewed, not sent. */
  smtpUrl: string | null;
  /** SMTP_FROM: the sender's address; the program's name is shown as its name. */
  smtpFrom: string;
  /** PONTUA_METRICS_TOKEN: the bearer token GET /metrics wants; null: it answers loopback peers only. */
  metricsToken: string | null;
  /** PONTUA_METRICS_PORT: also serve /metrics, /healthz and /readyz on this port (the only HTTP of `pontua worker`); null: not. */
  metricsPort: number | null;
  /** PONTUA_SHUTDOWN_TIMEOUT_MS: how long a stop waits for in-flight requests and jobs before it exits 1. Default 25 s. */
  shutdownTimeoutMs: number;
  /**
   * PONTUA_SHUTDOWN_DRAIN_MS: how long `serve` keeps accepting requests after a stop signal, /readyz
   * answering 503, so a load balancer takes it out of rotation before connections are refused. Default 0.
   */
  shutdownDrainMs: number;
  /**
   * PONTUA_TRUST_PROXY: the reverse proxies (TLS terminators, load balancers) whose
   * X-Forwarded-For names the client — their addresses or CIDR ranges, or how many hops of them
   * there are; null: none, the socket's peer is the client. Per-address rate limits count the
   * client's address; behind a proxy without this, every shopper shares the proxy's.
   */
  trustProxy: string[] | number | null;
}

function port(value: string | undefined, name = 'PORT'): number {
  if (value === undefined || value === '') return 3000;
  const parsed = Number(value);
  if (!Number.isInteger(parsed) || parsed < 0 || parsed > 65535) throw new Error(`${name} must be a port number, got "${value}"`);
  return parsed;
}

function metricsToken(value: string | undefined): string | null {
  const token = value?.trim();
  if (!token) return null;
  // It guards an endpoint on the network: refuse one that could be guessed.
  if (token.length < 16 || /\s/.test(token)) throw new Error('PONTUA_METRICS_TOKEN must be at least 16 characters without spaces (e.g. openssl rand -hex 32)');
  return token;
}

function milliseconds(name: string, value: string | undefined, fallback: number, least: number): number {
  if (value === undefined || value.trim() === '') return fallback;
  const parsed = Number(value);
  if (!Number.isInteger(parsed) || parsed < least) throw new Error(`${name} must be a whole number of milliseconds, at least ${least}, got "${value}"`);
  return parsed;
}

function shutdownTimes(env: NodeJS.ProcessEnv) {
  const shutdownTimeoutMs = milliseconds('PONTUA_SHUTDOWN_TIMEOUT_MS', env.PONTUA_SHUTDOWN_TIMEOUT_MS, 25_000, 1_000);
  const shutdownDrainMs = milliseconds('PONTUA_SHUTDOWN_DRAIN_MS', env.PONTUA_SHUTDOWN_DRAIN_MS, 0, 0);
  // The drain is part of the wait: one as long would leave no time to finish anything.
  if (shutdownDrainMs >= shutdownTimeoutMs) throw new Error(`PONTUA_SHUTDOWN_DRAIN_MS (${shutdownDrainMs}) must be less than PONTUA_SHUTDOWN_TIMEOUT_MS (${shutdownTimeoutMs})`);
  return { shutdownTimeoutMs, shutdownDrainMs };
}

function vtexBaseUrl(value: string | undefined): string | null {
  const template = value?.trim();
  if (!template) return null;
  if (!template.includes('{account}')) throw new Error(`VTEX_BASE_URL must contain {account}, got "${template}"`);
  try {
    new URL(template.replace('{account}', 'account').replace('{environment}', 'vtexcommercestable'));
  } catch {
    throw new Error(`VTEX_BASE_URL must be a URL template such as http://127.0.0.1:4010/{account}, got "${template}"`);
  }
  return template.replace(/\/+$/, '');
}

function leaseMs(value: string | undefined): number {
  if (value === undefined || value.trim() === '') return 60_000;
  const parsed = Number(value);
  if (!Number.isInteger(parsed) || parsed < 1_000) throw new Error(`PONTUA_SYNC_LEASE_MS must be a whole number of milliseconds, at least 1000, got "${value}"`);
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
    vtexBaseUrl: vtexBaseUrl(env.VTEX_BASE_URL),
    syncLeaseMs: leaseMs(env.PONTUA_SYNC_LEASE_MS),
    smtpUrl: smtpUrl(env.SMTP_URL),
    smtpFrom: smtpFrom(env.SMTP_FROM, listenPort),
    metricsToken: metricsToken(env.PONTUA_METRICS_TOKEN),
    metricsPort: env.PONTUA_METRICS_PORT?.trim() ? port(env.PONTUA_METRICS_PORT.trim(), 'PONTUA_METRICS_PORT') : null,
    ...shutdownTimes(env),
    trustProxy: trustProxy(env.PONTUA_TRUST_PROXY),
  };
}

// proxy-addr's (Fastify's) names for whole ranges.
const PROXY_RANGE_NAMES = new Set(['loopback', 'linklocal', 'uniquelocal']);

function trustProxy(value: string | undefined): string[] | number | null {
  const text = value?.trim();
  if (!text) return null;
  const refuse = (why: string): never => {
    throw new Error(`PONTUA_TRUST_PROXY ${why}: give the proxies' addresses or CIDR ranges (e.g. 10.0.0.0/8,127.0.0.1 or loopback), or the number of proxies in front (e.g. 1), got "${text}"`);
  };
  if (/^\d+$/.test(text)) {
    const hops = Number(text);
    if (hops < 1 || hops > 10) refuse('must be between 1 and 10 proxies');
    return hops;
  }
  // Trusting every address would let any client choose the address its limits are counted by.
  if (text === 'true' || text === '*') refuse('cannot trust every address');
  return text.split(',').map((entry) => {
    const item = entry.trim();
    if (PROXY_RANGE_NAMES.has(item)) return item;
    const [address = '', prefix, ...rest] = item.split('/');
    const family = isIP(address);
    const bits = family === 4 ? 32 : 128;
    if (family === 0 || rest.length > 0 || (prefix !== undefined && !(/^\d+$/.test(prefix) && Number(prefix) <= bits))) refuse(`has "${item}", which is not an address or CIDR range`);
    return item;
  });
}

function smtpUrl(value: string | undefined): string | null {
  const text = value?.trim();
  if (!text) return null;
  let protocol = '';
  try {
    protocol = new URL(text).protocol;
  } catch {
    // reported below
  }
  if (protocol !== 'smtp:' && protocol !== 'smtps:') throw new Error('SMTP_URL must be an smtp:// or smtps:// URL, e.g. smtp://user:password@mail.example.com:587');
  return text;
}

function smtpFrom(value: string | undefined, listenPort: number): string {
  const text = value?.trim() || 'no-reply@pontua.localhost';
  if (!/^[^\s@<>",]+@[^\s@<>",]+$/.test(text)) throw new Error(`SMTP_FROM must be an e-mail address, got "${text}" (port ${listenPort})`);
  return text;
}

export function describeDatabase(config: DatabaseConfig): string {
  if (config.engine === 'pglite') return `embedded PGlite in ${config.dataDir ?? 'memory'}`;
  const url = new URL(config.url);
  return `PostgreSQL at ${url.hostname}:${url.port || 5432}${url.pathname}`;
}

/** The container's VTEX settings from the configuration. */
export const vtexSettings = (config: Config) => ({
  publicUrl: config.publicUrl,
  ...(config.vtexBaseUrl ? { baseUrlTemplate: config.vtexBaseUrl } : {}),
  ...(config.smtpUrl ? { smtpUrl: config.smtpUrl } : {}),
  emailFrom: config.smtpFrom,
  ...(config.metricsToken ? { metricsToken: config.metricsToken } : {}),
});
