// `pontua audit --tenant …` as an operator runs it: a separate process on the database a store was
// imported into (embedded in a folder, and PostgreSQL when DATABASE_URL is set), reading VTEX (the
// sandbox) through VTEX_BASE_URL with the deployment's secret key.
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { secretBoxFromKeys } from '../../src/adapters/crypto/secret-box';
import { openDatabase, type Database, type DatabaseConfig } from '../../src/adapters/db/database';
import { ORDER_BATCH, processOrderEvents } from '../../src/app/orders/process-order-events';
import { runSyncJobs } from '../../src/app/sync/run-sync-jobs';
import { buildApp } from '../../src/http/app';
import { sweepLedger } from '../../src/jobs/ledger-sweep.job';
import { containerFor } from '../../src/main/container';
import type { RunningSandbox } from '../../sandbox/main';
import { seedTenant, TestClock, type World } from '../harness/world';
import { createShop, startTestSandbox } from '../harness/vtex-sandbox';

vi.setConfig({ testTimeout: 240_000 });

const run = promisify(execFile);
const BIN = join(import.meta.dirname, '../../bin/pontua.js');
const dirs: string[] = [];
let sandbox: RunningSandbox;
beforeAll(async () => {
  sandbox = await startTestSandbox();
});
afterAll(async () => {
  await sandbox?.close();
  dirs.forEach((dir) => rmSync(dir, { recursive: true, force: true }));
});

async function pontua(args: string[], env: Record<string, string>) {
  const { DATABASE_URL: _ignored, ...base } = process.env;
  try {
    const { stdout, stderr } = await run(process.execPath, [BIN, ...args], { env: { ...base, ...env }, timeout: 120_000, maxBuffer: 64 * 1024 * 1024 });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

const targets: { name: string; setup: () => { env: Record<string, string>; database: DatabaseConfig } }[] = [
  {
    name: 'embedded',
    setup: () => {
      const dir = mkdtempSync(join(tmpdir(), 'pontua-audit-'));
      dirs.push(dir);
      const dataDir = join(dir, 'data');
      return { env: { PONTUA_DATA_DIR: dataDir }, database: { engine: 'pglite', dataDir: join(dataDir, 'pglite') } };
    },
  },
  ...(process.env.DATABASE_URL
    ? [{ name: 'postgres', setup: () => ({ env: { DATABASE_URL: process.env.DATABASE_URL! }, database: { engine: 'postgres' as const, url: process.env.DATABASE_URL! } }) }]
    : []),
];

/** A store activated, imported and scored by this process, on `database`, with `key` sealing its secrets. */
async function importedStore(database: Database, key: Buffer, shopName: string): Promise<string> {
  const clock = new TestClock(new Date());
  const world: World = { ...containerFor(database, clock, secretBoxFromKeys(key), { baseUrlTemplate: `${sandbox.url}/{account}` }), clock };
  const app = await buildApp(world);
  try {
    // VTEX (the sandbox) pings the webhook when the hook is registered at activation.
    world.publicUrl = await app.listen({ port: 0, host: '127.0.0.1' });
    const shop = await createShop(sandbox, shopName, { customers: 20, orders: 60 });
    const { tenantId, apiKey } = await seedTenant(world);
    const saved = await app.inject({
      method: 'PUT',
      url: '/api/admin/v1/integrations/vtex',
      headers: { authorization: `Bearer ${apiKey}` },
      payload: { accountName: shop.name, appKey: shop.appKey, appToken: shop.appToken, storeUrl: 'https://www.loja.example', active: true, ordersImportSince: '2026-01-01' },
    });
    expect(saved.statusCode, saved.body).toBe(200);
    for (let round = 0; round < 100; round++) {
      const slices = await runSyncJobs(world, { owner: 'cli-test', leaseMs: 60_000, sliceMs: 60_000, tenantIds: [tenantId] }, 60_000);
      let settled = 0;
      for (let batch = await processOrderEvents(world, tenantId); ; batch = await processOrderEvents(world, tenantId)) {
        settled += batch.settled + batch.failed;
        if (batch.settled + batch.failed < ORDER_BATCH) break;
      }
      if (slices === 0 && settled === 0) break;
    }
    await sweepLedger(world, { tenantIds: [tenantId] });
    return tenantId;
  } finally {
    await app.close();
  }
}

describe.each(targets)('pontua audit on $name', (target) => {
  it('prints the report and exits 0 when the ledger agrees with VTEX, 3 when it does not, 1 when it cannot audit', async () => {
    const { env: databaseEnv, database: config } = target.setup();
    const key = randomBytes(32);
    const env = { ...databaseEnv, PONTUA_SECRET_KEY: key.toString('base64'), VTEX_BASE_URL: `${sandbox.url}/{account}`, LOG_LEVEL: 'warn' };
    let database = await openDatabase(config);
    let tenantId: string;
    try {
      tenantId = await importedStore(database, key, `audcli${target.name}`);
    } finally {
      // The embedded database belongs to one process: the CLI opens it after this one let go.
      await database.close();
    }

    const clean = await pontua(['audit', '--tenant', tenantId], env);
    expect(clean.code, clean.stderr).toBe(0);
    const report = JSON.parse(clean.stdout);
    expect(report).toMatchObject({ tenantId, ok: true, differences: [], orders: { inVtex: 60 } });
    expect(report.orders.scoring).toBeGreaterThan(20);
    expect(report.notes.length).toBeGreaterThan(0);

    database = await openDatabase(config);
    let memberId: string;
    try {
      const [member] = await database.query<{ member_id: string }>(sql`select member_id from member_balances where tenant_id = ${tenantId} and available > 0 order by member_id limit 1`);
      memberId = member!.member_id;
      await database.query(sql`update member_balances set available = available - 1 where tenant_id = ${tenantId} and member_id = ${memberId}`);
    } finally {
      await database.close();
    }
    const tampered = await pontua(['audit', '--tenant', tenantId], env);
    expect(tampered.code, tampered.stderr).toBe(3);
    const found = JSON.parse(tampered.stdout);
    expect(found.ok).toBe(false);
    expect(found.differences.map((difference: { kind: string; memberId: string }) => [difference.kind, difference.memberId])).toEqual([['balance_mismatch', memberId]]);

    const unknown = await pontua(['audit', '--tenant', 'ten_01AAAAAAAAAAAAAAAAAAAAAAAA'], env);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr.trim()).toBe('pontua: tenant ten_01AAAAAAAAAAAAAAAAAAAAAAAA not found');
    const missing = await pontua(['audit'], env);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/^pontua: --tenant is required/);
  });
});
