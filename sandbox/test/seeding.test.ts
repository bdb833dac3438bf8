import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isValidCpf } from '../data/cpf';
import type { RunningSandbox } from '../server';
import { control, createAccount, startTestSandbox, vtex, type TestAccount } from './support';

interface Customer { index: number; id: string; email: string; firstName: string; lastName: string; document: string; documentType: string; phone: string; birthDate: string; isNewsletterOptIn: boolean; userId: string; createdIn: string; updatedIn: string }

let sandbox: RunningSandbox;

beforeAll(async () => {
  sandbox = await startTestSandbox();
});
afterAll(() => sandbox.close());

async function customer(account: string, key: string | number): Promise<Customer> {
  const result = await control(sandbox, 'GET', `/accounts/${account}/customers/${key}`);
  expect(result.status).toBe(200);
  return result.body as Customer;
}

async function firstOrders(shop: TestAccount, count: number): Promise<unknown[]> {
  const list = await vtex(shop).get(`/api/oms/pvt/orders?per_page=${count}`);
  const ids = (list.body as { list: { orderId: string }[] }).list.map((row) => row.orderId);
  return Promise.all(ids.map(async (id) => (await vtex(shop).get(`/api/oms/pvt/orders/${id}`)).body));
}

describe('deterministic data', () => {
  it('the same seed gives the same customers and orders; another seed does not', async () => {
    const a = await createAccount(sandbox, 'seedone', { seed: 99, customers: 100, orders: 500 });
    const b = await createAccount(sandbox, 'seedtwo', { seed: 99, customers: 100, orders: 500 });
    const c = await createAccount(sandbox, 'seedthree', { seed: 100, customers: 100, orders: 500 });
    // The account name appears in the documents (hostname, merchant); everything else must match.
    const strip = (orders: unknown[]): string => JSON.stringify(orders).replace(/seed(one|two|three)/gi, 'X');
    const ordersA = await firstOrders(a, 20);
    expect(strip(ordersA)).toBe(strip(await firstOrders(b, 20)));
    expect(strip(ordersA)).not.toBe(strip(await firstOrders(c, 20)));
    expect(await customer('seedone', 42)).toEqual(await customer('seedtwo', 42));
    expect(await customer('seedone', 42)).not.toEqual(await customer('seedthree', 42));
  });

  it('generates realistic pt-BR customers: valid unique CPFs, accents, e-mails, phones, dates', async () => {
    await createAccount(sandbox, 'people', { seed: 3, customers: 400 });
    const people = await Promise.all(Array.from({ length: 400 }, (_, i) => customer('people', i)));
    expect(new Set(people.map((p) => p.document)).size).toBe(400);
    expect(new Set(people.map((p) => p.email)).size).toBe(400);
    expect(new Set(people.map((p) => p.userId)).size).toBe(400);
    for (const p of people) {
      expect(isValidCpf(p.document)).toBe(true);
      expect(p.documentType).toBe('cpf');
      expect(p.email).toMatch(/^[a-z]+\.[a-z]+\d+@[a-z.]+$/);
      expect(p.phone).toMatch(/^\+55\d{2}9\d{8}$/);
      expect(p.birthDate).toMatch(/^\d{4}-\d{2}-\d{2}T00:00:00$/);
      expect(Date.parse(p.updatedIn)).toBeGreaterThanOrEqual(Date.parse(p.createdIn));
      expect(p.userId).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    }
    expect(people.some((p) => /[áàâãéêíóôõúç]/i.test(p.firstName + p.lastName))).toBe(true);
    // Lookups by userId and e-mail find the same customer.
    const sample = people[123];
    expect((await customer('people', sample?.userId ?? '')).index).toBe(123);
    expect((await customer('people', sample?.email ?? '')).index).toBe(123);
  });

  it('refuses seeds it cannot honour', async () => {
    await createAccount(sandbox, 'badseed');
    const cases = [
      { customers: 0, orders: 10 },
      { customers: -1 },
      { customers: 10, orders: 10, from: '2024-02-01T00:00:00Z', to: '2024-01-01T00:00:00Z' },
      { customers: 10, orders: 1000, from: '2024-01-01T00:00:00.000Z', to: '2024-01-01T00:00:00.500Z' },
    ];
    for (const body of cases) expect((await control(sandbox, 'POST', '/accounts/badseed/seed', body)).status).toBe(400);
  });
});

/** A real full GC, so the heap numbers measure what is retained rather than garbage. */
function collectGarbage(): void {
  setFlagsFromString('--expose-gc');
  const gc: unknown = runInNewContext('gc');
  if (typeof gc === 'function') gc();
}

describe('bounded memory at scale', () => {
  it('seeds 200,000 orders and 100,000 customers keeping a few bytes per order, and serves any of them', async () => {
    await createAccount(sandbox, 'bigshop', { seed: 1 });
    collectGarbage();
    const before = process.memoryUsage();
    const seeded = await control(sandbox, 'POST', '/accounts/bigshop/seed', {
      customers: 100_000, orders: 200_000, from: '2023-06-01T00:00:00.000Z', to: '2025-06-01T00:00:00.000Z',
    });
    expect(seeded.status).toBe(200);
    collectGarbage();
    const after = process.memoryUsage();
    // Status byte + value (4 bytes) + quantity (2 bytes) per order = 1.4 MB; allow generous
    // slack for allocator noise, far below what storing 200k order objects would take (~GBs).
    const grownBytes = after.heapUsed + after.arrayBuffers - before.heapUsed - before.arrayBuffers;
    expect(grownBytes).toBeLessThan(40 * 1024 * 1024);
    const shop: TestAccount = { name: 'bigshop', baseUrl: `${sandbox.url}/bigshop`, key: (await control(sandbox, 'POST', '/accounts/bigshop/keys', {})).body as TestAccount['key'] };
    const last = await vtex(shop).get('/api/oms/pvt/orders/seq699999');
    expect(last.status).toBe(200);
    const march = await vtex(shop).get('/api/oms/pvt/orders?f_creationDate=creationDate:[2024-03-01T00:00:00.000Z TO 2024-03-31T23:59:59.999Z]&per_page=100&page=30');
    expect(march.status).toBe(200);
    const paging = (march.body as { paging: { total: number } }).paging;
    // 200,000 orders over 731 days ≈ 274 a day ≈ 8,480 in March.
    expect(paging.total).toBeGreaterThan(8000);
    expect(paging.total).toBeLessThan(9000);
  });
});
