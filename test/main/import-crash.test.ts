// A crash in the middle of a big import: `pontua serve` imports a VTEX store's order history
// (20,000 orders by default) from the sandbox over HTTP, is killed with SIGKILL half-way, and is
// started again on the same database. Afterwards every order that reached a scoring status has
// earned exactly once, and every member's balance is the sum of their earnings. Ground truth comes
// from the sandbox through plain HTTP; the database is read once the server is gone (killed again).
//
// PONTUA_CRASH_TEST_ORDERS changes the number of orders (default 20,000).
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { openDatabase, type Database } from '../../src/adapters/db/database';
import { reachedScoringStatus } from '../../src/domain/vtex-order-status';
import type { RunningSandbox } from '../../sandbox/main';
import { engines } from '../harness/databases';
import { createShop, startTestSandbox, type Shop } from '../harness/vtex-sandbox';
import { freePort, postgresDatabaseOfItsOwn } from '../harness/processes';

vi.setConfig({ testTimeout: 600_000, hookTimeout: 120_000 });

const ORDERS = Number(process.env.PONTUA_CRASH_TEST_ORDERS) || 20_000;
const CUSTOMERS = Math.max(1, Math.round(ORDERS / 10));
const SEED_FROM = Date.parse('2026-01-01T00:00:00.000Z');
const SEED_TO = Date.parse('2026-06-01T00:00:00.000Z');
/** A fixed test key (32 bytes, hex) for the VTEX secrets at rest. */
const SECRET_KEY = '5e'.repeat(32);
/** The restarted process takes the dead one's import over when its lease runs out. */
const LEASE_MS = 5_000;
const BIN = join(import.meta.dirname, '../../bin/pontua.js');
const run = promisify(execFile);

interface ListedOrder {
  orderId: string;
  status: string;
}

/**
 * Every order created in the seeded period, read with plain fetch. List orders serves at most 30
 * pages of 100 per query, so the period is read in windows of about 2,000 orders.
 */
async function ordersInSandbox(sandbox: RunningSandbox, shop: Shop): Promise<ListedOrder[]> {
  const orders: ListedOrder[] = [];
  const windowMs = Math.floor(((SEED_TO - SEED_FROM) * 2_000) / ORDERS);
  for (let from = SEED_FROM; from < SEED_TO; from += windowMs) {
    const to = Math.min(from + windowMs, SEED_TO) - 1;
    const range = `creationDate:[${new Date(from).toISOString()} TO ${new Date(to).toISOString()}]`;
    for (let page = 1; ; page++) {
      const query = new URLSearchParams({ page: String(page), per_page: '100', orderBy: 'creationDate,asc', f_creationDate: range });
      const response = await fetch(`${sandbox.url}/${shop.name}/api/oms/pvt/orders?${query}`, {
        headers: { 'X-VTEX-API-AppKey': shop.appKey, 'X-VTEX-API-AppToken': shop.appToken },
      });
      expect(response.status).toBe(200);
      const body = (await response.json()) as { list: ListedOrder[]; paging: { total: number; pages: number } };
      expect(body.paging.total, `orders in ${range}`).toBeLessThanOrEqual(3_000);
      orders.push(...body.list.map(({ orderId, status }) => ({ orderId, status })));
      if (page >= body.paging.pages) break;
    }
  }
  return orders;
}

/** Where the server keeps its data: a PGlite folder, or a PostgreSQL database of this test's own. */
interface Store {
  env: Record<string, string>;
  open(): Promise<Database>;
  drop(): Promise<void>;
}

