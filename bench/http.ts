// HTTP load benchmark (issue 9), on PostgreSQL: the storefront balance endpoint (`GET
// /api/storefront/v1/me`) and the VTEX order hook (`POST /webhooks/vtex/{tenantId}/orders`) under
// autocannon at 64 keep-alive connections, beside a plain Fastify hello-world route measured in
// the same run with the same load (connections, warm-up, duration, request shape).
//
// Processes: Pontua runs as deployed, `node bin/pontua.js serve --no-worker` (its own event loop;
// without the worker, a hook's work is recording the event: settling it is the worker's, measured
// by `bench import`); the hello-world app runs in a second child (with a second reference route:
// one primary-key SELECT through pg, the least a balance can cost), the VTEX sandbox in a third only
// while the integration is saved active (that registers the hook in VTEX, which pings it). This
// process seeds the database and runs autocannon. The same file is the children's entry point.
//
// The storefront's rate limits (src/http/routes/storefront.ts) stay as shipped: 300 requests a
// minute per IP and 120 per member. Per member: each request carries the token of the next of
// 10,000 members, so a member is asked for once every 10,000 requests. Per IP: every connection
// leaves from its own loopback source address (Linux routes all of 127.0.0.0/8 to `lo`) and is
// reopened from a new one after 250 requests (autocannon's `reconnectRate`), so no address ever
// sends more than 250 — as many shoppers behind their own IPs would. autocannon has no
// `localAddress` option, so the source address is given by wrapping `net.connect` for the
// target's port while a measurement runs. Every scenario, hello-world included, is driven so
// (bench/http-load.ts, which also reads each process's CPU time per answer from /proc).
import { fork, spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import { sql } from 'drizzle-orm';
import { measure, sourceAddresses, type Measured } from './http-load';
import { benchDatabaseUrl } from './postgres';
import type { DatabaseConfig } from '../src/adapters/db/database';
import { secretBoxFromKeys } from '../src/adapters/crypto/secret-box';
import { getVtexCredentials } from '../src/app/integrations/get-vtex-credentials';
import { HOOK_SECRET_HEADER } from '../src/app/integrations/receive-order-hook';
import { saveVtexIntegration } from '../src/app/integrations/save-vtex-integration';
import { adjustPoints } from '../src/app/ledger/adjust-points';
import { earnPoints } from '../src/app/ledger/earn-points';
import { issueMemberToken } from '../src/app/storefront/member-token';
import { createTenant } from '../src/app/tenants/create-tenant';
import { openContainer, systemClock } from '../src/main/container';

const ROLE_ENV = 'PONTUA_BENCH_HTTP_ROLE';
const ACCOUNT = 'httpbench';
const STORE_URL = 'https://www.loja.example';
const SCENARIOS = ['hello', 'select', 'balance', 'hook'] as const;
type Scenario = (typeof SCENARIOS)[number];
const TARGETS: Record<Scenario, { ratio: number; p99Ms: number } | null> = {
  hello: null,
  select: null,
  balance: { ratio: 0.5, p99Ms: 25 },
  hook: { ratio: 0.3, p99Ms: 50 },
};
const LABELS: Record<Scenario, string> = {
  hello: 'hello-world (plain Fastify, GET)',
  select: 'reference: plain Fastify + one primary-key SELECT (pg, prepared)',
  balance: 'storefront balance `GET /api/storefront/v1/me`',
  hook: 'VTEX order hook `POST /webhooks/vtex/{tenant}/orders`',
};

// ---------------------------------------------------------------------------------------------
// Flags: --connections N --warmup S --seconds S --repeats N --members N
//        --scenarios hello,select,balance,hook --log-level info (Pontua's LOG_LEVEL; shipped: info)
//        --pool N (Pontua's DATABASE_POOL_SIZE; shipped: 10) --cpu-profile DIR (Pontua's --cpu-prof)

interface Flags {
  connections: number;
  warmup: number;
  seconds: number;
  repeats: number;
  members: number;
  scenarios: Scenario[];
  logLevel: string;
  pool: number;
  cpuProfileDir: string | null;
}

function flags(argv: string[]): Flags {
  const value = (name: string): string | undefined => {
    const at = argv.findIndex((arg) => arg === `--${name}` || arg.startsWith(`--${name}=`));
    if (at < 0) return undefined;
    const arg = argv[at]!;
    return arg.includes('=') ? arg.slice(arg.indexOf('=') + 1) : argv[at + 1];
  };
  const number = (name: string, fallback: number) => {
    const text = value(name);
    const parsed = text === undefined ? fallback : Number(text.replace(/_/g, ''));
    if (!Number.isFinite(parsed) || parsed <= 0) throw new Error(`--${name} must be a positive number`);
    return parsed;
  };
  const scenarios = (value('scenarios') ?? SCENARIOS.join(',')).split(',').filter(Boolean);
  for (const name of scenarios) if (!(SCENARIOS as readonly string[]).includes(name)) throw new Error(`--scenarios: unknown "${name}"`);
  const profile = value('cpu-profile');
  return {
    connections: number('connections', 64), warmup: number('warmup', 10), seconds: number('seconds', 20), repeats: number('repeats', 3),
    members: number('members', 10_000), scenarios: scenarios as Scenario[], logLevel: value('log-level') ?? 'info', pool: number('pool', 10),
    cpuProfileDir: profile ? resolve(profile) : null,
  };
}

// ---------------------------------------------------------------------------------------------
// Children

async function sandboxChild(): Promise<void> {
  const { startSandbox } = await import('../sandbox/main');
  const sandbox = await startSandbox({ port: 0, seed: 1 });
  process.send?.({ url: sandbox.url });
  process.on('disconnect', () => void sandbox.close().then(() => process.exit(0)));
}

async function helloChild(): Promise<void> {
  const { default: Fastify } = await import('fastify');
  const { default: pg } = await import('pg');
  const pool = new pg.Pool({ connectionString: process.env.PONTUA_BENCH_DATABASE_URL, max: 10 });
  const app = Fastify({ logger: false });
  app.get('/hello', async () => ({ hello: 'world' }));
  // The member's balance row by its primary key, a named (prepared) statement: one round trip.
  app.get('/balance', async (request) => {
    const { rows } = await pool.query({
      name: 'balance_by_pk', text: 'select available, held, pending from member_balances where tenant_id = $1 and member_id = $2',
      values: [request.headers['x-tenant-id'], request.headers['x-member-id']],
    });
    return { balance: rows[0] ?? null };
  });
  const url = await app.listen({ port: 0, host: '127.0.0.1' });
  process.send?.({ url });
  process.on('disconnect', () => void app.close().then(() => pool.end()).then(() => process.exit(0)));
}

function forkChild(role: string, env: Record<string, string> = {}): { child: ChildProcess; url: Promise<string> } {
  const child = fork(fileURLToPath(import.meta.url), [], {
    execArgv: process.execArgv, env: { ...process.env, ...env, [ROLE_ENV]: role }, stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const url = new Promise<string>((resolveUrl, reject) => {
    child.once('message', (message) => resolveUrl((message as { url: string }).url));
    child.once('error', reject);
    child.once('exit', (code) => reject(new Error(`${role} child exited with ${code} before answering`)));
  });
  return { child, url };
}

async function freePort(): Promise<number> {
  const { createServer } = await import('node:net');
  const server = createServer();
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const address = server.address();
  await new Promise<void>((done) => server.close(() => done()));
  if (typeof address !== 'object' || !address) throw new Error('no free port');
  return address.port;
}

/** `pontua serve --no-worker` as deployed; resolves when /readyz answers. */
async function startPontua(env: Record<string, string>, cpuProfileDir: string | null): Promise<{ child: ChildProcess; url: string; exited: Promise<void> }> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const root = fileURLToPath(new URL('..', import.meta.url));
  const profile = cpuProfileDir ? ['--cpu-prof', `--cpu-prof-dir=${cpuProfileDir}`] : [];
  // stdout (a JSON log line per request at info) goes to /dev/null; errors still show.
  const child = spawn(process.execPath, [...profile, join(root, 'bin/pontua.js'), 'serve', '--no-worker'], {
    cwd: root, env: { ...process.env, ...env, PORT: String(port), HOST: '127.0.0.1', PONTUA_PUBLIC_URL: url }, stdio: ['ignore', 'ignore', 'inherit'],
  });
  const exited = new Promise<void>((done) => child.once('exit', () => done()));
  // Compiling the sources through tsx takes a while on a busy machine.
  const deadline = performance.now() + 180_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`pontua serve exited with ${child.exitCode}`);
    const ready = await fetch(`${url}/readyz`).then((answer) => answer.ok, () => false);
    if (ready) return { child, url, exited };
    if (performance.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error('pontua serve did not become ready in 180 s');
    }
    await new Promise((done) => setTimeout(done, 100));
  }
}

