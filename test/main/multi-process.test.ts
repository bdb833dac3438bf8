// Several processes on one PostgreSQL, as an operator hosting many stores runs Pontua: two API
// processes (`pontua serve --no-worker`) and two workers (`pontua worker`). Two stores' order
// histories are imported while shoppers' new orders reach both API processes through VTEX's hook;
// one worker is killed with SIGKILL half-way and the other finishes its work; then PostgreSQL
// goes away for a few seconds under traffic (every connection dropped, new ones refused — a
// restart as the processes see it, made by a proxy so that other test files sharing the server
// are not disturbed). Afterwards: every order that reached a scoring status has earned exactly
// once, both workers settled events, the processes are still up and answer, and every member's
// balance is the sum of their ledger.
//
// The run ends with `pontua audit` for both stores: from VTEX's side and the ledger's, no difference.
//
// PONTUA_MULTI_TEST_ORDERS: orders per store (default 5,000; 25,000 is the 50,000 in all,
// which takes several minutes more than the default suite should).
import { execFile, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { openDatabase, type Database } from '../../src/adapters/db/database';
import { reachedScoringStatus } from '../../src/domain/vtex-order-status';
import type { RunningSandbox } from '../../sandbox/main';
import { postgresEngine } from '../harness/databases';
import { BIN, freePort, ordersInSandbox, PostgresProxy, postgresDatabaseOfItsOwn, startPontua, stopProcess, tail, waitUntilReady } from '../harness/processes';
import { startSandbox } from '../../sandbox/main';
import { controlOk, createShop, type Shop } from '../harness/vtex-sandbox';

const ORDERS = Number(process.env.PONTUA_MULTI_TEST_ORDERS) || 5_000;
/** How much longer than the default the waits may be: the imports grow with the orders. */
const SCALE = Math.max(1, ORDERS / 5_000);
/** Orders bought (and hooked) during the run at most: the sandbox keeps the last 1,000 hook deliveries, which the test reads. */
const MAX_HOOKED = 900;

vi.setConfig({ testTimeout: 900_000 * SCALE, hookTimeout: 180_000 * SCALE });
const SECRET_KEY = '7a'.repeat(32);
const LEASE_MS = 5_000;
const run = promisify(execFile);

describe.runIf(postgresEngine)('two API processes and two workers on one PostgreSQL', () => {
  let sandbox: RunningSandbox;
  let shops: Shop[];
  let dir: string;
  let database: { url: URL; drop(): Promise<void> };
  let proxy: PostgresProxy;
  const processes: ChildProcess[] = [];

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'pontua-multi-'));
    // VTEX keeps retrying a hook that failed (here 0.5 s, 1 s, 2 s… up to 20 tries), so the hooks
    // sent while the database is away arrive once it is back.
    sandbox = await startSandbox({ port: 0, hookTimeoutMs: 5_000, hookRetry: { initialDelayMs: 500, factor: 2, maxDelayMs: 5_000, maxAttempts: 20 } });
    shops = [
      await createShop(sandbox, 'multia', { customers: Math.round(ORDERS / 10), orders: ORDERS }),
      await createShop(sandbox, 'multib', { customers: Math.round(ORDERS / 10), orders: ORDERS }),
    ];
    database = await postgresDatabaseOfItsOwn('pontua_multi');
    proxy = new PostgresProxy(database.url);
    await proxy.start();
  });

  afterAll(async () => {
    for (const child of processes) await stopProcess(child, 'SIGKILL');
    await proxy?.stop();
    await sandbox?.close();
    await database?.drop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  function env(port?: number): NodeJS.ProcessEnv {
    const { DATABASE_URL: _ignored, ...base } = process.env;
    return {
      ...base,
      DATABASE_URL: proxy.url(database.url),
      PONTUA_SECRET_KEY: SECRET_KEY,
      VTEX_BASE_URL: `${sandbox.url}/{account}`,
      PONTUA_SYNC_LEASE_MS: String(LEASE_MS),
      LOG_LEVEL: 'warn',
      ...(port ? { HOST: '127.0.0.1', PORT: String(port), PONTUA_PUBLIC_URL: `http://127.0.0.1:${port}` } : {}),
    };
  }

  it('scores every order once with the work shared, through a worker killed mid-import and a database outage', async () => {
    const started = Date.now();
    const tenants: { tenantId: string; apiKey: string }[] = [];
    for (const name of ['Loja A', 'Loja B']) {
      const created = await run(process.execPath, [BIN, 'tenant', 'create', '--name', name], { env: env(), timeout: 120_000 });
      tenants.push(JSON.parse(created.stdout) as { tenantId: string; apiKey: string });
    }
    const apiPorts = [await freePort(), await freePort()];
    const logs = ['api1', 'api2', 'worker1', 'worker2'].map((name) => join(dir, `${name}.log`));
    const apis = apiPorts.map((port, i) => startPontua(['serve', '--no-worker'], env(port), logs[i]!));
    processes.push(...apis);
    for (const [i, api] of apis.entries()) await waitUntilReady(api, apiPorts[i]!, logs[i]!);

    // Each store is connected through its own API process, so VTEX's hooks reach both.
    const headers = (i: number) => ({ authorization: `Bearer ${tenants[i]!.apiKey}`, 'content-type': 'application/json' });
    const api = (i: number, path: string, init: RequestInit = {}) =>
      fetch(`http://127.0.0.1:${apiPorts[i]}/api/admin/v1${path}`, { ...init, headers: { ...headers(i), ...(init.headers ?? {}) } });
    for (const i of [0, 1]) {
      const saved = await api(i, '/integrations/vtex', {
        method: 'PUT',
        body: JSON.stringify({
          accountName: shops[i]!.name, appKey: shops[i]!.appKey, appToken: shops[i]!.appToken, storeUrl: 'https://www.loja.example',
          active: true, creditDelayDays: 7, ordersImportSince: '2026-01-01',
        }),
      });
      expect(saved.status, await saved.clone().text()).toBe(200);
    }
    const workers = [2, 3].map((i) => startPontua(['worker'], env(), logs[i]!));
    processes.push(...workers);

    // Shoppers keep buying meanwhile: each new order is invoiced, and VTEX calls the hook.
    const hooked: { shop: number; orderId: string }[] = [];
    let shopping = true;
    const buy = async () => {
      for (let n = 0; shopping && n < MAX_HOOKED; n++) {
        const shop = n % 2;
        const placed = await controlOk<{ orderId: string }>(sandbox, 'POST', `/accounts/${shops[shop]!.name}/orders`, { customerIndex: n % 50, status: 'handling' });
        await controlOk(sandbox, 'POST', `/accounts/${shops[shop]!.name}/orders/${placed.orderId}/status`, { status: 'invoiced' });
        hooked.push({ shop, orderId: placed.orderId });
        await new Promise((resolve) => setTimeout(resolve, 250));
      }
    };
    const buying = buy();

    interface SyncStatus {
      jobs: { kind: string; state: string; done: number; total: number | null }[];
      orderEvents: { pending: number; retrying: number; settled: number; failed: number };
    }
    const status = async (i: number): Promise<SyncStatus | null> => {
      const response = await api(i, '/sync').catch(() => null);
      return response?.status === 200 ? ((await response.json()) as SyncStatus) : null;
    };
    const importOf = (s: SyncStatus | null) => s?.jobs.find((job) => job.kind === 'orders.import');
    const waitFor = async (what: string, done: () => Promise<boolean>, limitMs: number) => {
      const deadline = Date.now() + limitMs * SCALE;
      let reported = Date.now();
      while (!(await done())) {
        // A long run (PONTUA_MULTI_TEST_ORDERS) says where it is every minute.
        if (Date.now() - reported > 60_000) {
          reported = Date.now();
          const both = [await status(0), await status(1)];
          console.log(`multi-process, ${Math.round((Date.now() - started) / 1000)} s, waiting for ${what}: ${JSON.stringify(both.map((s) => ({ import: importOf(s), events: s?.orderEvents })))}`);
        }
        for (const [i, child] of processes.entries()) {
          if (child.exitCode !== null && child.signalCode === null) throw new Error(`${logs[i]} exited:\n${tail(logs[i]!)}`);
        }
        if (Date.now() > deadline) throw new Error(`${what}: not after ${(limitMs * SCALE) / 1000} s; ${JSON.stringify([await status(0), await status(1)])}`);
        await new Promise((resolve) => setTimeout(resolve, 250));
      }
    };

    // Half-way through either import, the first worker dies without a word.
    await waitFor('an import a fifth done', async () => {
      const both = [importOf(await status(0)), importOf(await status(1))];
      return both.some((job) => job?.total && job.done >= job.total * 0.2);
    }, 300_000);
    await stopProcess(workers[0]!, 'SIGKILL');
    const killedAt = (Date.now() - started) / 1000;

    // A little later, the database goes away for three seconds under the same traffic.
    await new Promise((resolve) => setTimeout(resolve, 2_000));
    await proxy.outage(3_000);
    const outageEndedAt = (Date.now() - started) / 1000;

    await waitFor('both imports done', async () => {
      const both = [await status(0), await status(1)];
      return both.every((s) => importOf(s)?.state === 'done');
    }, 600_000);
    // The shoppers stop. VTEX retries the hooks that failed while the database was away (5 s,
    // then 10 s, 20 s…): wait until it has delivered every one, then until every event is settled.
    shopping = false;
    await buying;
    interface Delivery { outcome: string }
    const undelivered = async () => {
      let count = 0;
      for (const shop of shops) {
        const log = await controlOk<{ total: number; deliveries: Delivery[] }>(sandbox, 'GET', `/accounts/${shop.name}/hooks`);
        expect(log.total, 'the sandbox keeps the last 1,000 deliveries: all of this test\'s').toBeLessThanOrEqual(1_000);
        expect(log.deliveries.filter((delivery) => delivery.outcome === 'failed')).toEqual([]);
        count += log.deliveries.filter((delivery) => delivery.outcome === 'pending').length;
      }
      return count;
    };
    await waitFor('every hook delivered', async () => (await undelivered()) === 0, 300_000);
    await waitFor('every event settled', async () => {
      const both = [await status(0), await status(1)];
      return both.every((s) => s !== null && s.orderEvents.pending === 0 && s.orderEvents.retrying === 0);
    }, 300_000);
    const finishedAt = (Date.now() - started) / 1000;

    // Every process but the killed worker is still up, and the APIs answer after the outage.
    expect(processes.filter((child) => child.exitCode !== null || child.signalCode !== null)).toEqual([workers[0]]);
    for (const i of [0, 1]) expect((await api(i, '/program')).status).toBe(200);

    // Ground truth from the sandbox: the seeded history plus the orders bought during the test.
    const db: Database = await openDatabase({ engine: 'postgres', url: database.url.toString(), poolSize: 2 });
    try {
      for (const i of [0, 1]) {
        const { tenantId } = tenants[i]!;
        const seeded = await ordersInSandbox(sandbox, shops[i]!, { from: '2026-01-01T00:00:00.000Z', to: '2026-06-01T00:00:00.000Z', expected: ORDERS });
        expect(seeded).toHaveLength(ORDERS);
        const scoring = new Set([
          ...seeded.filter((order) => reachedScoringStatus(order.status, ['invoiced']) !== null).map((order) => `order:${order.orderId}`),
          ...hooked.filter((order) => order.shop === i).map((order) => `order:${order.orderId}`),
        ]);
        const earned = await db.query<{ reference: string; n: number }>(sql`select reference, count(*)::int as n from earnings
          where tenant_id = ${tenantId} group by reference`);
        expect(earned.filter((row) => row.n !== 1), 'orders earned more than once').toEqual([]);
        const missing = [...scoring].filter((reference) => !earned.some((row) => row.reference === reference));
        expect(missing, 'scoring orders that never earned').toEqual([]);
        expect(earned).toHaveLength(scoring.size);
        // Balances are the ledger's sums, for every member.
        const off = await db.query<{ member_id: string }>(sql`select b.member_id from member_balances b
          left join (select account, sum(amount) as total from ledger_postings where tenant_id = ${tenantId} group by account) s
            on s.account = 'member:' || b.member_id || ':pending'
          where b.tenant_id = ${tenantId} and b.pending <> coalesce(s.total, 0)`);
        expect(off, 'members whose pending balance is not the sum of their postings').toEqual([]);
      }
      // Both workers settled events (the killed one before it died, the other all along).
      const owners = await db.query<{ owner: string; n: number }>(sql`select split_part(claimed_by, ':', 2) as owner, count(*)::int as n
        from order_events where processed_at is not null and claimed_by is not null group by 1`);
      expect(owners.map((row) => Number(row.owner)).sort()).toEqual(workers.map((child) => child.pid).sort());
      // The ground-truth audit agrees: every order as VTEX has it, every balance as the ledger sums
      // it. Imported history is long past its credit delay: the worker's ledger sweep (every
      // minute) matures it, and until then the audit rightly reports those points overdue.
      const audit = async (tenantId: string) => {
        const answer = await run(process.execPath, [BIN, 'audit', '--tenant', tenantId], { env: env(), timeout: 300_000, maxBuffer: 64 * 1024 * 1024 })
          .catch((error: { code: number; stdout: string; stderr: string }) => error);
        return JSON.parse(answer.stdout) as { ok: boolean; differences: { kind: string }[] };
      };
      for (const { tenantId } of tenants) {
        let report = await audit(tenantId);
        for (let round = 0; round < 12 && !report.ok && report.differences.every((d) => d.kind === 'maturity_overdue'); round++) {
          await new Promise((resolve) => setTimeout(resolve, 15_000));
          report = await audit(tenantId);
        }
        expect(report.differences, `audit of ${tenantId}`).toEqual([]);
        expect(report.ok).toBe(true);
      }
      console.log(
        `multi-process: ${2 * ORDERS} orders + ${hooked.length} hooked; worker killed at ${killedAt.toFixed(0)} s, ` +
          `database back at ${outageEndedAt.toFixed(0)} s, all settled at ${finishedAt.toFixed(0)} s; events settled per worker ${JSON.stringify(owners)}`,
      );
    } finally {
      await db.close();
    }
  });
});