async function storeFor(engine: (typeof engines)[number]['name'], dir: string): Promise<Store> {
  if (engine === 'pglite') {
    const dataDir = join(dir, 'data');
    return {
      env: { PONTUA_DATA_DIR: dataDir },
      open: () => openDatabase({ engine: 'pglite', dataDir: join(dataDir, 'pglite') }),
      drop: async () => undefined,
    };
  }
  // The worker serves every tenant of its database: a database of its own keeps other test files'
  // tenants out of its way (and ours out of theirs).
  const admin = new URL(process.env.DATABASE_URL!);
  const { url, drop } = await postgresDatabaseOfItsOwn('pontua_crash');
  const name = url.pathname.slice(1);
  return {
    env: { DATABASE_URL: url.toString() },
    async open() {
      // A killed server's sessions end when PostgreSQL notices: read only once they have.
      const client = new pg.Client({ connectionString: admin.toString() });
      await client.connect();
      try {
        for (let waited = 0; ; waited += 100) {
          const { rows } = await client.query<{ n: number }>('select count(*)::int as n from pg_stat_activity where datname = $1', [name]);
          if (rows[0]?.n === 0) break;
          if (waited > 30_000) throw new Error(`${rows[0]?.n} sessions of the killed server are still open`);
          await new Promise((resolve) => setTimeout(resolve, 100));
        }
      } finally {
        await client.end();
      }
      return openDatabase({ engine: 'postgres', url: url.toString(), poolSize: 2 });
    },
    drop,
  };
}