// ---------------------------------------------------------------------------------------------
// Driver

const fmt = (n: number, digits = 0) => n.toLocaleString('en', { maximumFractionDigits: digits, minimumFractionDigits: digits });
const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
};

export async function run(): Promise<void> {
  const options = flags(process.argv.slice(2));
  const databaseUrl = await benchDatabaseUrl({ fresh: true });
  if (!databaseUrl) {
    console.log('the HTTP benchmark needs PostgreSQL (DATABASE_URL or the local server): skipped');
    return;
  }
  console.log(`machine: ${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, node ${process.version}, load average ${loadavg().map((n) => n.toFixed(1)).join(' ')}, ${new Date().toISOString()}`);
  console.log(`${options.connections} connections, ${options.warmup} s warm-up + ${options.seconds} s measured per run, ${options.repeats} runs of each scenario, ` +
    `${fmt(options.members)} members; Pontua: LOG_LEVEL=${options.logLevel}, pool ${options.pool}, no worker\n`);
  const secretKey = randomBytes(32);
  const dataDir = mkdtempSync(join(tmpdir(), 'pontua-bench-http-'));
  if (options.cpuProfileDir) mkdirSync(options.cpuProfileDir, { recursive: true });
  const hello = forkChild('hello', { PONTUA_BENCH_DATABASE_URL: databaseUrl });
  let pontua: Awaited<ReturnType<typeof startPontua>> | null = null;
  try {
    pontua = await startPontua({
      DATABASE_URL: databaseUrl, DATABASE_POOL_SIZE: String(options.pool), PONTUA_SECRET_KEY: secretKey.toString('hex'), PONTUA_DATA_DIR: dataDir,
      LOG_LEVEL: options.logLevel,
    }, options.cpuProfileDir);
    const helloUrl = await hello.url;

    // The program, connected to the store (saved active: the hook registered in the sandbox, which
    // pings Pontua), and its members, each with points available and some pending.
    const database: DatabaseConfig = { engine: 'postgres', url: databaseUrl, poolSize: 16 };
    const sandbox = forkChild('sandbox');
    const sandboxUrl = await sandbox.url;
    const setup = await openContainer(database, systemClock, secretBoxFromKeys(secretKey), { baseUrlTemplate: `${sandboxUrl}/{account}`, publicUrl: pontua.url });
    const seeded = performance.now();
    let tenantId: string;
    let publicKey: string;
    let hookSecret: string;
    let appKey: string;
    let memberIds: string[];
    try {
      await fetch(`${sandboxUrl}/_sandbox/accounts`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ name: ACCOUNT, seed: 1 }) });
      const key = (await (await fetch(`${sandboxUrl}/_sandbox/accounts/${ACCOUNT}/keys`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' })).json()) as {
        appKey: string; appToken: string;
      };
      appKey = key.appKey;
      const created = await createTenant(setup, { name: 'bench http' });
      tenantId = created.tenantId;
      publicKey = created.program.publicKey;
      await saveVtexIntegration(setup, tenantId, {
        accountName: ACCOUNT, appKey: key.appKey, appToken: key.appToken, storeUrl: STORE_URL, active: true, importCustomers: false, importOrders: false,
      });
      hookSecret = (await getVtexCredentials(setup, tenantId))!.hookSecret;
      const now = new Date();
      for (let start = 0; start < options.members; start += 1_000) {
        await setup.memberImports.upsert(tenantId, Array.from({ length: Math.min(1_000, options.members - start) }, (_, k) => ({
          vtexUserId: `bench-user-${start + k}`, email: `shopper${start + k}@bench.example`, name: `Shopper ${start + k}`,
          document: null, phone: null, birthDate: null, marketingOptIn: false,
        })), now);
      }
      memberIds = (await setup.database.query<{ id: string }>(sql`select id from members where tenant_id = ${tenantId} order by id`)).map((row) => row.id);
      const dueAt = new Date(now.getTime() + 7 * 86_400_000);
      let next = 0;
      await Promise.all(Array.from({ length: 16 }, async () => {
        for (let i = next++; i < memberIds.length; i = next++) {
          const memberId = memberIds[i]!;
          await adjustPoints(setup, { tenantId, memberId, points: 1_000 + i, reason: 'bench', actor: 'bench', idempotencyKey: `seed:${memberId}` });
          // A third of the members also wait for an order's points.
          if (i % 3 === 0) await earnPoints(setup, { tenantId, memberId, points: 50, reference: `order:seed-${i}`, dueAt, idempotencyKey: `earn:order:seed-${i}` });
        }
      }));
      // A database that has been running has statistics; a fresh one would be planned as empty.
      await setup.database.query(sql`analyze`);
    } finally {
      await setup.close();
      sandbox.child.disconnect();
    }
    console.log(`seeded 1 program and ${fmt(memberIds.length)} members in ${fmt((performance.now() - seeded) / 1000, 1)} s`);

    const secrets = secretBoxFromKeys(secretKey);
    const tokens = memberIds.map((memberId) => `Bearer ${issueMemberToken({ secrets }, { tenantId, memberId }, new Date()).token}`);
    let tokenAt = 0;
    // Every GET carries the balance request's headers, hello-world's too (the same bytes to build, send
    // and parse); the reference route reads its member from x-tenant-id and x-member-id.
    const storefrontRequest = (path: string) => (): autocannon.Request => {
      const at = tokenAt++ % tokens.length;
      return {
        method: 'GET', path,
        headers: { 'x-pontua-key': publicKey, origin: STORE_URL, authorization: tokens[at]!, 'x-tenant-id': tenantId, 'x-member-id': memberIds[at]! },
      };
    };
    const runTag = Date.now().toString(36);
    let order = 0;
    const hookRequest = (): autocannon.Request => {
      const orderId = `B${runTag}${++order}-01`;
      const at = new Date().toISOString();
      return {
        method: 'POST', path: `/webhooks/vtex/${tenantId}/orders`, headers: { 'content-type': 'application/json', [HOOK_SECRET_HEADER]: hookSecret },
        body: JSON.stringify({
          Domain: 'Marketplace', OrderId: orderId, State: 'invoiced', LastState: 'invoice', LastChange: at, CurrentChange: at, Origin: { Account: ACCOUNT, Key: appKey },
        }),
      };
    };
    const databaseName = new URL(databaseUrl).pathname.slice(1);
    const pontuaProcess = { serverPid: pontua.child.pid!, database: databaseName };
    const plan: Record<Scenario, { url: string; request: () => autocannon.Request; processes: { serverPid: number; database: string } }> = {
      hello: { url: helloUrl, request: storefrontRequest('/hello'), processes: { serverPid: hello.child.pid!, database: databaseName } },
      select: { url: helloUrl, request: storefrontRequest('/balance'), processes: { serverPid: hello.child.pid!, database: databaseName } },
      balance: { url: pontua.url, request: storefrontRequest('/api/storefront/v1/me'), processes: pontuaProcess },
      hook: { url: pontua.url, request: hookRequest, processes: pontuaProcess },
    };

    const nextAddress = sourceAddresses();
    const results: Record<Scenario, Measured[]> = { hello: [], select: [], balance: [], hook: [] };
    const scenarios: Scenario[] = ['hello', ...options.scenarios.filter((name) => name !== 'hello')];
    const countEvents = async () => {
      const counter = await openContainer(database, systemClock);
      try {
        const [row] = await counter.database.query<{ n: number }>(sql`select count(*)::int as n from order_events where tenant_id = ${tenantId}`);
        return row?.n ?? 0;
      } finally {
        await counter.close();
      }
    };
    for (let repeat = 1; repeat <= options.repeats; repeat++) {
      for (const scenario of scenarios) {
        const { url, request, processes } = plan[scenario];
        await measure(url, options.connections, options.warmup, request, nextAddress, processes);
        const eventsBefore = scenario === 'hook' ? await countEvents() : 0;
        const measured = await measure(url, options.connections, options.seconds, request, nextAddress, processes);
        results[scenario].push(measured);
        const recorded = scenario === 'hook' ? `, ${fmt((await countEvents()) - eventsBefore)} order events recorded` : '';
        console.log(`run ${repeat} ${scenario}: ${fmt(measured.rate)} req/s, p50 ${fmt(measured.p50, 2)} ms, p99 ${fmt(measured.p99, 2)} ms, ` +
          `${fmt(measured.ok)} 2xx, ${measured.non2xx} non-2xx, ${measured.errors} errors; statuses ${JSON.stringify(measured.statuses)}${recorded}; ` +
          `CPU per answer: server ${fmt(measured.cpuMs.server, 3)} ms, PostgreSQL ${fmt(measured.cpuMs.database, 3)} ms, autocannon ${fmt(measured.cpuMs.generator, 3)} ms; ` +
          `load average ${loadavg()[0]!.toFixed(1)}`);
      }
    }

    // Each run's ratio is to the hello-world run of the same round (minutes apart at most).
    const ratios = (scenario: Scenario) => results[scenario].map((measured, i) => measured.rate / (results.hello[i]?.rate ?? NaN));
    // CPU per answer does not move with the machine's other work the way req/s does: hello-world's
    // total over the scenario's is the share of hello-world's rate the scenario could reach if the
    // benchmark had the cores to itself (the server's share alone bounds it too: one event loop).
    const cpuTotal = (m: Measured) => m.cpuMs.server + m.cpuMs.database + m.cpuMs.generator;
    const rows = [
      `| scenario (${options.connections} connections, median of ${options.repeats} runs) | req/s | p50 ms | p99 ms | errors / non-2xx | vs hello-world | target | met? | ` +
        'CPU ms per answer: server + PostgreSQL + autocannon | hello-world CPU / this |',
      '|---|---:|---:|---:|---:|---:|---|---|---:|---:|',
    ];
    const spread = [];
    for (const scenario of scenarios) {
      const runs = results[scenario];
      const rate = median(runs.map((r) => r.rate));
      const p99 = median(runs.map((r) => r.p99));
      const ratio = scenario === 'hello' ? 1 : median(ratios(scenario));
      const target = TARGETS[scenario];
      const met = target ? (ratio >= target.ratio && p99 < target.p99Ms ? 'yes' : 'no') : '';
      rows.push(`| ${LABELS[scenario]} | ${fmt(rate)} | ${fmt(median(runs.map((r) => r.p50)), 2)} | ${fmt(p99, 2)} | ` +
        `${fmt(runs.reduce((n, r) => n + r.errors, 0))} / ${fmt(runs.reduce((n, r) => n + r.non2xx, 0))} | ${scenario === 'hello' ? '100 %' : target ? `**${fmt(ratio * 100)} %**` : `${fmt(ratio * 100)} %`} | ` +
        `${target ? `≥ ${fmt(target.ratio * 100)} %, p99 < ${target.p99Ms} ms` : ''} | ${met} | ` +
        `${fmt(median(runs.map((r) => r.cpuMs.server)), 3)} + ${fmt(median(runs.map((r) => r.cpuMs.database)), 3)} + ${fmt(median(runs.map((r) => r.cpuMs.generator)), 3)} | ` +
        `${fmt(median(runs.map((r, i) => (results.hello[i] ? cpuTotal(results.hello[i]) : NaN) / cpuTotal(r))) * 100)} % |`);
      spread.push(`${scenario}: req/s ${runs.map((r) => fmt(r.rate)).join(' / ')}, p99 ${runs.map((r) => fmt(r.p99, 1)).join(' / ')} ms` +
        (scenario === 'hello' ? '' : `, vs hello-world ${ratios(scenario).map((r) => `${fmt(r * 100)} %`).join(' / ')}`));
    }
    console.log(`\n${rows.join('\n')}\n\nspread (run 1 / 2 / …): ${spread.join('; ')}`);
  } finally {
    hello.child.disconnect();
    if (pontua) {
      // SIGTERM: the server finishes in-flight requests and exits (writing its --cpu-prof profile).
      pontua.child.kill('SIGTERM');
      await pontua.exited;
      if (options.cpuProfileDir) console.log(`Pontua's CPU profile: ${options.cpuProfileDir}`);
    }
    rmSync(dataDir, { recursive: true, force: true });
  }
}

// ---------------------------------------------------------------------------------------------
// Child entry points

const role = process.env[ROLE_ENV];
if (role === 'sandbox') await sandboxChild();
else if (role === 'hello') await helloChild();
