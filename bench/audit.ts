// Audit benchmark: how long `pontua audit` takes on a store of N orders (default 10,000), on
// PGlite (on disk) and PostgreSQL. The sandbox runs in a child process (its own event loop, like a
// remote VTEX); this process imports the store through the real jobs, then times the audit.
// Run: `npx tsx bench/audit.ts [--orders N] [--customers N] [--engines pglite,postgres] [--latency-ms N]`
// (`--latency-ms`: the sandbox answers the audit's requests that much later, as a remote VTEX would).
import { fork } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { secretBoxFromKeys } from '../src/adapters/crypto/secret-box';
import { openDatabase, type DatabaseConfig } from '../src/adapters/db/database';
import { auditTenant } from '../src/app/audit/audit-tenant';
import { runSyncJobs } from '../src/app/sync/run-sync-jobs';
import { createTenant } from '../src/app/tenants/create-tenant';
import { buildApp } from '../src/http/app';
import { settleOrderEvents } from '../src/jobs/order-events.job';
import { containerFor, systemClock } from '../src/main/container';
import { benchDatabaseUrl } from './postgres';

const ROLE_ENV = 'PONTUA_BENCH_AUDIT_ROLE';

function flag(name: string, fallback: string): string {
  const argv = process.argv;
  const at = argv.findIndex((arg) => arg === `--${name}` || arg.startsWith(`--${name}=`));
  if (at < 0) return fallback;
  const arg = argv[at]!;
  return arg.includes('=') ? arg.slice(arg.indexOf('=') + 1) : (argv[at + 1] ?? fallback);
}

async function sandboxChild(): Promise<void> {
  const { startSandbox } = await import('../sandbox/main');
  const sandbox = await startSandbox({ port: 0, seed: 1 });
  process.send?.({ url: sandbox.url });
}

