// `_where` parsing and filtering: the parser's accept/refuse cases, then every planned query
// (binary-searched updatedIn windows, id lookups, AND/OR, full scans) checked over real HTTP
// against a plain filter of the whole customer base read through scroll.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseWhere, WhereError } from '../masterdata/where-parser';
import type { RunningSandbox } from '../server';
import { control, createAccount, startTestSandbox, vtex, type TestAccount } from './support';

interface Doc { id: string; email: string; firstName: string; lastName: string; document: string; userId: string; isNewsletterOptIn: boolean; createdIn: string; updatedIn: string; birthDate: string; phone: string }

describe('the _where parser', () => {
  it.each([
    'email=ana@example.com',
    'firstName<>maria',
    'updatedIn>2024-06-01',
    'createdIn<2024-06-01T10:00:00.000Z',
    'createdIn between 2001-01-01 AND 2016-01-01',
    'firstName is null',
    'firstName is not null',
    '(firstName=Jon OR lastName=Smith) OR (createdIn between 2001-01-01 AND 2016-01-01)',
    'firstName="Ana Maria" and isNewsletterOptIn=true',
    'email=*@gmail.com',
  ])('accepts %s', (where) => {
    expect(() => parseWhere(where)).not.toThrow();
  });

  it.each([
    ['', 'Empty'],
    ['firstName=', 'Expected a value'],
    ['firstName=Ana AND', 'Expected a condition'],
    ['(firstName=Ana', "Expected ')'"],
    ['firstName=Ana)', "Unexpected ')'"],
    ['firstName=Ana lastName=Souza', "Unexpected 'lastName'"],
    ['age>5', "Field 'age' is not filterable"],
    ['firstName>=Ana', "Operator '>=' is not supported"],
    ['firstName!=Ana', "Operator '!=' is not supported"],
    ['updatedIn>yesterday', 'is not a date'],
    ['isNewsletterOptIn=yes', 'is not true or false'],
    ['createdIn between 2024-01-01 2024-02-01', 'Expected AND'],
    ['firstName is empty', "Expected 'null'"],
    ['firstName="Ana', 'Unterminated'],
  ])('refuses %j', (where, message) => {
    expect(() => parseWhere(where)).toThrow(WhereError);
    expect(() => parseWhere(where)).toThrow(message);
  });

  it('binds AND tighter than OR', () => {
    expect(parseWhere('firstName=a OR firstName=b AND lastName=c')).toMatchObject({
      kind: 'or', left: { kind: 'compare', field: 'firstName' }, right: { kind: 'and' },
    });
  });
});

