// The reward catalog over HTTP on each engine: every kind, the rules between fields, changes,
// deactivation, listing; a refused request names each field and saves nothing.
import { beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import type { Database } from '../../src/adapters/db/database';
import { engines } from '../harness/databases';
import { tenantWithKey, useHttpSuite, type HttpWorld } from '../harness/http';

describe.each(engines)('reward catalog on $name', (engine) => {
  const suite = useHttpSuite(engine);
  let database: Database;
  let http: HttpWorld;
  beforeAll(async () => {
    ({ database, http } = suite);
  });

  const countRewards = async (tenantId: string) =>
    (await database.query<{ n: number }>(sql`select count(*)::int as n from rewards where tenant_id = ${tenantId}`))[0]?.n;
  const post = (auth: Record<string, string>, payload: object) => http.app.inject({ method: 'POST', url: '/api/admin/v1/rewards', headers: auth, payload });
  const fieldsOf = (body: { error: { errors?: { field: string }[] } }) => (body.error.errors ?? []).map((error) => error.field).sort();

  it('creates each kind of reward with what it needs, and reads it back', async () => {
    const { auth } = await tenantWithKey(http.world);
    const cases = [
      { kind: 'product', name: 'Caneca', cost: 500, skuId: '12' },
      { kind: 'fixed_discount', name: 'R$ 20 off', cost: 2_000, discountCents: 2_000, minOrderCents: 10_000 },
      { kind: 'percent_discount', name: '12,5 % off', cost: 1_500, discountPercent: 12.5 },
      {
        kind: 'free_shipping', name: 'Frete grátis', cost: 800, description: 'Uma entrega sem frete', imageUrl: 'https://cdn.loja.example/frete.png',
        activeFrom: '2026-12-01T00:00:00.000Z', activeUntil: '2027-01-01T00:00:00.000Z', stock: 5, perMemberLimit: 1,
      },
    ];
    for (const payload of cases) {
      const created = await post(auth, payload);
      expect(created.statusCode, created.body).toBe(201);
      const reward = created.json();
      expect(reward).toMatchObject({ ...payload, active: true });
      expect(reward.id).toMatch(/^rwd_/);
      expect(reward).not.toHaveProperty('tenantId');
      const read = await http.app.inject({ method: 'GET', url: `/api/admin/v1/rewards/${reward.id}`, headers: auth });
      expect(read.json()).toEqual(reward);
    }
  });

  it('refuses a bad definition naming every field at fault, and saves nothing', async () => {
    const { auth, tenantId } = await tenantWithKey(http.world);
    const refusals: [object, string[]][] = [
      [{}, ['cost', 'kind', 'name']],
      [{ kind: 'voucher', name: 'X', cost: 10 }, ['kind']],
      [{ kind: 'fixed_discount', name: 'X', cost: -5, discountCents: 100 }, ['cost']],
      [{ kind: 'fixed_discount', name: 'X', cost: 1.5, discountCents: 100 }, ['cost']],
      [{ kind: 'percent_discount', name: 'X', cost: 10, discountPercent: 120 }, ['discountPercent']],
      [{ kind: 'percent_discount', name: 'X', cost: 10, discountPercent: 10.125 }, ['discountPercent']],
      [{ kind: 'product', name: 'X', cost: 10 }, ['skuId']],
      [{ kind: 'product', name: 'X', cost: 10, skuId: '1 2' }, ['skuId']],
      [{ kind: 'fixed_discount', name: 'X', cost: 10 }, ['discountCents']],
      [{ kind: 'free_shipping', name: 'X', cost: 10, skuId: '12' }, ['skuId']],
      [{ kind: 'free_shipping', name: 'X', cost: 10, imageUrl: 'http://insecure.example/a.png', stock: -1, perMemberLimit: 0 }, ['imageUrl', 'perMemberLimit', 'stock']],
      [{ kind: 'free_shipping', name: 'X', cost: 10, activeFrom: '2027-01-01T00:00:00Z', activeUntil: '2026-01-01T00:00:00Z' }, ['activeUntil']],
      [{ kind: 'free_shipping', name: 'X', cost: 10, activeFrom: 'tomorrow' }, ['activeFrom']],
      [{ kind: 'free_shipping', name: '   ', cost: 10 }, ['name']],
    ];
    for (const [payload, fields] of refusals) {
      const response = await post(auth, payload);
      expect(response.statusCode, JSON.stringify(payload)).toBe(400);
      expect(response.json().error.code).toBe('VALIDATION_FAILED');
      expect(fieldsOf(response.json()), JSON.stringify(payload)).toEqual(fields);
    }
    const unknownField = await post(auth, { kind: 'free_shipping', name: 'X', cost: 10, price: 3 });
    expect(unknownField.statusCode).toBe(400);
    expect(await countRewards(tenantId)).toBe(0);
  });

  it('changes a reward: fields merge, a new kind drops what the old one needed, a bad change saves nothing', async () => {
    const { auth } = await tenantWithKey(http.world);
    const reward = (await post(auth, { kind: 'product', name: 'Caneca', cost: 500, skuId: '12', stock: 3 })).json();
    const patch = (payload: object) => http.app.inject({ method: 'PATCH', url: `/api/admin/v1/rewards/${reward.id}`, headers: auth, payload });

    const cheaper = await patch({ cost: 400, description: 'Caneca de cerâmica' });
    expect(cheaper.statusCode).toBe(200);
    expect(cheaper.json()).toMatchObject({ kind: 'product', skuId: '12', cost: 400, stock: 3, description: 'Caneca de cerâmica' });

    const refused = await patch({ kind: 'percent_discount' });
    expect(refused.statusCode).toBe(400);
    expect(fieldsOf(refused.json())).toEqual(['discountPercent']);
    const mixed = await patch({ kind: 'percent_discount', discountPercent: 10, skuId: '13' });
    expect(fieldsOf(mixed.json())).toEqual(['skuId']);

    const discount = await patch({ kind: 'percent_discount', discountPercent: 10 });
    expect(discount.statusCode).toBe(200);
    expect(discount.json()).toMatchObject({ kind: 'percent_discount', discountPercent: 10, skuId: null, cost: 400 });

    const cleared = await patch({ description: null, stock: null });
    expect(cleared.json()).toMatchObject({ description: null, stock: null });
    const unchanged = await http.app.inject({ method: 'GET', url: `/api/admin/v1/rewards/${reward.id}`, headers: auth });
    expect(unchanged.json()).toEqual(cleared.json());
    const missing = await http.app.inject({ method: 'PATCH', url: '/api/admin/v1/rewards/rwd_unknown', headers: auth, payload: { cost: 1 } });
    expect(missing.statusCode).toBe(404);
  });

  it('deactivates a reward, keeps it, and lists the catalog newest first with an active filter and pages', async () => {
    const { auth } = await tenantWithKey(http.world);
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) ids.push((await post(auth, { kind: 'free_shipping', name: `Frete ${i}`, cost: 100 + i })).json().id);
    const off = await http.app.inject({ method: 'POST', url: `/api/admin/v1/rewards/${ids[1]}/deactivate`, headers: auth });
    expect(off.statusCode).toBe(200);
    expect(off.json().active).toBe(false);

    const list = async (query: string) => (await http.app.inject({ method: 'GET', url: `/api/admin/v1/rewards${query}`, headers: auth })).json();
    expect((await list('')).items.map((r: { id: string }) => r.id)).toEqual([...ids].reverse());
    expect((await list('?active=true')).items.map((r: { id: string }) => r.id)).toEqual([ids[4], ids[3], ids[2], ids[0]]);
    expect((await list('?active=false')).items.map((r: { id: string }) => r.id)).toEqual([ids[1]]);
    const first = await list('?limit=2');
    expect(first.items.map((r: { id: string }) => r.id)).toEqual([ids[4], ids[3]]);
    const second = await list(`?limit=2&cursor=${first.nextCursor}`);
    expect(second.items.map((r: { id: string }) => r.id)).toEqual([ids[2], ids[1]]);
    const last = await list(`?limit=2&cursor=${second.nextCursor}`);
    expect(last.items.map((r: { id: string }) => r.id)).toEqual([ids[0]]);
    expect(last.nextCursor).toBeNull();
    const badCursor = await http.app.inject({ method: 'GET', url: '/api/admin/v1/rewards?cursor=nonsense', headers: auth });
    expect(badCursor.statusCode).toBe(400);
  });
});
