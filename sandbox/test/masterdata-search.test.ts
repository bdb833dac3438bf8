// Master Data search and document get over HTTP: fields, sort, REST-Range paging and its
// limits, the errors Master Data answers with 400, and updatedIn delta windows after edits.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningSandbox } from '../server';
import { control, createAccount, http, startTestSandbox, vtex, type HttpResult, type TestAccount } from './support';

interface Doc { id: string; email: string; firstName: string; updatedIn: string; createdIn: string }

let sandbox: RunningSandbox;
let shop: TestAccount;

beforeAll(async () => {
  sandbox = await startTestSandbox();
  shop = await createAccount(sandbox, 'mdsearch', { seed: 4, customers: 12_000 });
});
afterAll(async () => sandbox.close());

function search(query: string, range?: string): Promise<HttpResult> {
  return http(`${shop.baseUrl}/api/dataentities/CL/search?${query}`, {
    headers: { 'x-vtex-api-appkey': shop.key.appKey, 'x-vtex-api-apptoken': shop.key.appToken, ...(range === undefined ? {} : { 'rest-range': range }) },
  });
}

const docs = (result: HttpResult): Doc[] => result.body as Doc[];

describe('fields', () => {
  it('without _fields answers the document metadata only', async () => {
    const result = await search('', 'resources=0-2');
    expect(result.status).toBe(200);
    expect(docs(result)[0]).toEqual({ id: expect.any(String), accountId: expect.any(String), accountName: 'mdsearch', dataEntityId: 'CL' });
  });

  it('answers exactly the fields asked for, or all of them with _all', async () => {
    const some = await search('_fields=email,firstName', 'resources=0-1');
    expect(Object.keys(docs(some)[0] ?? {}).sort()).toEqual(['email', 'firstName']);
    const every = await search('_fields=_all', 'resources=0-1');
    expect(Object.keys(docs(every)[0] ?? {})).toEqual(expect.arrayContaining(['id', 'email', 'firstName', 'lastName', 'document', 'documentType',
      'phone', 'birthDate', 'isNewsletterOptIn', 'userId', 'createdIn', 'updatedIn', 'accountId', 'accountName', 'dataEntityId']));
  });

  it('refuses a field CL does not have', async () => {
    const result = await search('_fields=email,shoeSize');
    expect(result.status).toBe(400);
    expect(result.body).toEqual({ Message: expect.stringContaining('shoeSize') });
  });
});

describe('REST-Range paging', () => {
  it('sends 15 documents without the header, and says so in REST-Content-Range', async () => {
    const result = await search('_fields=id');
    expect(docs(result)).toHaveLength(15);
    expect(result.headers.get('rest-content-range')).toBe('resources 0-15/12000');
  });

  it('pages with resources=x-y (y exclusive) without overlap', async () => {
    const first = await search('_fields=id&_sort=email ASC', 'resources=0-100');
    const second = await search('_fields=id&_sort=email ASC', 'resources=100-200');
    const both = await search('_fields=id&_sort=email ASC', 'resources=50-150');
    expect(first.headers.get('rest-content-range')).toBe('resources 0-100/12000');
    expect(second.headers.get('rest-content-range')).toBe('resources 100-200/12000');
    const ids = [...docs(first), ...docs(second)].map((d) => d.id);
    expect(new Set(ids).size).toBe(200);
    expect(docs(both).map((d) => d.id)).toEqual(ids.slice(50, 150));
  });

  it('reaches document 9,999 and no further', async () => {
    const last = await search('_fields=id', 'resources=9900-10000');
    expect(docs(last)).toHaveLength(100);
    const beyond = await search('_fields=id', 'resources=10000-10001');
    expect(beyond.status).toBe(400);
    expect(beyond.body).toEqual({ Message: expect.stringContaining('10000') });
  });

  it.each(['resources=0-101', 'resources=200-50', 'items=0-10', 'resources=a-b'])('refuses REST-Range %s with 400', async (range) => {
    const result = await search('_fields=id', range);
    expect(result.status).toBe(400);
    expect(result.body).toEqual({ Message: expect.any(String) });
  });

  it('counts without documents with resources=0-0, and ends short at the last page', async () => {
    const count = await search('_fields=id&_where=firstName=Ana', 'resources=0-0');
    expect(docs(count)).toEqual([]);
    const total = Number(/\/(\d+)$/.exec(count.headers.get('rest-content-range') ?? '')?.[1]);
    expect(total).toBeGreaterThan(10);
    const tail = await search('_fields=id&_where=firstName=Ana', `resources=${total - 3}-${total + 20}`);
    expect(docs(tail)).toHaveLength(3);
    expect(tail.headers.get('rest-content-range')).toBe(`resources ${total - 3}-${total}/${total}`);
  });
});

