// The operator CLI as an operator runs it: a separate process, on the embedded database in a
// folder and on PostgreSQL when DATABASE_URL is set.
import { spawn, execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { openDatabase } from '../../src/adapters/db/database';
import { containerFor } from '../../src/main/container';
import { signIn } from '../../src/app/admin/sessions';

// Each case starts Node processes that open a database: slow on a loaded 2-core machine.
vi.setConfig({ testTimeout: 180_000 });

const run = promisify(execFile);
const BIN = join(import.meta.dirname, '../../bin/pontua.js');
const dirs: string[] = [];
afterAll(() => dirs.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

function tempDir() {
  const dir = mkdtempSync(join(tmpdir(), 'pontua-cli-'));
  dirs.push(dir);
  return dir;
}

async function pontua(args: string[], env: Record<string, string>) {
  const { DATABASE_URL: _ignored, ...base } = process.env;
  try {
    const { stdout, stderr } = await run(process.execPath, [BIN, ...args], { env: { ...base, ...env }, timeout: 60_000 });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

/** `pontua` with `input` on its standard input. */
function pontuaWithInput(args: string[], env: Record<string, string>, input: string) {
  const { DATABASE_URL: _ignored, ...base } = process.env;
  return new Promise<{ code: number; stdout: string; stderr: string }>((resolve) => {
    const child = spawn(process.execPath, [BIN, ...args], { env: { ...base, ...env }, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('exit', (code) => resolve({ code: code ?? 1, stdout, stderr }));
    child.stdin.end(input);
  });
}

const targets: { name: string; env: () => Record<string, string> }[] = [
  { name: 'embedded', env: () => ({ PONTUA_DATA_DIR: join(tempDir(), 'data') }) },
  ...(process.env.DATABASE_URL ? [{ name: 'postgres', env: () => ({ DATABASE_URL: process.env.DATABASE_URL! }) }] : []),
];

describe.each(targets)('pontua CLI on $name', (target) => {
  it('creates a tenant, then another API key for it, printing JSON', async () => {
    const env = target.env();
    const created = await pontua(['tenant', 'create', '--name', 'Loja X'], env);
    expect(created.code, created.stderr).toBe(0);
    const tenant = JSON.parse(created.stdout);
    expect(tenant.tenantId).toMatch(/^ten_/);
    expect(tenant.apiKey).toMatch(new RegExp(`^psk\\.${tenant.tenantId}\\.key_`));
    const key = await pontua(['apikey', 'create', '--tenant', tenant.tenantId], env);
    expect(key.code, key.stderr).toBe(0);
    expect(JSON.parse(key.stdout)).toMatchObject({ tenantId: tenant.tenantId, apiKey: expect.stringMatching(/^psk\./) });
    const sync = await pontua(['sync', 'status', '--tenant', tenant.tenantId], env);
    expect(sync.code, sync.stderr).toBe(0);
    expect(JSON.parse(sync.stdout)).toMatchObject({ integration: null, orderEvents: { pending: 0, failed: 0 } });
  });

  it('adds a panel user with a generated password or one read from stdin, who can then sign in', async () => {
    const env = target.env();
    const { tenantId } = JSON.parse((await pontua(['tenant', 'create', '--name', 'Loja U'], env)).stdout);
    const generated = await pontua(['user', 'create', '--tenant', tenantId, '--email', 'Owner@Loja.example'], env);
    expect(generated.code, generated.stderr).toBe(0);
    const owner = JSON.parse(generated.stdout);
    expect(owner).toMatchObject({ tenantId, userId: expect.stringMatching(/^usr_/), email: 'owner@loja.example', password: expect.stringMatching(/^[A-Za-z0-9_-]{20}$/) });
    const piped = await pontuaWithInput(['user', 'create', '--tenant', tenantId, '--email', 'bia@loja.example', '--name', 'Bia', '--password-stdin'], env, 'bia-chosen-password\n');
    expect(piped.code, piped.stderr).toBe(0);
    expect(JSON.parse(piped.stdout)).not.toHaveProperty('password');
    const weak = await pontuaWithInput(['user', 'create', '--tenant', tenantId, '--email', 'weak@loja.example', '--password-stdin'], env, 'short\n');
    expect(weak.code).toBe(1);
    expect(weak.stderr.trim()).toBe('pontua: password: must have at least 10 characters');
    const twice = await pontua(['user', 'create', '--tenant', tenantId, '--email', 'owner@loja.example'], env);
    expect(twice.stderr.trim()).toBe('pontua: this e-mail already has a user');

    const database = await openDatabase(env.DATABASE_URL ? { engine: 'postgres', url: env.DATABASE_URL } : { engine: 'pglite', dataDir: join(env.PONTUA_DATA_DIR!, 'pglite') });
    try {
      const container = containerFor(database);
      expect((await signIn(container, { email: 'owner@loja.example', password: owner.password, tenantId })).user.id).toBe(owner.userId);
      expect((await signIn(container, { email: 'bia@loja.example', password: 'bia-chosen-password', tenantId })).user.name).toBe('Bia');
    } finally {
      await database.close();
    }
  });

  it('says what is wrong in one line for a missing option or an unknown tenant', async () => {
    const env = target.env();
    const missing = await pontua(['tenant', 'create'], env);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/^pontua: --name is required/);
    const unknown = await pontua(['apikey', 'create', '--tenant', 'ten_01AAAAAAAAAAAAAAAAAAAAAAAA'], env);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr.trim()).toBe('pontua: tenant ten_01AAAAAAAAAAAAAAAAAAAAAAAA not found');
  });
});

describe('the embedded database belongs to one process', () => {
  it('refuses the CLI in one clear line while the server holds the database', async () => {
    const dataDir = join(tempDir(), 'data');
    const { DATABASE_URL: _ignored, ...base } = process.env;
    const server = spawn(process.execPath, [BIN, 'serve', '--no-worker'], {
      env: { ...base, PONTUA_DATA_DIR: dataDir, PORT: '0', LOG_LEVEL: 'info' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    try {
      const output = await new Promise<string>((resolve, reject) => {
        let text = '';
        server.stdout.on('data', (chunk: Buffer) => {
          text += chunk.toString();
          if (text.includes('Pontua is listening')) resolve(text);
        });
        server.on('exit', (code) => reject(new Error(`server exited with ${code}: ${text}`)));
      });
      // The first start on an empty database leaves a program's API key in a private file.
      const keyFile = join(dataDir, 'first-api-key.txt');
      expect(statSync(keyFile).mode & 0o777).toBe(0o600);
      const port = /Server listening at http:\/\/127\.0\.0\.1:(\d+)/.exec(output)?.[1];
      const program = await fetch(`http://127.0.0.1:${port}/api/admin/v1/program`, {
        headers: { authorization: `Bearer ${readFileSync(keyFile, 'utf8').trim()}` },
      });
      expect(program.status).toBe(200);
      expect(await program.json()).toMatchObject({ name: 'Minha loja' });
      expect(output).not.toContain(readFileSync(keyFile, 'utf8').trim());
      // Until the panel has a user, the log says where to create the first one; that link works.
      const setupUrl = /first run: create the first panel user at (\S+)"/.exec(output)?.[1];
      expect(setupUrl).toMatch(/\/admin\/setup\?token=[A-Za-z0-9_-]{22}$/);
      const token = new URL(setupUrl!).searchParams.get('token');
      const setup = await fetch(`http://127.0.0.1:${port}/api/admin/v1/auth/setup`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ token, storeName: 'Loja do Zé', name: 'Zé', email: 'ze@loja.example', password: 'ze-long-password' }),
      });
      expect(setup.status).toBe(201);
      expect(((await setup.json()) as { tenant: unknown }).tenant).toMatchObject({ name: 'Loja do Zé' });
      const refused = await pontua(['tenant', 'create', '--name', 'Loja Y'], { PONTUA_DATA_DIR: dataDir });
      expect(refused.code).toBe(1);
      const lines = refused.stderr.trim().split('\n');
      expect(lines).toHaveLength(1);
      expect(lines[0]).toMatch(/in use by another Pontua process \(pid \d+\)/);
    } finally {
      server.kill('SIGTERM');
      await new Promise((resolve) => server.once('exit', resolve));
    }
    const afterwards = await pontua(['tenant', 'create', '--name', 'Loja Y'], { PONTUA_DATA_DIR: dataDir });
    expect(afterwards.code, afterwards.stderr).toBe(0);
  });
});
