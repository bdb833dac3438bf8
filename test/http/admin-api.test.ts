// The admin API over HTTP (Fastify inject: the real routing, validation and error mapping).
import { beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import type { Database } from '../../src/adapters/db/database';
import { engines } from '../harness/databases';
import { tenantWithKey, useHttpSuite, type HttpWorld } from '../harness/http';

describe.each(engines)('admin API on $name', (engine) => {
  const suite = useHttpSuite(engine);
  let database: Database;
  let http: HttpWorld;
  beforeAll(async () => {
    ({ database, http } = suite);
  });

  const countTransactions = async (tenantId: string) =>
    (await database.query<{ n: number }>(sql`select count(*)::int as n from ledger_transactions where tenant_id = ${tenantId}`))[0]?.n;
  const countMembers = async (tenantId: string) =>
    (await database.query<{ n: number }>(sql`select count(*)::int as n from members where tenant_id = ${tenantId}`))[0]?.n;

  it('enrols, finds, changes and reads a member with its balance', async () => {
    const { auth } = await tenantWithKey(http.world);
    const created = await http.app.inject({
      method: 'POST',
      url: '/api/admin/v1/members',
      headers: auth,
      payload: { email: 'Maria.Souza@Example.com', name: 'Maria Souza', document: '529.982.247-25', birthDate: '1990-04-12' },
    });
    expect(created.statusCode).toBe(201);
    const member = created.json();
    expect(member).toMatchObject({ email: 'maria.souza@example.com', document: '52998224725', status: 'active' });
    expect(member.id).toMatch(/^mbr_/);
    expect(member).not.toHaveProperty('tenantId');

    const duplicate = await http.app.inject({ method: 'POST', url: '/api/admin/v1/members', headers: auth, payload: { email: 'maria.souza@example.com' } });
    expect(duplicate.statusCode).toBe(409);
    expect(duplicate.json().error).toMatchObject({ code: 'MEMBER_EXISTS', field: 'email' });

    const search = await http.app.inject({ method: 'GET', url: '/api/admin/v1/members?query=souza', headers: auth });
    expect(search.json().items.map((m: { id: string }) => m.id)).toEqual([member.id]);

    const patched = await http.app.inject({ method: 'PATCH', url: `/api/admin/v1/members/${member.id}`, headers: auth, payload: { phone: '+55 11 91234-5678', name: null } });
    expect(patched.statusCode).toBe(200);
    expect(patched.json()).toMatchObject({ phone: '+55 11 91234-5678', name: null });

    const got = await http.app.inject({ method: 'GET', url: `/api/admin/v1/members/${member.id}`, headers: auth });
    expect(got.json()).toMatchObject({ id: member.id, balance: { available: 0, pending: 0, held: 0, lifetimeEarned: 0, nextExpiry: null } });
  });

  it('adjusts with an Idempotency-Key: replay answers the original, other input conflicts, overdraft refused', async () => {
    const { tenantId, auth } = await tenantWithKey(http.world);
    const member = (await http.app.inject({ method: 'POST', url: '/api/admin/v1/members', headers: auth, payload: { externalId: 'c-1' } })).json();
    const url = `/api/admin/v1/members/${member.id}/adjustments`;
    const first = await http.app.inject({ method: 'POST', url, headers: { ...auth, 'idempotency-key': 'adj-1' }, payload: { points: 300, reason: 'welcome' } });
    expect(first.statusCode).toBe(201);
    expect(first.headers['idempotent-replayed']).toBeUndefined();
    const replay = await http.app.inject({ method: 'POST', url, headers: { ...auth, 'idempotency-key': 'adj-1' }, payload: { points: 300, reason: 'welcome' } });
    expect(replay.statusCode).toBe(201);
    expect(replay.headers['idempotent-replayed']).toBe('true');
    expect(replay.json()).toEqual(first.json());
    const conflict = await http.app.inject({ method: 'POST', url, headers: { ...auth, 'idempotency-key': 'adj-1' }, payload: { points: 301, reason: 'welcome' } });
    expect(conflict.statusCode).toBe(409);
    expect(conflict.json().error.code).toBe('IDEMPOTENCY_CONFLICT');
    const overdraft = await http.app.inject({ method: 'POST', url, headers: { ...auth, 'idempotency-key': 'adj-2' }, payload: { points: -301, reason: 'too much' } });
    expect(overdraft.statusCode).toBe(409);
    expect(overdraft.json().error.code).toBe('INSUFFICIENT_POINTS');
    expect(await countTransactions(tenantId)).toBe(1);

    const ledger = await http.app.inject({ method: 'GET', url: `/api/admin/v1/members/${member.id}/ledger?limit=10`, headers: auth });
    expect(ledger.json().items).toHaveLength(1);
    expect(ledger.json().items[0]).toMatchObject({ kind: 'adjust', points: 300, metadata: { reason: 'welcome' } });
  });

  it('answers bad input with 400 naming the field, and writes nothing', async () => {
    const { tenantId, auth } = await tenantWithKey(http.world);
    const member = (await http.app.inject({ method: 'POST', url: '/api/admin/v1/members', headers: auth, payload: { externalId: 'c-2' } })).json();
    const url = `/api/admin/v1/members/${member.id}/adjustments`;
    const cases: { payload: unknown; headers?: Record<string, string>; field: string; contentType?: string }[] = [
      { payload: { points: 1.5, reason: 'x' }, field: 'points' },
      { payload: { points: 0, reason: 'x' }, field: 'points' },
      { payload: { points: '10', reason: 'x' }, field: 'points' },
      { payload: '{"points": 9007199254740993, "reason": "x"}', field: 'points', contentType: 'application/json' },
      { payload: { points: 2_000_000_000, reason: 'x' }, field: 'points' },
      { payload: { points: 10 }, field: 'reason' },
      { payload: { points: 10, reason: '' }, field: 'reason' },
      { payload: { points: 10, reason: 'r'.repeat(501) }, field: 'reason' },
      { payload: { points: 10, reason: 'x', bonus: true }, field: 'bonus' },
      { payload: { points: 10, reason: 'x' }, headers: {}, field: 'idempotency-key' },
      { payload: '{"points": 10, "reason": ', field: '', contentType: 'application/json' },
    ];
    for (const c of cases) {
      const response = await http.app.inject({
        method: 'POST',
        url,
        headers: { ...auth, ...(c.headers ?? { 'idempotency-key': `bad-${Math.random()}` }), ...(c.contentType ? { 'content-type': c.contentType } : {}) },
        payload: c.payload as string,
      });
      expect(response.statusCode, JSON.stringify(c.payload)).toBe(400);
      const error = response.json().error;
      expect(error.requestId).toBeTruthy();
      if (c.field) expect(error.field, JSON.stringify(c.payload)).toBe(c.field);
      else expect(error.code).toBe('MALFORMED_JSON');
    }
    const memberCases: { payload: unknown; field: string }[] = [
      { payload: { email: 'not-an-email' }, field: 'email' },
      { payload: { email: 'a@b.co', document: '111.111.111-11' }, field: 'document' },
      { payload: { email: 'a@b.co', birthDate: '1990-02-30' }, field: 'birthDate' },
      { payload: { email: 'a@b.co', name: 'n'.repeat(201) }, field: 'name' },
      { payload: { email: 'a@b.co', status: 'vip' }, field: 'status' },
      { payload: { email: 'a@b.co', favouriteColour: 'blue' }, field: 'favouriteColour' },
      { payload: { name: 'Nobody' }, field: 'email' },
    ];
    for (const c of memberCases) {
      const response = await http.app.inject({ method: 'POST', url: '/api/admin/v1/members', headers: auth, payload: c.payload as object });
      expect(response.statusCode, JSON.stringify(c.payload)).toBe(400);
      expect(response.json().error.field, JSON.stringify(c.payload)).toBe(c.field);
    }
    const unknownMember = await http.app.inject({ method: 'POST', url: '/api/admin/v1/members/mbr_nobody/adjustments', headers: { ...auth, 'idempotency-key': 'k' }, payload: { points: 1, reason: 'x' } });
    expect(unknownMember.statusCode).toBe(404);
    const badProgram = await http.app.inject({ method: 'PATCH', url: '/api/admin/v1/program', headers: auth, payload: { timezone: 'Mars/Olympus' } });
    expect(badProgram.statusCode).toBe(400);
    expect(badProgram.json().error.field).toBe('timezone');
    const badRate = await http.app.inject({ method: 'PATCH', url: '/api/admin/v1/program', headers: auth, payload: { pointsPerCurrencyUnit: 1.23456 } });
    expect(badRate.json().error.field).toBe('pointsPerCurrencyUnit');
    expect(await countTransactions(tenantId)).toBe(0);
    expect(await countMembers(tenantId)).toBe(1);
  });

  it('reads and changes the program', async () => {
    const { tenantId, auth } = await tenantWithKey(http.world);
    const changed = await http.app.inject({
      method: 'PATCH',
      url: '/api/admin/v1/program',
      headers: auth,
      payload: { pointsNameSingular: 'moeda', pointsNamePlural: 'moedas', pointsPerCurrencyUnit: 2.5, language: 'es', pointsExpiryDays: 365 },
    });
    expect(changed.statusCode).toBe(200);
    const program = (await http.app.inject({ method: 'GET', url: '/api/admin/v1/program', headers: auth })).json();
    expect(program).toMatchObject({ tenantId, pointsNamePlural: 'moedas', pointsPerCurrencyUnit: 2.5, language: 'es', pointsExpiryDays: 365 });
  });

  it('serves health, readiness and the OpenAPI document', async () => {
    expect((await http.app.inject({ method: 'GET', url: '/healthz' })).statusCode).toBe(200);
    expect((await http.app.inject({ method: 'GET', url: '/readyz' })).json()).toEqual({ status: 'ready' });
    const docs = await http.app.inject({ method: 'GET', url: '/api/docs/json' });
    expect(docs.statusCode).toBe(200);
    expect(Object.keys(docs.json().paths)).toContain('/api/admin/v1/members/{memberId}/adjustments');
    expect((await http.app.inject({ method: 'GET', url: '/api/docs' })).statusCode).toBeLessThan(400);
  });
});