describe('sort', () => {
  it.each([['email', 'ASC'], ['email', 'DESC'], ['createdIn', 'ASC'], ['updatedIn', 'DESC'], ['firstName', 'ASC']])('_sort=%s %s orders the page', async (field, direction) => {
    const result = await search(`_fields=id,${field}&_sort=${field} ${direction}&_where=updatedIn between 2023-01-01 AND 2023-03-01`, 'resources=0-100');
    const values = docs(result).map((d) => String(d[field as keyof Doc]).toLowerCase());
    expect(values.length).toBe(100);
    const sorted = [...values].sort();
    expect(values).toEqual(direction === 'ASC' ? sorted : sorted.reverse());
  });

  it.each(['email SIDEWAYS', 'shoeSize ASC', 'email, firstName'])('refuses _sort=%s', async (sort) => {
    expect((await search(`_sort=${encodeURIComponent(sort)}`)).status).toBe(400);
  });
});

describe('filters', () => {
  it('accepts simple field=value filters and refuses unknown ones', async () => {
    const one = docs(await search('_fields=email', 'resources=77-78'))[0];
    const found = await search(`_fields=email&email=${encodeURIComponent(one?.email ?? '')}`);
    expect(docs(found)).toEqual([one]);
    expect((await search('shoeSize=42')).status).toBe(400);
  });

  it('answers a bad _where with 400 and a message', async () => {
    const result = await search(`_where=${encodeURIComponent('(email=a@b.c')}`);
    expect(result.status).toBe(400);
    expect(result.body).toEqual({ Message: expect.stringContaining('_where') });
  });

  it('serves only CL', async () => {
    const result = await vtex(shop).get('/api/dataentities/XY/search');
    expect(result.status).toBe(404);
  });
});

describe('delta import by updatedIn windows', () => {
  it('pages a window in updatedIn order and sees an edited customer move to now', async () => {
    const window = 'updatedIn between 2022-08-01 AND 2022-09-01';
    const before = await search(`_fields=id,email,updatedIn&_sort=updatedIn ASC&_where=${encodeURIComponent(window)}`, 'resources=0-100');
    const victim = docs(before)[10];
    if (!victim) throw new Error('the window is empty');
    const clock = await control(sandbox, 'GET', '/clock');
    const edited = await control(sandbox, 'PATCH', `/accounts/${shop.name}/masterdata/customers/${victim.id}`, { firstName: 'Editada' });
    expect(edited.status).toBe(200);
    const after = await search(`_fields=id,email,updatedIn&_sort=updatedIn ASC&_where=${encodeURIComponent(window)}`, 'resources=0-100');
    expect(docs(after).map((d) => d.id)).not.toContain(victim.id);
    const since = await search(`_fields=id,firstName,updatedIn&_where=${encodeURIComponent(`updatedIn>${(clock.body as { now: string }).now.slice(0, 10)}`)}`);
    expect(docs(since)).toEqual([expect.objectContaining({ id: victim.id, firstName: 'Editada' })]);
    const updatedIn = Date.parse(docs(since)[0]?.updatedIn ?? '');
    expect(updatedIn).toBeGreaterThanOrEqual(Date.parse((clock.body as { now: string }).now));
  });

  it('finds a customer created by the scenario control by e-mail, and refuses a duplicate', async () => {
    const created = await control(sandbox, 'POST', `/accounts/${shop.name}/masterdata/customers`, { email: 'Joana.Nova@example.com', firstName: 'Joana', lastName: 'Nova', isNewsletterOptIn: true });
    expect(created.status).toBe(201);
    const found = await search('_fields=email,firstName,isNewsletterOptIn&_where=email=joana.nova@example.com');
    expect(found.body).toEqual([{ email: 'joana.nova@example.com', firstName: 'Joana', isNewsletterOptIn: true }]);
    expect((await control(sandbox, 'POST', `/accounts/${shop.name}/masterdata/customers`, { email: 'joana.nova@example.com', firstName: 'J', lastName: 'N' })).status).toBe(409);
    expect((await control(sandbox, 'PATCH', `/accounts/${shop.name}/masterdata/customers/1`, { userId: 'x' })).status).toBe(400);
  });
});

describe('document get', () => {
  it('answers one customer by id (also CL-prefixed), with _fields', async () => {
    const one = docs(await search('_fields=id,email', 'resources=321-322'))[0];
    const full = await vtex(shop).get(`/api/dataentities/CL/documents/${one?.id}`);
    expect(full.status).toBe(200);
    expect(full.body).toMatchObject({ id: one?.id, email: one?.email, dataEntityId: 'CL', accountName: 'mdsearch', documentType: 'cpf' });
    const some = await vtex(shop).get(`/api/dataentities/CL/documents/CL-${one?.id}?_fields=email`);
    expect(Object.keys(some.body as object).sort()).toEqual(['accountId', 'accountName', 'dataEntityId', 'email', 'id']);
  });

  it('answers 404 for an unknown document', async () => {
    const result = await vtex(shop).get('/api/dataentities/CL/documents/6f1f3c52-0000-4000-8000-000000000000');
    expect(result.status).toBe(404);
    expect(result.body).toEqual({ Message: expect.any(String) });
  });
});
