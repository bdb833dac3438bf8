// Master Data scroll: paging to the empty array, the fixed query behind a token, idle expiry
// on the sandbox clock (no sleeping), and the 11th simultaneous scroll refused like VTEX.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningSandbox } from '../server';
import { control, createAccount, startTestSandbox, vtex, type TestAccount } from './support';

let sandbox: RunningSandbox;
let shop: TestAccount;

beforeAll(async () => {
  sandbox = await startTestSandbox();
  shop = await createAccount(sandbox, 'mdscroll', { seed: 9, customers: 2345 });
});
afterAll(async () => sandbox.close());

const scroll = (query: string) => vtex(shop).get(`/api/dataentities/CL/scroll?${query}`);
const open = async (): Promise<string> => {
  const first = await scroll('_size=1&_fields=id');
  expect(first.status).toBe(200);
  return first.headers.get('x-vtex-md-token') ?? '';
};

describe('scroll', () => {
  it('pages to the end with _token until an empty array, every customer once', async () => {
    const first = await scroll('_size=1000&_fields=id,updatedIn');
    const token = first.headers.get('x-vtex-md-token');
    expect(token).toMatch(/^\S{16,}$/);
    expect(first.headers.get('rest-content-total')).toBe('2345');
    const pages = [first.body as { id: string }[]];
    for (;;) {
      const next = await scroll(`_token=${token}`);
      expect(next.status).toBe(200);
      const page = next.body as { id: string }[];
      if (page.length === 0) break;
      pages.push(page);
    }
    expect(pages.map((p) => p.length)).toEqual([1000, 1000, 345]);
    expect(new Set(pages.flat().map((d) => d.id)).size).toBe(2345);
  });

  it('keeps the filter, fields and size of the first request; later parameters are ignored', async () => {
    const first = await scroll('_size=50&_fields=email&_where=isNewsletterOptIn=true');
    const token = first.headers.get('x-vtex-md-token') ?? '';
    const total = Number(first.headers.get('rest-content-total'));
    expect(total).toBeGreaterThan(100);
    const second = await scroll(`_token=${token}&_size=5&_fields=id`);
    expect(second.body).toHaveLength(50);
    expect(Object.keys((second.body as object[])[0] ?? {})).toEqual(['email']);
  });

  it.each(['_size=1001', '_size=0', '_size=ten'])('refuses %s with 400', async (size) => {
    const result = await scroll(`${size}&_fields=id`);
    expect(result.status).toBe(400);
    expect(result.body).toEqual({ Message: expect.any(String) });
  });

  it('answers 400 to an unknown token', async () => {
    expect((await scroll('_token=not-a-token')).status).toBe(400);
  });
});

describe('scroll limits', () => {
  it('expires a token after the idle time, and each use restarts the timer', async () => {
    await control(sandbox, 'PUT', `/accounts/${shop.name}/masterdata/settings`, { scrollIdleMs: 60_000 });
    const token = await open();
    await control(sandbox, 'POST', '/clock', { advanceMs: 45_000 });
    expect((await scroll(`_token=${token}`)).status).toBe(200);
    await control(sandbox, 'POST', '/clock', { advanceMs: 45_000 });
    expect((await scroll(`_token=${token}`)).status).toBe(200);
    await control(sandbox, 'POST', '/clock', { advanceMs: 60_000 });
    const expired = await scroll(`_token=${token}`);
    expect(expired.status).toBe(400);
    expect(expired.body).toEqual({ Message: expect.stringContaining('expired') });
  });

  it('defaults to VTEX\'s 20 minutes of idle time', async () => {
    const other = await createAccount(sandbox, 'mdidle', { customers: 10 });
    const first = await vtex(other).get('/api/dataentities/CL/scroll?_size=1&_fields=id');
    const token = first.headers.get('x-vtex-md-token') ?? '';
    await control(sandbox, 'POST', '/clock', { advanceMs: 19 * 60_000 });
    expect((await vtex(other).get(`/api/dataentities/CL/scroll?_token=${token}`)).status).toBe(200);
    await control(sandbox, 'POST', '/clock', { advanceMs: 20 * 60_000 });
    expect((await vtex(other).get(`/api/dataentities/CL/scroll?_token=${token}`)).status).toBe(400);
  });

  it('refuses the 11th simultaneous scroll, and frees a slot when one ends or expires', async () => {
    const other = await createAccount(sandbox, 'mdlimit', { customers: 30 });
    await control(sandbox, 'PUT', `/accounts/${other.name}/masterdata/settings`, { scrollIdleMs: 60_000 });
    const tokens: string[] = [];
    for (let i = 0; i < 10; i += 1) {
      const opened = await vtex(other).get('/api/dataentities/CL/scroll?_size=20&_fields=id');
      expect(opened.status).toBe(200);
      tokens.push(opened.headers.get('x-vtex-md-token') ?? '');
    }
    const eleventh = await vtex(other).get('/api/dataentities/CL/scroll?_size=20&_fields=id');
    expect(eleventh.status).toBe(400);
    expect(eleventh.body).toEqual({ Message: 'Maximum simultaneous scrolls rate exceeded (10)' });
    // Another account has its own ten.
    expect((await scroll('_size=1&_fields=id')).status).toBe(200);
    // Reading one scroll to its empty page ends it.
    for (let page = 0; page < 3; page += 1) await vtex(other).get(`/api/dataentities/CL/scroll?_token=${tokens[0]}`);
    expect((await control(sandbox, 'GET', `/accounts/${other.name}/masterdata/scrolls`)).body).toMatchObject({ active: 9 });
    expect((await vtex(other).get('/api/dataentities/CL/scroll?_size=20&_fields=id')).status).toBe(200);
    expect((await vtex(other).get('/api/dataentities/CL/scroll?_size=20&_fields=id')).status).toBe(400);
    await control(sandbox, 'POST', '/clock', { advanceMs: 60_000 });
    expect((await vtex(other).get('/api/dataentities/CL/scroll?_size=20&_fields=id')).status).toBe(200);
  });
});
