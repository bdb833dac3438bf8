import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningSandbox } from '../server';
import { createAccount, startTestSandbox, vtex, type TestAccount } from './support';

interface Row { orderId: string; creationDate: string; status: string; totalValue: number; authorizedDate: string | null }
interface ListBody { list: Row[]; paging: { total: number; pages: number; currentPage: number; perPage: number } }

let sandbox: RunningSandbox;
let shop: TestAccount;
const ORDERS = 2500;

beforeAll(async () => {
  sandbox = await startTestSandbox();
  shop = await createAccount(sandbox, 'listshop', { seed: 11, customers: 300, orders: ORDERS });
});
afterAll(() => sandbox.close());

async function list(query: string): Promise<ListBody> {
  const result = await vtex(shop).get(`/api/oms/pvt/orders?${query}`);
  expect(result.status, JSON.stringify(result.body)).toBe(200);
  return result.body as ListBody;
}

async function error(query: string): Promise<{ status: number; message: string }> {
  const result = await vtex(shop).get(`/api/oms/pvt/orders?${query}`);
  const body = result.body as { error: { code: string; message: string; exception: null } };
  return { status: result.status, message: body.error.message };
}

describe('List orders paging', () => {
  it('defaults to 15 per page, newest first, with a paging object', async () => {
    const body = await list('');
    expect(body.list).toHaveLength(15);
    expect(body.paging).toEqual({ total: ORDERS, pages: Math.ceil(ORDERS / 15), currentPage: 1, perPage: 15 });
    const dates = body.list.map((row) => Date.parse(row.creationDate));
    expect([...dates].sort((a, b) => b - a)).toEqual(dates);
  });

  it('pages do not overlap and follow each other', async () => {
    const first = await list('per_page=100&page=1&orderBy=creationDate,asc');
    const second = await list('per_page=100&page=2&orderBy=creationDate,asc');
    const ids = new Set([...first.list, ...second.list].map((row) => row.orderId));
    expect(ids.size).toBe(200);
    expect(Date.parse(first.list.at(-1)?.creationDate ?? '')).toBeLessThanOrEqual(Date.parse(second.list[0]?.creationDate ?? ''));
  });

  it('accepts page 30 and per_page 100, and refuses beyond', async () => {
    // 2,500 orders: page 25 of 100 is the last full page, page 30 is valid but empty.
    expect((await list('page=25&per_page=100')).list).toHaveLength(100);
    expect((await list('page=30&per_page=100')).list).toHaveLength(0);
    expect(await error('page=31')).toMatchObject({ status: 400, message: expect.stringContaining('30') });
    expect(await error('per_page=101')).toMatchObject({ status: 400, message: expect.stringContaining('100') });
  });

  it.each(['page=0', 'page=abc', 'per_page=0', 'per_page=-5', 'orderBy=color,asc', 'orderBy=creationDate,up'])(
    'refuses %s with 400', async (query) => {
      expect((await error(query)).status).toBe(400);
    });
});

describe('List orders filters', () => {
  it('f_creationDate keeps exactly the orders created in the window', async () => {
    const from = '2024-03-01T00:00:00.000Z';
    const to = '2024-03-31T23:59:59.999Z';
    const all = await list(`f_creationDate=creationDate:[${from} TO ${to}]&per_page=100&orderBy=creationDate,asc`);
    expect(all.paging.total).toBeGreaterThan(100);
    for (const row of all.list) {
      expect(Date.parse(row.creationDate)).toBeGreaterThanOrEqual(Date.parse(from));
      expect(Date.parse(row.creationDate)).toBeLessThanOrEqual(Date.parse(to));
    }
    // The window total equals what paging through March and April separately suggests.
    const april = await list('f_creationDate=creationDate:[2024-04-01T00:00:00.000Z TO 2024-04-30T23:59:59.999Z]');
    const both = await list(`f_creationDate=creationDate:[${from} TO 2024-04-30T23:59:59.999Z]`);
    expect(both.paging.total).toBe(all.paging.total + april.paging.total);
  });

  it('f_status filters by the current status, and several statuses can be combined', async () => {
    const invoiced = await list('f_status=invoiced&per_page=100');
    const canceled = await list('f_status=canceled&per_page=100');
    expect(invoiced.list.every((row) => row.status === 'invoiced')).toBe(true);
    expect(canceled.list.every((row) => row.status === 'canceled')).toBe(true);
    expect(invoiced.paging.total).toBeGreaterThan(canceled.paging.total);
    const either = await list('f_status=invoiced,canceled');
    expect(either.paging.total).toBe(invoiced.paging.total + canceled.paging.total);
    expect((await list('f_status=no-such-status')).paging.total).toBe(0);
  });

  it('f_invoicedDate keeps orders whose invoice date is in the window', async () => {
    const from = '2024-06-01T00:00:00.000Z';
    const to = '2024-06-07T23:59:59.999Z';
    const body = await list(`f_invoicedDate=invoicedDate:[${from} TO ${to}]&per_page=30`);
    expect(body.paging.total).toBeGreaterThan(0);
    for (const row of body.list) {
      const order = await vtex(shop).get(`/api/oms/pvt/orders/${row.orderId}`);
      const invoicedDate = (order.body as { invoicedDate: string }).invoicedDate;
      expect(Date.parse(invoicedDate)).toBeGreaterThanOrEqual(Date.parse(from));
      expect(Date.parse(invoicedDate)).toBeLessThanOrEqual(Date.parse(to));
    }
  });

  it('an order invoiced now is found by today\'s f_invoicedDate window even though it is old', async () => {
    const pending = (await list('f_status=handling&orderBy=creationDate,asc')).list[0];
    expect(pending).toBeDefined();
    const moved = await fetch(`${sandbox.url}/_sandbox/accounts/${shop.name}/orders/${pending?.orderId}/status`, {
      method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ status: 'invoiced' }),
    });
    expect(moved.status).toBe(200);
    const now = Date.now();
    const window = `invoicedDate:[${new Date(now - 60_000).toISOString()} TO ${new Date(now + 60_000).toISOString()}]`;
    const body = await list(`f_invoicedDate=${window}`);
    expect(body.list.map((row) => row.orderId)).toContain(pending?.orderId);
  });

  it.each([
    'f_creationDate=2024-01-01',
    'f_creationDate=creationDate:[2024-01-01 TO]',
    'f_creationDate=invoicedDate:[2024-01-01T00:00:00.000Z TO 2024-01-02T00:00:00.000Z]',
    'f_invoicedDate=invoicedDate:[yesterday TO today]',
  ])('refuses the malformed filter %s with 400', async (query) => {
    expect((await error(query)).status).toBe(400);
  });

  it('orderBy=totalValue,desc sorts by value', async () => {
    const body = await list('orderBy=totalValue,desc&per_page=50');
    const values = body.list.map((row) => row.totalValue);
    expect(values).toEqual([...values].sort((a, b) => b - a));
    expect(body.paging.total).toBe(ORDERS);
  });

  it('q finds an order by id', async () => {
    const some = (await list('page=3')).list[4];
    const body = await list(`q=${some?.orderId}`);
    expect(body.list.map((row) => row.orderId)).toEqual([some?.orderId]);
  });
});
