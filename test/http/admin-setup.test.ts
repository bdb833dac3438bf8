// The first run: while a deployment has no panel user, /admin/setup creates the first store and
// user with the token the server printed. Each case needs a database without any panel user, so
// on PostgreSQL it makes a database of its own.
import { randomBytes } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import pg from 'pg';
import { sql } from 'drizzle-orm';
import { openDatabase, type Database } from '../../src/adapters/db/database';
import { buildApp } from '../../src/http/app';
import { setupToken } from '../../src/app/admin/first-run';
import { createTenant } from '../../src/app/tenants/create-tenant';
import { engines } from '../harness/databases';
import { worldOn } from '../harness/world';

const postgresUrl = process.env.DATABASE_URL?.trim();

async function emptyDatabase(engine: (typeof engines)[number]): Promise<{ database: Database; drop(): Promise<void> }> {
  if (engine.name === 'pglite') {
    const database = await engine.open();
    return { database, drop: () => database.close() };
  }
  const name = `pontua_setup_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: postgresUrl });
  await admin.connect();
  await admin.query(`create database ${name}`);
  const url = new URL(postgresUrl!);
  url.pathname = `/${name}`;
  const database = await openDatabase({ engine: 'postgres', url: url.toString(), poolSize: 4 });
  return {
    database,
    drop: async () => {
      await database.close();
      await admin.query(`drop database ${name} with (force)`);
      await admin.end();
    },
  };
}

describe.each(engines)('first-run setup on $name', (engine) => {
  const cleanups: Array<() => Promise<void>> = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0)) await cleanup();
  });

  async function fresh() {
    const { database, drop } = await emptyDatabase(engine);
    const world = worldOn(database);
    const app = await buildApp(world);
    cleanups.push(async () => {
      await app.close();
      await drop();
    });
    const count = async (table: 'tenants' | 'admin_users') =>
      (await database.query<{ n: number }>(sql`select count(*)::int as n from ${sql.identifier(table)}`))[0]!.n;
    return { world, app, count, token: setupToken(world.secrets) };
  }

  const valid = { storeName: 'Loja da Ana', name: 'Ana', email: 'ana@loja.example', password: 'ana-long-password', language: 'es' };

  it('asks for the printed token, names every invalid field, then creates the store and its first user, once', async () => {
    const { app, count, token } = await fresh();
    const setup = (payload: object) => app.inject({ method: 'POST', url: '/api/admin/v1/auth/setup', payload });
    expect((await app.inject({ method: 'GET', url: '/api/admin/v1/auth/setup' })).json()).toEqual({ needed: true });

    const wrongToken = await setup({ ...valid, token: 'x'.repeat(token.length) });
    expect(wrongToken.statusCode).toBe(401);
    expect(wrongToken.json().error.field).toBe('token');
    const bad = await setup({ token, storeName: '', name: 'Ana', email: 'nope', password: 'short', language: 'es' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.errors.map((e: { field: string }) => e.field).sort()).toEqual(['email', 'password', 'storeName']);
    expect([await count('tenants'), await count('admin_users')]).toEqual([0, 0]);

    const done = await setup({ ...valid, token });
    expect(done.statusCode, done.body).toBe(201);
    expect(done.json()).toMatchObject({ user: { email: 'ana@loja.example' }, tenant: { name: 'Loja da Ana', language: 'es' } });
    expect(String(done.headers['set-cookie'])).toMatch(/^pontua_admin=.*HttpOnly; SameSite=Strict/);
    const cookie = String(done.headers['set-cookie']).split(';')[0]!;
    const program = await app.inject({ method: 'GET', url: '/api/admin/v1/program', headers: { cookie } });
    expect(program.json().name).toBe('Loja da Ana');

    expect((await app.inject({ method: 'GET', url: '/api/admin/v1/auth/setup' })).json()).toEqual({ needed: false });
    const again = await setup({ ...valid, email: 'intruder@x.example', token });
    expect(again.statusCode).toBe(409);
    expect([await count('tenants'), await count('admin_users')]).toEqual([1, 1]);
  });

  it("takes over the embedded first start's program instead of making a second one", async () => {
    const { world, app, count, token } = await fresh();
    const { tenantId } = await createTenant(world, { name: 'Minha loja' });
    const done = await app.inject({ method: 'POST', url: '/api/admin/v1/auth/setup', payload: { ...valid, token } });
    expect(done.statusCode, done.body).toBe(201);
    expect(done.json().tenant).toEqual({ id: tenantId, name: 'Loja da Ana', language: 'es' });
    expect(await count('tenants')).toBe(1);
  });

  it('lets exactly one of several simultaneous setups through', async () => {
    const { app, count, token } = await fresh();
    const answers = await Promise.all(
      Array.from({ length: 4 }, (_, i) =>
        app.inject({ method: 'POST', url: '/api/admin/v1/auth/setup', payload: { ...valid, email: `racer${i}@x.example`, token }, remoteAddress: `10.1.1.${i}` }),
      ),
    );
    expect(answers.map((a) => a.statusCode).sort()).toEqual([201, 409, 409, 409]);
    expect([await count('tenants'), await count('admin_users')]).toEqual([1, 1]);
  });
});