async function control(url: string, method: string, path: string, body?: unknown): Promise<unknown> {
  const response = await fetch(`${url}/_sandbox${path}`, {
    method,
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (response.status >= 300) throw new Error(`${method} ${path}: ${response.status} ${await response.text()}`);
  const text = await response.text();
  return text === '' ? null : (JSON.parse(text) as unknown);
}

async function measure(engine: 'pglite' | 'postgres', sandboxUrl: string, sizes: { orders: number; customers: number; latencyMs: number }): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), 'pontua-bench-audit-'));
  const postgresUrl = engine === 'postgres' ? await benchDatabaseUrl({ fresh: true }) : null;
  if (engine === 'postgres' && !postgresUrl) return `| ${engine} | skipped | | | |`;
  const config: DatabaseConfig = postgresUrl ? { engine: 'postgres', url: postgresUrl } : { engine: 'pglite', dataDir: join(dir, 'pglite') };
  const database = await openDatabase(config);
  const world = containerFor(database, systemClock, secretBoxFromKeys(randomBytes(32)), { baseUrlTemplate: `${sandboxUrl}/{account}` });
  const app = await buildApp(world);
  try {
    world.publicUrl = await app.listen({ port: 0, host: '127.0.0.1' });
    const account = `audit${engine}${Date.now() % 100_000}`;
    await control(sandboxUrl, 'POST', '/accounts', { name: account, seed: 7 });
    await control(sandboxUrl, 'POST', `/accounts/${account}/seed`, { customers: sizes.customers, orders: sizes.orders, from: '2026-01-01T00:00:00.000Z', to: '2026-06-01T00:00:00.000Z' });
    const { ALL_RESOURCES } = await import('../sandbox/main');
    const key = (await control(sandboxUrl, 'POST', `/accounts/${account}/keys`, { resources: ALL_RESOURCES })) as { appKey: string; appToken: string };
    const { tenantId, apiKey } = await createTenant(world, { name: 'Bench audit' });
    const saved = await app.inject({
      method: 'PUT',
      url: '/api/admin/v1/integrations/vtex',
      headers: { authorization: `Bearer ${apiKey}` },
      // A year's credit delay: nothing matures, so no sweep is needed before the audit.
      payload: { accountName: account, appKey: key.appKey, appToken: key.appToken, storeUrl: 'https://www.loja.example', active: true, creditDelayDays: 365, ordersImportSince: '2026-01-01' },
    });
    if (saved.statusCode !== 200) throw new Error(saved.body);
    const importStart = performance.now();
    for (;;) {
      const slices = await runSyncJobs(world, { owner: 'bench', leaseMs: 60_000, sliceMs: 10_000, tenantIds: [tenantId] }, 60_000);
      const settled = await settleOrderEvents(world, { tenantIds: [tenantId] });
      if (slices === 0 && settled.settled + settled.failed === 0) break;
    }
    const importSeconds = (performance.now() - importStart) / 1000;
    if (sizes.latencyMs > 0) await control(sandboxUrl, 'PUT', `/accounts/${account}/faults`, { latencyMs: sizes.latencyMs });
    const requestsBefore = ((await control(sandboxUrl, 'GET', `/accounts/${account}/requests?limit=1`)) as { total: number }).total;
    // Where the time goes: the listing, Get order, and the ledger's snapshot, each timed from outside.
    const phases = { listing: 0, reads: 0, snapshot: 0 };
    const timed = async <T>(phase: keyof typeof phases, work: () => Promise<T>): Promise<T> => {
      const at = performance.now();
      try {
        return await work();
      } finally {
        phases[phase] += performance.now() - at;
      }
    };
    let firstRead = Number.POSITIVE_INFINITY;
    let lastRead = 0;
    const deps = {
      ...world,
      vtexOrders: (connection: Parameters<typeof world.vtexOrders>[0]) => {
        const reader = world.vtexOrders(connection);
        return {
          ...reader,
          listOrders: (query: Parameters<typeof reader.listOrders>[0]) => timed('listing', () => reader.listOrders(query)),
          getOrder: async (orderId: string) => {
            firstRead = Math.min(firstRead, performance.now());
            const read = await reader.getOrder(orderId);
            lastRead = performance.now();
            return read;
          },
        };
      },
      ledgerAudit: { snapshot: (id: string) => timed('snapshot', () => world.ledgerAudit.snapshot(id)) },
    };
    const start = performance.now();
    const report = await auditTenant(deps, tenantId);
    const seconds = (performance.now() - start) / 1000;
    phases.reads = lastRead - firstRead;
    const requests = ((await control(sandboxUrl, 'GET', `/accounts/${account}/requests?limit=1`)) as { total: number }).total - requestsBefore - 1;
    const again = performance.now();
    await auditTenant(world, tenantId);
    const secondRun = (performance.now() - again) / 1000;
    const { orders } = report;
    const s = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
    return `| ${engine} | ${orders.inVtex} listed, ${orders.scoring} scoring, ${orders.inLedger} in the ledger, ${report.members.checked} members | ${importSeconds.toFixed(1)} s | ${seconds.toFixed(1)} s (again: ${secondRun.toFixed(1)} s) | ${s(phases.listing)} / ${s(phases.reads)} / ${s(phases.snapshot)} | ${requests} | ${report.differences.length} |`;
  } finally {
    await app.close();
    await database.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

export async function run(): Promise<void> {
  const sizes = { orders: Number(flag('orders', '10000')), customers: Number(flag('customers', '2000')), latencyMs: Number(flag('latency-ms', '0')) };
  const engines = flag('engines', 'pglite,postgres').split(',') as ('pglite' | 'postgres')[];
  const child = fork(fileURLToPath(import.meta.url), [], { execArgv: process.execArgv, env: { ...process.env, [ROLE_ENV]: 'sandbox' }, stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  try {
    const { url } = (await new Promise((resolve) => child.once('message', resolve))) as { url: string };
    const rows = ['| engine | store | import (jobs) | audit | listing / Get order / snapshot | VTEX requests | differences |', '|---|---|---:|---:|---:|---:|---:|'];
    for (const engine of engines) rows.push(await measure(engine, url, sizes));
    console.log(`${sizes.orders} orders, ${sizes.customers} customers, VTEX latency ${sizes.latencyMs} ms\n`);
    console.log(rows.join('\n'));
  } finally {
    child.kill();
  }
}

if (process.env[ROLE_ENV] === 'sandbox') await sandboxChild();
else if (import.meta.url === `file://${process.argv[1]}`) {
  await run();
  process.exit(0);
}
