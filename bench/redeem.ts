// Redemption benchmark (issue 5), on PostgreSQL: members redeeming a reward through the admin
// API (`POST /api/admin/v1/members/{id}/redemptions`: the hold, the VTEX coupon, the confirm),
// at 32 concurrent clients, with the sandbox answering every VTEX call 50 ms late as a remote
// VTEX would; beside the limit measured in the same run: the sandbox's coupon-creation call alone
// (`POST /api/rnb/pvt/coupon`) at the same concurrency and latency.
//
// Processes: the sandbox runs in a child (its own event loop, like a remote VTEX), Pontua's server
// in another (as deployed), and this process sets up the tenant on the database, then drives both
// loads with undici. The same file is the children's entry point (PONTUA_BENCH_REDEEM_ROLE).
import { fork, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import { cpus } from 'node:os';
import { fileURLToPath } from 'node:url';
import { Agent, request } from 'undici';
import { sql } from 'drizzle-orm';
import { benchDatabaseUrl } from './postgres';
import type { DatabaseConfig } from '../src/adapters/db/database';
import { secretBoxFromKeys } from '../src/adapters/crypto/secret-box';
import { saveVtexIntegration } from '../src/app/integrations/save-vtex-integration';
import { adjustPoints } from '../src/app/ledger/adjust-points';
import { createMember } from '../src/app/members/members';
import { utmSourceOf } from '../src/app/rewards/issue-coupon';
import { createReward } from '../src/app/rewards/rewards';
import { createTenant } from '../src/app/tenants/create-tenant';
import { newCouponCode } from '../src/domain/coupon-code';
import { buildApp } from '../src/http/app';
import { openContainer, systemClock } from '../src/main/container';

const ROLE_ENV = 'PONTUA_BENCH_REDEEM_ROLE';
const ACCOUNT = 'redeembench';

interface Flags {
  clients: number;
  seconds: number;
  latencyMs: number;
  members: number;
  cpuProfile: string | null;
}

function flags(argv: string[]): Flags {
  const value = (name: string, fallback: number) => {
    const at = argv.findIndex((arg) => arg === `--${name}` || arg.startsWith(`--${name}=`));
    if (at < 0) return fallback;
    const arg = argv[at]!;
    const parsed = Number(arg.includes('=') ? arg.slice(arg.indexOf('=') + 1) : argv[at + 1]);
    if (!Number.isFinite(parsed) || parsed <= 0) throw new Error(`--${name} must be a positive number`);
    return parsed;
  };
  const profileAt = argv.findIndex((arg) => arg === '--cpu-profile');
  return {
    clients: value('clients', 32), seconds: value('seconds', 10), latencyMs: value('latency-ms', 50), members: value('members', 320),
    cpuProfile: profileAt >= 0 ? (argv[profileAt + 1] ?? null) : null,
  };
}

// ---------------------------------------------------------------------------------------------
// Children

interface ServerConfig {
  database: DatabaseConfig;
  sandboxUrl: string;
  secretKeyHex: string;
  /** Where to write a V8 CPU profile of the server while it runs (`--cpu-profile FILE`). */
  cpuProfile: string | null;
}

async function sandboxChild(): Promise<void> {
  const { startSandbox } = await import('../sandbox/main');
  const sandbox = await startSandbox({ port: 0, seed: 1 });
  process.send?.({ url: sandbox.url });
  process.on('disconnect', () => void sandbox.close().then(() => process.exit(0)));
}

async function serverChild(config: ServerConfig): Promise<void> {
  const container = await openContainer(config.database, systemClock, secretBoxFromKeys(Buffer.from(config.secretKeyHex, 'hex')), {
    baseUrlTemplate: `${config.sandboxUrl}/{account}`,
  });
  const app = await buildApp(container, { logger: false });
  const url = await app.listen({ port: 0, host: '127.0.0.1' });
  const session = config.cpuProfile ? new Session() : null;
  if (session) {
    session.connect();
    await session.post('Profiler.enable');
    await session.post('Profiler.start');
  }
  process.send?.({ url });
  process.on('disconnect', () => void (async () => {
    if (session && config.cpuProfile) writeFileSync(config.cpuProfile, JSON.stringify((await session.post('Profiler.stop')).profile));
    await app.close();
    await container.close();
    process.exit(0);
  })());
}

function spawnChild(role: string, payload: unknown): { child: ChildProcess; message: Promise<{ url: string }> } {
  const child = fork(fileURLToPath(import.meta.url), [], {
    execArgv: process.execArgv,
    env: { ...process.env, [ROLE_ENV]: role, PONTUA_BENCH_PAYLOAD: JSON.stringify(payload) },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const message = new Promise<{ url: string }>((resolve, reject) => {
    child.once('message', (value) => resolve(value as { url: string }));
    child.once('error', reject);
    child.once('exit', (code) => reject(new Error(`${role} child exited with ${code} before answering`)));
  });
  return { child, message };
}

// ---------------------------------------------------------------------------------------------
// Load

interface LoadResult {
  ok: number;
  failed: number;
  seconds: number;
  p50: number;
  p99: number;
  firstFailure: string | null;
}

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((sorted.length * p) / 100))] ?? NaN;

/** `clients` loops calling `call` for `seconds` (after a short warm-up); latencies of the measured calls. */
async function load(clients: number, seconds: number, call: (client: number, n: number) => Promise<string | null>): Promise<LoadResult> {
  for (let n = 0; n < clients; n++) await call(n, -1 - n);
  const latencies: number[] = [];
  let failed = 0;
  let firstFailure: string | null = null;
  const started = performance.now();
  const end = started + seconds * 1000;
  await Promise.all(
    Array.from({ length: clients }, async (_, client) => {
      for (let n = 0; performance.now() < end; n++) {
        const t0 = performance.now();
        const failure = await call(client, n);
        if (failure === null) latencies.push(performance.now() - t0);
        else {
          failed++;
          firstFailure ??= failure;
        }
      }
    }),
  );
  const elapsed = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  return { ok: latencies.length, failed, seconds: elapsed, p50: percentile(latencies, 50), p99: percentile(latencies, 99), firstFailure };
}

async function post(url: string, body: unknown, headers: Record<string, string> = {}, dispatcher?: Agent) {
  const response = await request(url, {
    method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body), ...(dispatcher ? { dispatcher } : {}),
  });
  return { status: response.statusCode, body: (await response.body.json()) as Record<string, unknown> };
}