describe('filtering over HTTP matches a plain filter of every customer', () => {
  let sandbox: RunningSandbox;
  let shop: TestAccount;
  let all: Doc[];

  async function everything(): Promise<Doc[]> {
    const docs: Doc[] = [];
    let response = await vtex(shop).get('/api/dataentities/CL/scroll?_size=1000&_fields=_all');
    const token = response.headers.get('x-vtex-md-token') ?? '';
    while ((response.body as Doc[]).length > 0) {
      docs.push(...(response.body as Doc[]));
      response = await vtex(shop).get(`/api/dataentities/CL/scroll?_token=${token}`);
    }
    return docs;
  }

  async function searchAll(where: string): Promise<{ total: number; ids: string[] }> {
    const ids: string[] = [];
    let total = -1;
    for (let from = 0; from === 0 || from < total; from += 100) {
      const response = await fetch(`${shop.baseUrl}/api/dataentities/CL/search?_fields=id&_where=${encodeURIComponent(where)}`, {
        headers: { 'x-vtex-api-appkey': shop.key.appKey, 'x-vtex-api-apptoken': shop.key.appToken, 'rest-range': `resources=${from}-${from + 100}` },
      });
      expect(response.status).toBe(200);
      total = Number(/\/(\d+)$/.exec(response.headers.get('rest-content-range') ?? '')?.[1]);
      ids.push(...((await response.json()) as { id: string }[]).map((d) => d.id));
    }
    return { total, ids };
  }

  beforeAll(async () => {
    sandbox = await startTestSandbox();
    shop = await createAccount(sandbox, 'wheres', { seed: 17, customers: 2500 });
    // Edited and created customers are served apart from the seeded ones: include both.
    await control(sandbox, 'POST', '/clock', { advanceMs: 0 });
    await control(sandbox, 'PATCH', `/accounts/${shop.name}/masterdata/customers/7`, { firstName: 'Zuleica', isNewsletterOptIn: true });
    await control(sandbox, 'PATCH', `/accounts/${shop.name}/masterdata/customers/1200`, { email: 'renamed@example.com' });
    await control(sandbox, 'POST', `/accounts/${shop.name}/masterdata/customers`, { email: 'nova.cliente@example.com', firstName: 'Nova', lastName: 'Cliente' });
    all = await everything();
  });
  afterAll(async () => sandbox.close());

  it('reads every customer once through scroll', () => {
    expect(all).toHaveLength(2501);
    expect(new Set(all.map((d) => d.id)).size).toBe(2501);
  });

  const ms = (text: string): number => Date.parse(text.length === 10 ? `${text}T00:00:00Z` : text);
  const probe = (pick: (docs: Doc[]) => Doc | undefined): Doc => {
    const doc = pick(all);
    if (!doc) throw new Error('no probe customer');
    return doc;
  };

  const cases: [string, () => string, (d: Doc) => boolean][] = [
    ['updatedIn > a date', () => `updatedIn>${all[900]?.updatedIn}`, (d) => ms(d.updatedIn) > ms(all[900]?.updatedIn ?? '')],
    ['updatedIn < a date', () => `updatedIn<${all[300]?.updatedIn}`, (d) => ms(d.updatedIn) < ms(all[300]?.updatedIn ?? '')],
    ['updatedIn between', () => 'updatedIn between 2022-05-01 AND 2022-07-15T12:00:00Z', (d) => ms(d.updatedIn) >= ms('2022-05-01') && ms(d.updatedIn) <= ms('2022-07-15T12:00:00Z')],
    ['updatedIn on a day', () => 'updatedIn=2022-03-10', (d) => d.updatedIn.startsWith('2022-03-10')],
    ['updatedIn not on a day', () => 'updatedIn<>2022-03-10', (d) => !d.updatedIn.startsWith('2022-03-10')],
    ['createdIn between', () => 'createdIn between 2022-02-01 AND 2022-03-01', (d) => ms(d.createdIn) >= ms('2022-02-01') && ms(d.createdIn) <= ms('2022-03-01')],
    ['createdIn >', () => 'createdIn>2023-06-01', (d) => ms(d.createdIn) > ms('2023-06-01')],
    ['createdIn <', () => 'createdIn<2022-02-01', (d) => ms(d.createdIn) < ms('2022-02-01')],
    ['email =', () => `email=${probe((ds) => ds[42]).email.toUpperCase()}`, (d) => d.email === probe((ds) => ds[42]).email],
    ['renamed e-mail', () => 'email=renamed@example.com', (d) => d.email === 'renamed@example.com'],
    ['userId = or id =', () => `userId=${probe((ds) => ds[5]).userId} OR id=${probe((ds) => ds[2000]).id}`, (d) => d.id === probe((ds) => ds[5]).id || d.id === probe((ds) => ds[2000]).id],
    ['document =', () => `document=${probe((ds) => ds[77]).document}`, (d) => d.document === probe((ds) => ds[77]).document],
    ['unknown id', () => 'id=00000000-0000-4000-8000-000000000000', () => false],
    ['first name, any case', () => 'firstName=ANA', (d) => d.firstName.toLowerCase() === 'ana'],
    ['wildcard', () => 'email=*@gmail.com', (d) => d.email.endsWith('@gmail.com')],
    ['boolean and range', () => 'isNewsletterOptIn=true AND updatedIn>2023-01-01', (d) => d.isNewsletterOptIn && ms(d.updatedIn) > ms('2023-01-01')],
    ['parentheses and OR', () => '(firstName=Zuleica OR lastName=Souza) AND isNewsletterOptIn=true', (d) => (d.firstName === 'Zuleica' || d.lastName.toLowerCase() === 'souza') && d.isNewsletterOptIn],
    ['created customer', () => 'firstName=Nova', (d) => d.firstName === 'Nova'],
    ['is null', () => 'email is null', () => false],
    ['is not null', () => 'email is not null', () => true],
  ];

  it.each(cases)('%s', async (_label, where, keep) => {
    const expected = all.filter(keep);
    const result = await searchAll(where());
    expect(result.total).toBe(expected.length);
    expect(new Set(result.ids)).toEqual(new Set(expected.map((d) => d.id)));
    expect(result.ids).toHaveLength(expected.length);
  });

  it('a probe list that is not trivial (so these cases can fail)', () => {
    const sizes = cases.map(([, , keep]) => all.filter(keep).length);
    expect(sizes.filter((n) => n > 1 && n < all.length).length).toBeGreaterThan(10);
  });
});