describe.each(engines)('kill -9 in the middle of an order import, on $name', (engine) => {
  let sandbox: RunningSandbox;
  let shop: Shop;
  let dir: string;
  let store: Store;
  let port: number;
  let server: ChildProcess | null = null;
  let logFile: string;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'pontua-crash-'));
    logFile = join(dir, 'server.log');
    sandbox = await startTestSandbox();
    shop = await createShop(sandbox, `crash${engine.name}`, { customers: CUSTOMERS, orders: ORDERS });
    store = await storeFor(engine.name, dir);
    port = await freePort();
  });

  afterAll(async () => {
    if (server && server.exitCode === null && server.signalCode === null) {
      server.kill('SIGKILL');
      await new Promise((resolve) => server?.once('exit', resolve));
    }
    await sandbox?.close();
    await store?.drop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  function childEnv(): NodeJS.ProcessEnv {
    const { DATABASE_URL: _ignored, ...base } = process.env;
    return {
      ...base,
      ...store.env,
      PONTUA_SECRET_KEY: SECRET_KEY,
      VTEX_BASE_URL: `${sandbox.url}/{account}`,
      HOST: '127.0.0.1',
      PORT: String(port),
      PONTUA_PUBLIC_URL: `http://127.0.0.1:${port}`,
      PONTUA_SYNC_LEASE_MS: String(LEASE_MS),
      LOG_LEVEL: 'warn',
    };
  }

  const serverLog = () => readFileSync(logFile, 'utf8').split('\n').slice(-40).join('\n');

  /** `pontua serve` as a deployment runs it, its output appended to the log file. */
  async function startServer(): Promise<ChildProcess> {
    const log = openSync(logFile, 'a');
    const child = spawn(process.execPath, [BIN, 'serve'], { env: childEnv(), stdio: ['ignore', log, log] });
    closeSync(log);
    server = child;
    const deadline = Date.now() + 60_000;
    for (;;) {
      if (child.exitCode !== null) throw new Error(`the server exited with ${child.exitCode}:\n${serverLog()}`);
      if (Date.now() > deadline) throw new Error(`the server did not start:\n${serverLog()}`);
      const ready = await fetch(`http://127.0.0.1:${port}/readyz`).then((response) => response.ok, () => false);
      if (ready) return child;
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }

  async function stopServer(child: ChildProcess, signal: NodeJS.Signals) {
    if (child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill(signal);
    await exited;
  }

  it('scores every order exactly once after a SIGKILL half-way through the import and a restart', async () => {
    const started = Date.now();
    const listed = await ordersInSandbox(sandbox, shop);
    expect(listed).toHaveLength(ORDERS);
    const scoring = new Set(listed.filter((order) => reachedScoringStatus(order.status, ['invoiced']) !== null).map((order) => `order:${order.orderId}`));
    expect(scoring.size).toBeGreaterThan(ORDERS / 4);

    // The program exists before the server holds the (embedded) database.
    const created = await run(process.execPath, [BIN, 'tenant', 'create', '--name', 'Loja Crash'], { env: childEnv(), timeout: 60_000 });
    const { tenantId, apiKey } = JSON.parse(created.stdout) as { tenantId: string; apiKey: string };
    const headers = { authorization: `Bearer ${apiKey}`, 'content-type': 'application/json' };

    let child = await startServer();
    const saved = await fetch(`http://127.0.0.1:${port}/api/admin/v1/integrations/vtex`, {
      method: 'PUT',
      headers,
      body: JSON.stringify({
        accountName: shop.name, appKey: shop.appKey, appToken: shop.appToken, storeUrl: 'https://www.loja.example',
        active: true, creditDelayDays: 7, ordersImportSince: '2026-01-01',
      }),
    });
    expect(saved.status, await saved.clone().text()).toBe(200);

    interface SyncStatus {
      jobs: { kind: string; state: string; done: number; total: number | null; errors: number; lastError: unknown }[];
      orderEvents: { pending: number; retrying: number; settled: number; failed: number };
    }
    const syncStatus = async (): Promise<SyncStatus> => {
      const response = await fetch(`http://127.0.0.1:${port}/api/admin/v1/sync`, { headers });
      expect(response.status).toBe(200);
      return (await response.json()) as SyncStatus;
    };
    const ordersImport = (status: SyncStatus) => status.jobs.find((job) => job.kind === 'orders.import');

    // Half-way: the history listing part-way through and some of its orders already scored.
    let atKill: SyncStatus;
    for (;;) {
      if (child.exitCode !== null) throw new Error(`the server exited:\n${serverLog()}`);
      const status = await syncStatus();
      const job = ordersImport(status);
      if (job && job.total !== null && job.done >= job.total * 0.2 && status.orderEvents.settled >= 50) {
        atKill = status;
        break;
      }
      if (Date.now() - started > 240_000) throw new Error(`no progress to kill at: ${JSON.stringify(status)}`);
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
    await stopServer(child, 'SIGKILL');
    expect(child.signalCode).toBe('SIGKILL');
    const killedAt = new Date();
    const atKillSeconds = (Date.now() - started) / 1000;
    expect(ordersImport(atKill)?.done, 'the listing was still going at the kill').toBeLessThan(ORDERS);

    child = await startServer();
    let finished: SyncStatus;
    for (;;) {
      if (child.exitCode !== null) throw new Error(`the restarted server exited:\n${serverLog()}`);
      const status = await syncStatus();
      const job = ordersImport(status);
      const { pending, retrying } = status.orderEvents;
      if (job?.state === 'done' && pending === 0 && retrying === 0) {
        finished = status;
        break;
      }
      if (Date.now() - started > 480_000) throw new Error(`the import did not finish: ${JSON.stringify(status)}\n${serverLog()}`);
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
    const doneSeconds = (Date.now() - started) / 1000;
    // Killed again rather than stopped: a graceful stop waits for the ledger sweep, which is by now
    // maturing thousands of due earnings (minutes on PGlite). The database must be whole either way.
    await stopServer(child, 'SIGKILL');
    console.log(`${engine.name}: ${ORDERS} orders, ${scoring.size} scoring; killed after ${atKillSeconds.toFixed(1)} s`
      + ` (orders.import done ${ordersImport(atKill)?.done}/${ordersImport(atKill)?.total}, events ${JSON.stringify(atKill.orderEvents)}),`
      + ` all settled after ${doneSeconds.toFixed(1)} s`);

    expect(ordersImport(finished)).toMatchObject({ state: 'done', done: ORDERS, total: ORDERS, errors: 0 });
    expect(finished.orderEvents.failed).toBe(0);

    const database = await store.open();
    try {
      const rows = <T>(query: ReturnType<typeof sql>) => database.query<T>(query);

      // The kill happened half-way: some, not all, of the scoring orders had earned by then.
      const [before] = await rows<{ n: number }>(sql`select count(*)::int as n from earnings
        where tenant_id = ${tenantId} and created_at < ${killedAt.toISOString()}::timestamptz`);
      expect(before!.n).toBeGreaterThan(0);
      expect(before!.n).toBeLessThan(scoring.size);
      // … and the restarted process went on listing the history where the dead one stopped.
      const [listedAfter] = await rows<{ n: number }>(sql`select count(*)::int as n from order_events
        where tenant_id = ${tenantId} and source = 'import' and received_at > ${killedAt.toISOString()}::timestamptz`);
      expect(listedAfter!.n).toBeGreaterThan(0);

      // Exactly the scoring orders earned, each once.
      const earned = await rows<{ reference: string; n: number }>(sql`select reference, count(*)::int as n from earnings
        where tenant_id = ${tenantId} group by reference`);
      expect(earned.filter((row) => row.n !== 1)).toEqual([]);
      expect(earned.map((row) => row.reference).sort()).toEqual([...scoring].sort());

      // No ledger transaction twice: one earn per order, at most one maturing per earning.
      const repeated = await rows<{ kind: string; reference: string; n: number }>(sql`select kind, reference, count(*)::int as n
        from ledger_transactions where tenant_id = ${tenantId} group by kind, reference having count(*) > 1`);
      expect(repeated).toEqual([]);
      const [earns] = await rows<{ n: number }>(sql`select count(*)::int as n from ledger_transactions
        where tenant_id = ${tenantId} and kind = 'earn'`);
      expect(earns!.n).toBe(scoring.size);

      // Every member's balances are what their earnings add up to (less what returns gave back):
      // pending what is not due yet, available (and lifetime earned) what matured; and the postings
      // to the member's accounts add up to the same.
      const mismatched = await rows<Record<string, unknown>>(sql`
        with earned as (
          select member_id,
            coalesce(sum(points - reversed_points) filter (where status = 'pending'), 0)::bigint as pending,
            coalesce(sum(points - reversed_points) filter (where status <> 'pending'), 0)::bigint as matured
          from earnings where tenant_id = ${tenantId} group by member_id),
        posted as (
          select split_part(p.account, ':', 2) as member_id, sum(p.amount)::bigint as amount
          from ledger_postings p where p.tenant_id = ${tenantId} and p.account like 'member:%' group by 1)
        select b.member_id, b.pending, b.available, b.held, b.lifetime_earned, e.pending as earned_pending, e.matured as earned_matured, p.amount as posted
        from member_balances b
        left join earned e on e.member_id = b.member_id
        left join posted p on p.member_id = b.member_id
        where b.tenant_id = ${tenantId}
          and (b.pending <> coalesce(e.pending, 0)
            or b.available + b.held <> coalesce(e.matured, 0)
            or b.lifetime_earned <> coalesce(e.matured, 0)
            or coalesce(p.amount, 0) <> b.pending + b.available + b.held)`);
      expect({ members: mismatched.length, first: mismatched.slice(0, 3) }).toEqual({ members: 0, first: [] });
      const [totals] = await rows<{ balances: number; kept: number }>(sql`select
          (select coalesce(sum(pending + available + held), 0)::bigint from member_balances where tenant_id = ${tenantId}) as balances,
          (select coalesce(sum(points - reversed_points), 0)::bigint from earnings where tenant_id = ${tenantId}) as kept`);
      expect(totals!.balances).toBe(totals!.kept);
      expect(totals!.kept).toBeGreaterThan(0);

      // Each customer joined once, whether the customer import or an order enrolled them.
      const [members] = await rows<{ n: number; users: number }>(sql`select count(*)::int as n,
        count(distinct vtex_user_id)::int as users from members where tenant_id = ${tenantId}`);
      expect(members).toEqual({ n: CUSTOMERS, users: CUSTOMERS });
    } finally {
      await database.close();
    }
  });
});