const fmt = (n: number, digits = 0) => n.toLocaleString('en', { maximumFractionDigits: digits, minimumFractionDigits: digits });

// ---------------------------------------------------------------------------------------------
// Driver

export async function run(): Promise<void> {
  const options = flags(process.argv.slice(2));
  const url = await benchDatabaseUrl({ fresh: true });
  if (!url) {
    console.log('the redemption benchmark needs PostgreSQL (DATABASE_URL or the local server): skipped');
    return;
  }
  console.log(`machine: ${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, node ${process.version}, ${new Date().toISOString()}`);
  console.log(`${options.clients} concurrent clients, ${options.seconds} s per measurement, VTEX latency ${options.latencyMs} ms, ${options.members} members\n`);
  const database: DatabaseConfig = { engine: 'postgres', url, poolSize: 20 };
  const secretKeyHex = randomBytes(32).toString('hex');
  const sandboxProcess = spawnChild('sandbox', null);
  const { url: sandboxUrl } = await sandboxProcess.message;
  let serverProcess: ReturnType<typeof spawnChild> | null = null;
  try {
    // The store, answering every VTEX call `latencyMs` late.
    await post(`${sandboxUrl}/_sandbox/accounts`, { name: ACCOUNT, seed: 1 });
    const key = (await post(`${sandboxUrl}/_sandbox/accounts/${ACCOUNT}/keys`, {})).body as { appKey: string; appToken: string };
    const faults = await request(`${sandboxUrl}/_sandbox/accounts/${ACCOUNT}/faults`, {
      method: 'PUT', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ latencyMs: options.latencyMs }),
    });
    if (faults.statusCode >= 300) throw new Error(`setting the sandbox latency: ${faults.statusCode} ${await faults.body.text()}`);
    await faults.body.dump();

    // The program: a tenant connected to the store, one reward, members with points to spend.
    const setup = await openContainer(database, systemClock, secretBoxFromKeys(Buffer.from(secretKeyHex, 'hex')), { baseUrlTemplate: `${sandboxUrl}/{account}` });
    const { tenantId, apiKey } = await createTenant(setup, { name: 'bench redeem' });
    await saveVtexIntegration(setup, tenantId, { accountName: ACCOUNT, appKey: key.appKey, appToken: key.appToken, storeUrl: 'https://www.loja.example', active: false });
    const reward = await createReward(setup, tenantId, { kind: 'percent_discount', name: '10% off', cost: 10, discountPercent: 10 });
    const members: string[] = [];
    for (let i = 0; i < options.members; i++) {
      const member = await createMember(setup, tenantId, { email: `shopper${i}@example.com` });
      await adjustPoints(setup, { tenantId, memberId: member.id, points: 10_000_000, reason: 'bench', actor: 'bench', idempotencyKey: `seed:${member.id}` });
      members.push(member.id);
    }

    serverProcess = spawnChild('server', { database, sandboxUrl, secretKeyHex, cpuProfile: options.cpuProfile } satisfies ServerConfig);
    const { url: pontuaUrl } = await serverProcess.message;
    const pontua = new Agent({ connections: options.clients, keepAliveTimeout: 30_000 });
    const vtex = new Agent({ connections: options.clients, keepAliveTimeout: 30_000 });
    const auth = { authorization: `Bearer ${apiKey}` };
    const vtexHeaders = { 'x-vtex-api-appkey': key.appKey, 'x-vtex-api-apptoken': key.appToken };

    // The limit first, then Pontua, then the limit again (the machine is shared: both ends show drift).
    const couponCall = async (): Promise<string | null> => {
      const saved = await post(`${sandboxUrl}/${ACCOUNT}/api/rnb/pvt/coupon`, {
        couponCode: newCouponCode(), utmSource: 'bench-baseline', maxUsage: 1, maxItemsPerClient: 1, expirationIntervalPerUse: '00:00:00',
      }, vtexHeaders, vtex);
      return saved.status === 201 || saved.status === 200 ? null : `coupon ${saved.status}: ${JSON.stringify(saved.body)}`;
    };
    const baselineBefore = await load(options.clients, options.seconds, couponCall);
    let sequence = 0;
    const redeemCall = async (client: number, n: number): Promise<string | null> => {
      // Each client redeems for its own members, as different shoppers do.
      const memberId = members[(client + options.clients * Math.abs(n)) % members.length]!;
      const answer = await post(`${pontuaUrl}/api/admin/v1/members/${memberId}/redemptions`, { rewardId: reward.id }, {
        ...auth, 'idempotency-key': `bench-${++sequence}`,
      }, pontua);
      return answer.status === 201 && answer.body.status === 'issued' ? null : `redeem ${answer.status}: ${JSON.stringify(answer.body).slice(0, 300)}`;
    };
    const pontuaResult = await load(options.clients, options.seconds, redeemCall);
    const baselineAfter = await load(options.clients, options.seconds, couponCall);

    // What the store and the ledger say: one coupon per issued redemption, nothing left held.
    const couponsResponse = await request(`${sandboxUrl}/${ACCOUNT}/api/rnb/pvt/coupon`, { headers: vtexHeaders });
    const coupons = (await couponsResponse.body.json()) as { utmSource: string }[];
    const ours = coupons.filter((coupon) => coupon.utmSource === utmSourceOf(reward.id)).length;
    const [counts] = await setup.database.query<{ issued: number; other: number; held: number }>(sql`select
      (select count(*) from redemptions where tenant_id = ${tenantId} and status = 'issued')::int as issued,
      (select count(*) from redemptions where tenant_id = ${tenantId} and status <> 'issued')::int as other,
      (select coalesce(sum(held), 0) from member_balances where tenant_id = ${tenantId})::int as held`);
    await setup.close();
    await pontua.close();
    await vtex.close();

    const rate = (r: LoadResult) => r.ok / r.seconds;
    const limit = (rate(baselineBefore) + rate(baselineAfter)) / 2;
    const rows = [
      '| measured | done | failed | rate | p50 ms | p99 ms | vs the limit |',
      '|---|---:|---:|---:|---:|---:|---:|',
      `| coupon creation alone (before) | ${fmt(baselineBefore.ok)} | ${baselineBefore.failed} | ${fmt(rate(baselineBefore))}/s | ${fmt(baselineBefore.p50, 1)} | ${fmt(baselineBefore.p99, 1)} | |`,
      `| **Pontua redemptions** (hold, coupon, confirm) | ${fmt(pontuaResult.ok)} | ${pontuaResult.failed} | **${fmt(rate(pontuaResult))}/s** | ${fmt(pontuaResult.p50, 1)} | **${fmt(pontuaResult.p99, 1)}** | **${fmt((rate(pontuaResult) / limit) * 100)} %** |`,
      `| coupon creation alone (after) | ${fmt(baselineAfter.ok)} | ${baselineAfter.failed} | ${fmt(rate(baselineAfter))}/s | ${fmt(baselineAfter.p50, 1)} | ${fmt(baselineAfter.p99, 1)} | |`,
    ];
    console.log(rows.join('\n'));
    console.log(`\nchecks: ${counts?.issued} redemptions issued (warm-up included), ${counts?.other} in another status, ${counts?.held} points left held; ` +
      `${ours} coupons of the reward in the store${pontuaResult.firstFailure ? `; first failure: ${pontuaResult.firstFailure}` : ''}`);
  } finally {
    serverProcess?.child.disconnect();
    sandboxProcess.child.disconnect();
  }
}

// ---------------------------------------------------------------------------------------------
// Child entry points

const role = process.env[ROLE_ENV];
if (role === 'sandbox') await sandboxChild();
else if (role === 'server') await serverChild(JSON.parse(process.env.PONTUA_BENCH_PAYLOAD ?? '{}') as ServerConfig);
