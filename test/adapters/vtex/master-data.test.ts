import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningSandbox } from '../../../sandbox/main';
import { clientFor, controlOk, createShop, startTestSandbox, valueOf, type Shop } from '../../harness/vtex-sandbox';

let sandbox: RunningSandbox;
let shop: Shop;
const CUSTOMERS = 130;

beforeAll(async () => {
  sandbox = await startTestSandbox();
  shop = await createShop(sandbox, 'clshop', { customers: CUSTOMERS, orders: 0 });
});
afterAll(() => sandbox.close());

interface SandboxCustomer { id: string; email: string; userId: string; firstName: string; document: string }

describe('scrollCustomers', () => {
  it('reads every customer once, page by page, until VTEX answers an empty page', async () => {
    const { client } = clientFor(sandbox, shop);
    const fields = ['email', 'userId', 'firstName', 'lastName', 'document', 'updatedIn'];
    const first = valueOf(await client.scrollCustomers({ fields, size: 50 }));
    expect(first.total).toBe(CUSTOMERS);
    expect(first.documents).toHaveLength(50);
    const ids = new Set(first.documents.map((customer) => customer.id));
    let token = first.nextToken;
    let pages = 1;
    while (token !== null) {
      const page = valueOf(await client.scrollCustomers({ fields, size: 50, token }));
      for (const customer of page.documents) ids.add(customer.id);
      token = page.nextToken;
      pages += 1;
    }
    expect(ids.size).toBe(CUSTOMERS);
    expect(pages).toBe(4); // 50 + 50 + 30, then the empty page
    const sample = first.documents[0];
    const expected = await controlOk<SandboxCustomer>(sandbox, 'GET', `/accounts/${shop.name}/customers/0`);
    expect(sample).toMatchObject({ id: expected.id, email: expected.email, userId: expected.userId, document: expected.document });
    expect(sample?.raw).toHaveProperty('updatedIn');
  });

  it('filters with _where', async () => {
    const { client } = clientFor(sandbox, shop);
    const cutoff = valueOf(await client.searchCustomers({ fields: ['updatedIn'], range: [60, 61], sort: 'updatedIn ASC' })).documents[0]?.updatedIn;
    expect(cutoff).toBeTruthy();
    const page = valueOf(await client.scrollCustomers({ fields: ['updatedIn'], size: 1000, where: `updatedIn>${cutoff}` }));
    expect(page.documents.length).toBeGreaterThan(0);
    expect(page.documents.length).toBeLessThan(CUSTOMERS);
    expect(page.documents.every((customer) => Date.parse(customer.updatedIn ?? '') > Date.parse(cutoff ?? ''))).toBe(true);
  });

  it('refuses a size VTEX would refuse, without calling it', async () => {
    const { client, logs } = clientFor(sandbox, shop);
    expect(await client.scrollCustomers({ fields: ['email'], size: 1001 })).toMatchObject({ ok: false, error: { kind: 'bad_request' } });
    expect(logs).toEqual([]);
  });
});

describe('searchCustomers', () => {
  it('answers a sorted page and the total from REST-Content-Range', async () => {
    const { client } = clientFor(sandbox, shop);
    const page = valueOf(await client.searchCustomers({ fields: ['email', 'updatedIn'], range: [10, 30], sort: 'updatedIn DESC' }));
    expect(page.total).toBe(CUSTOMERS);
    expect(page.documents).toHaveLength(20);
    const dates = page.documents.map((customer) => Date.parse(customer.updatedIn ?? ''));
    expect(dates).toEqual([...dates].sort((a, b) => b - a));
    const filtered = valueOf(await client.searchCustomers({ where: 'firstName is not null', fields: ['firstName'], range: [0, 5] }));
    expect(filtered.total).toBe(CUSTOMERS);
  });
});

describe('getCustomerByUserId', () => {
  it('finds the real e-mail of an order customer by userProfileId, and null for an unknown user', async () => {
    const { client } = clientFor(sandbox, shop);
    const expected = await controlOk<SandboxCustomer>(sandbox, 'GET', `/accounts/${shop.name}/customers/17`);
    const customer = valueOf(await client.getCustomerByUserId(expected.userId));
    expect(customer).toMatchObject({ id: expected.id, email: expected.email, userId: expected.userId, firstName: expected.firstName });
    expect(valueOf(await client.getCustomerByUserId('00000000-0000-4000-8000-000000000000'))).toBeNull();
  });

  it('refuses a userId that would change the _where filter', async () => {
    const { client } = clientFor(sandbox, shop);
    expect(await client.getCustomerByUserId('x OR email is not null')).toMatchObject({ ok: false, error: { kind: 'bad_request' } });
  });
});
