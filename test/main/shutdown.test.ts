// Stopping `pontua serve` (API and worker) as an orchestrator does, with SIGTERM, on PostgreSQL:
// a request in flight is answered, /readyz says 503 during the drain, then new connections are
// refused, the sync job the worker was running goes back to the queue at once (no lease left
// to run out), and the process exits 0. When the wait runs past PONTUA_SHUTDOWN_TIMEOUT_MS it
// exits 1 naming what was still running, and still hands its job back.
//
// The slow parts are the VTEX sandbox's injected latency: "Test connection" (answered in the
// request) and the customer import's pages both wait on it.
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { RunningSandbox } from '../../sandbox/main';
import { controlOk, createShop, setFaults, startTestSandbox, type Shop } from '../harness/vtex-sandbox';
import { freePort, postgresDatabaseOfItsOwn } from '../harness/processes';

vi.setConfig({ testTimeout: 180_000, hookTimeout: 120_000 });

const postgresUrl = process.env.DATABASE_URL?.trim();
const BIN = join(import.meta.dirname, '../../bin/pontua.js');
const SECRET_KEY = '6f'.repeat(32);
const run = promisify(execFile);

async function until<T>(what: string, probe: () => Promise<T | null | undefined | false>, limitMs = 60_000): Promise<T> {
  const deadline = Date.now() + limitMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`gave up waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

describe.skipIf(!postgresUrl)('SIGTERM to pontua serve on PostgreSQL', () => {
  let sandbox: RunningSandbox;
  let importShop: Shop;
  let slowShop: Shop;
  let dir: string;
  let databaseUrl: string;
  let dropDatabase: () => Promise<void>;
  let db: pg.Client;
  let port: number;
  let metricsPort: number;
  let logFile: string;
  let tenant: { tenantId: string; apiKey: string };
  let server: ChildProcess | null = null;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'pontua-shutdown-'));
    logFile = join(dir, 'server.log');
    sandbox = await startTestSandbox();
    // Enough customers for the import to outlast the test: pages of 1,000, each slowed below.
    importShop = await createShop(sandbox, 'shutdownimport', { customers: 20_000 });
    slowShop = await createShop(sandbox, 'shutdownslow');
    // The worker serves every tenant of its database: one of its own keeps other files' tenants apart.
    const own = await postgresDatabaseOfItsOwn('pontua_shutdown');
    databaseUrl = own.url.toString();
    dropDatabase = own.drop;
    [port, metricsPort] = [await freePort(), await freePort()];
    const created = await run(process.execPath, [BIN, 'tenant', 'create', '--name', 'Loja Shutdown'], { env: childEnv(), timeout: 120_000 });
    tenant = JSON.parse(created.stdout) as { tenantId: string; apiKey: string };
    db = new pg.Client({ connectionString: databaseUrl });
    await db.connect();
  });

  afterAll(async () => {
    if (server && server.exitCode === null && server.signalCode === null) {
      server.kill('SIGKILL');
      await new Promise((resolve) => server?.once('exit', resolve));
    }
    await db?.end();
    await sandbox?.close();
    await dropDatabase?.();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  function childEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
    const { DATABASE_URL: _ignored, ...base } = process.env;
    return {
      ...base,
      DATABASE_URL: databaseUrl,
      PONTUA_SECRET_KEY: SECRET_KEY,
      VTEX_BASE_URL: `${sandbox.url}/{account}`,
      HOST: '127.0.0.1',
      PORT: String(port),
      PONTUA_PUBLIC_URL: `http://127.0.0.1:${port}`,
      PONTUA_METRICS_PORT: String(metricsPort),
      LOG_LEVEL: 'info',
      ...extra,
    };
  }

  const serverLog = () => readFileSync(logFile, 'utf8');
  const tail = () => serverLog().split('\n').slice(-30).join('\n');

  async function startServer(extra: Record<string, string> = {}): Promise<ChildProcess> {
    const log = openSync(logFile, 'a');
    const child = spawn(process.execPath, [BIN, 'serve'], { env: childEnv(extra), stdio: ['ignore', log, log] });
    closeSync(log);
    server = child;
    await until('the server to start', async () => {
      if (child.exitCode !== null) throw new Error(`the server exited with ${child.exitCode}:\n${tail()}`);
      return fetch(`http://127.0.0.1:${port}/readyz`).then((response) => response.ok, () => false);
    });
    return child;
  }

  const exitOf = (child: ChildProcess) =>
    new Promise<number | null>((resolve) => (child.exitCode !== null ? resolve(child.exitCode) : child.once('exit', (code) => resolve(code))));

  /** The sync job rows a worker holds a lease on. */
  const leased = async () => (await db.query<{ kind: string; state: string; lease_owner: string }>('select kind, state, lease_owner from sync_jobs where lease_owner is not null')).rows;

  /** "Test connection" for the slow shop; resolves once Pontua is waiting for VTEX, with the answer to come. */
  async function slowCheck() {
    const answer = fetch(`http://127.0.0.1:${port}/api/admin/v1/integrations/vtex/check`, {
      method: 'POST',
      headers: { authorization: `Bearer ${tenant.apiKey}`, 'content-type': 'application/json' },
      body: JSON.stringify({ accountName: slowShop.name, appKey: slowShop.appKey, appToken: slowShop.appToken }),
    }).then(async (response) => ({ status: response.status, body: (await response.json()) as { capabilities: Record<string, { status: string }> } }));
    answer.catch(() => undefined);
    await until('the check to reach VTEX', async () => (await controlOk<{ inFlight: number }>(sandbox, 'GET', `/accounts/${slowShop.name}/requests?limit=1`)).inFlight > 0);
    // Wrapped: returning the promise itself from this async function would wait for the answer.
    return { answer };
  }

  const readiness = () => fetch(`http://127.0.0.1:${port}/readyz`).then((response) => response.status, (error: { cause?: { code?: string } }) => error.cause?.code ?? 'failed');

  it('answers the request in flight, fails readiness, refuses new connections, hands its sync job back and exits 0', async () => {
    // A drain long enough to watch: /readyz says 503 while requests are still accepted.
    const child = await startServer({ PONTUA_SHUTDOWN_DRAIN_MS: '3000' });
    const headers = { authorization: `Bearer ${tenant.apiKey}`, 'content-type': 'application/json' };
    const saved = await fetch(`http://127.0.0.1:${port}/api/admin/v1/integrations/vtex`, {
      method: 'PUT',
      headers,
      body: JSON.stringify({
        accountName: importShop.name, appKey: importShop.appKey, appToken: importShop.appToken, storeUrl: 'https://www.loja.example',
        active: true, importOrders: false,
      }),
    });
    expect(saved.status, await saved.clone().text()).toBe(200);
    await setFaults(sandbox, importShop, { latencyMs: 1_500 });
    const held = await until('the worker to lease the customer import', async () => (await leased()).find((job) => job.kind === 'customers.import'));
    expect(held.state).toBe('running');

    // The worker's loops and its VTEX calls, on the metrics port.
    const metrics = await until('a run of the order loop in the metrics', async () => {
      const text = await (await fetch(`http://127.0.0.1:${metricsPort}/metrics`)).text();
      return /^pontua_job_run_duration_seconds_count\{job="order_events"\} [1-9]/m.test(text) && text;
    });
    expect(metrics).toMatch(/^pontua_vtex_requests_total\{area="masterdata",outcome="ok"\} [1-9]/m);

    await setFaults(sandbox, slowShop, { latencyMs: 6_000 });
    const check = await slowCheck();
    const exited = exitOf(child);
    child.kill('SIGTERM');

    // Draining: still accepting connections, not ready. Then the listening socket closes.
    await until('/readyz to answer 503', async () => (await readiness()) === 503);
    await until('new connections to be refused', async () => (await readiness()) === 'ECONNREFUSED');
    const answered = await check.answer;
    expect(answered.status).toBe(200);
    expect(answered.body.capabilities.orders).toEqual({ status: 'ok' });

    expect(await exited, tail()).toBe(0);
    expect(await leased()).toEqual([]);
    const [job] = (await db.query<{ state: string }>(`select state from sync_jobs where kind = 'customers.import'`)).rows;
    expect(job?.state).toBe('queued');
    expect(serverLog()).toContain('shut down');
  });

  it('gives up after PONTUA_SHUTDOWN_TIMEOUT_MS: exits 1, logs the request still running, and still hands its job back', async () => {
    await setFaults(sandbox, importShop, { latencyMs: 6_000 });
    const child = await startServer({ PONTUA_SHUTDOWN_TIMEOUT_MS: '1000' });
    await until('the worker to lease the customer import', async () => (await leased()).find((job) => job.kind === 'customers.import'));
    await setFaults(sandbox, slowShop, { latencyMs: 8_000 });
    const check = await slowCheck();
    const exited = exitOf(child);
    child.kill('SIGTERM');

    expect(await exited, tail()).toBe(1);
    // The process is gone: the request it could not finish fails (a client or balancer retries it).
    await expect(check.answer).rejects.toThrow();
    const timedOut = serverLog().split('\n').find((line) => line.includes('shutdown timed out'));
    expect(timedOut, tail()).toBeDefined();
    const entry = JSON.parse(timedOut!) as { requests: { route: string }[]; jobs: string[] };
    expect(entry.requests.map((request) => request.route)).toContain('/api/admin/v1/integrations/vtex/check');
    expect(entry.jobs).toContain('sync');
    expect(await leased()).toEqual([]);
  });
});
