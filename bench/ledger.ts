// Ledger throughput on each engine, beside baselines measured in the same run on the same
// engine: plain single-row INSERTs (one transaction each) for writes, plain primary-key SELECTs
// for reads. An earn or a mature counts as one ledger transaction.
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import { benchDatabaseUrl } from './postgres';
import { openDatabase, type Database, type DatabaseConfig } from '../src/adapters/db/database';
import { containerFor, type Container } from '../src/main/container';
import { adjustPoints } from '../src/app/ledger/adjust-points';
import { earnPoints } from '../src/app/ledger/earn-points';
import { maturePoints } from '../src/app/ledger/mature-points';
import { getBalance } from '../src/app/ledger/get-balance';
import { createTenant } from '../src/app/tenants/create-tenant';
import { createMember } from '../src/app/members/members';

const SECONDS = Number(process.env.BENCH_SECONDS) || 4;
// A multiple of the largest client count, so each client works on members no other client touches.
const MEMBERS = 16 * 13;

interface Measure {
  ops: number;
  seconds: number;
}

/** Runs `op` from `clients` concurrent loops for SECONDS; returns operations per second. */
async function measure(clients: number, op: (client: number, i: number) => Promise<number>): Promise<Measure> {
  const warmUntil = Date.now() + 300;
  let warm = 0;
  while (Date.now() < warmUntil) await op(0, warm++);
  const start = process.hrtime.bigint();
  const end = Date.now() + SECONDS * 1000;
  let ops = 0;
  await Promise.all(
    Array.from({ length: clients }, async (_, client) => {
      for (let i = 0; Date.now() < end; i++) {
        // Not `ops += await op()`: that reads `ops` before the await and loses concurrent counts.
        const done = await op(client, i + 1_000_000);
        ops += done;
      }
    }),
  );
  return { ops, seconds: Number(process.hrtime.bigint() - start) / 1e9 };
}

const rate = (m: Measure) => m.ops / m.seconds;
let sequence = 0;

async function benchEngine(label: string, config: DatabaseConfig, rows: string[]) {
  const database: Database = await openDatabase(config);
  const container: Container = containerFor(database);
  await database.query(sql`create table if not exists bench_baseline (id bigserial primary key, tenant_id text not null, payload text not null)`);
  const { tenantId } = await createTenant(container, { name: `bench ${Date.now()}` });
  const members: string[] = [];
  for (let i = 0; i < MEMBERS; i++) {
    const member = await createMember(container, tenantId, { email: `bench${i}.${Date.now()}@example.com` });
    await adjustPoints(container, { tenantId, memberId: member.id, points: 100, reason: 'bench', actor: 'bench', idempotencyKey: `seed:${member.id}` });
    members.push(member.id);
  }
  const [{ maxId } = { maxId: 0 }] = await database.query<{ maxId: number }>(sql`select coalesce(max(id), 0)::bigint as "maxId" from bench_baseline`);
  const run = `${Date.now()}`;

  for (const clients of [1, 16]) {
    const baseline = await measure(clients, async (client, i) => {
      await database.transaction((tx) => tx.query(sql`insert into bench_baseline (tenant_id, payload) values (${tenantId}, ${`${client}:${i}`})`));
      return 1;
    });
    const ledger = await measure(clients, async (client, i) => {
      // Each client works on its own members, as concurrent orders of different shoppers do.
      const memberId = members[(client + clients * i) % MEMBERS]!;
      const n = ++sequence;
      const earned = await earnPoints(container, {
        tenantId,
        memberId,
        points: 10,
        reference: `order:${run}-${n}`,
        dueAt: container.clock.now(),
        idempotencyKey: `earn:order:${run}-${n}`,
      });
      // The maturing job knows each earning's member (dueEarnings returns it), so it passes it on.
      await maturePoints(container, { tenantId, earningId: earned.transaction.id, memberId });
      return 2;
    });
    rows.push(
      `| ${label} | ${clients} | ledger earn+mature | ${rate(ledger).toFixed(0)} tx/s | plain INSERT | ${rate(baseline).toFixed(0)} tx/s | ${((rate(ledger) / rate(baseline)) * 100).toFixed(0)} % |`,
    );
    console.log(rows.at(-1));
  }
  const [{ total } = { total: 1 }] = await database.query<{ total: number }>(sql`select max(id)::bigint as total from bench_baseline`);
  for (const clients of [1, 16]) {
    const baseline = await measure(clients, async (_client, i) => {
      const id = maxId + 1 + ((i * 7919) % Math.max(1, total - maxId));
      await database.query(sql`select id, tenant_id, payload from bench_baseline where id = ${id}`);
      return 1;
    });
    const reads = await measure(clients, async (client, i) => {
      await getBalance(container, tenantId, members[(client * 13 + i) % MEMBERS]!);
      return 1;
    });
    rows.push(
      `| ${label} | ${clients} | balance read | ${rate(reads).toFixed(0)} reads/s | plain PK SELECT | ${rate(baseline).toFixed(0)} reads/s | ${((rate(reads) / rate(baseline)) * 100).toFixed(0)} % |`,
    );
    console.log(rows.at(-1));
  }
  await database.close();
}

export async function run(): Promise<void> {
  console.log(`machine: ${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, node ${process.version}; ${SECONDS} s per measurement\n`);
  const rows = [
    '| engine | clients | ledger | rate | baseline | rate | ledger / baseline |',
    '|---|---:|---|---:|---|---:|---:|',
  ];
  console.log(rows.join('\n'));
  const dir = mkdtempSync(join(tmpdir(), 'pontua-bench-'));
  try {
    await benchEngine('PGlite (on disk)', { engine: 'pglite', dataDir: join(dir, 'pglite') }, rows);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  const url = await benchDatabaseUrl({ fresh: false });
  if (url) await benchEngine('PostgreSQL 15', { engine: 'postgres', url, poolSize: 20 }, rows);
  console.log(`\n${rows.join('\n')}`);
}
