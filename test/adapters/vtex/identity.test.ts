import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningSandbox } from '../../../sandbox/main';
import { clientFor, controlOk, createShop, startTestSandbox, valueOf, type Shop } from '../../harness/vtex-sandbox';

let sandbox: RunningSandbox;
let shop: Shop;
let otherShop: Shop;

beforeAll(async () => {
  sandbox = await startTestSandbox();
  shop = await createShop(sandbox, 'idshop', { customers: 10, orders: 0 });
  otherShop = await createShop(sandbox, 'idother', { customers: 10, orders: 0 });
});
afterAll(() => sandbox.close());

interface SandboxCustomer { email: string; userId: string; firstName: string; lastName: string }

/** Logs a shopper in through the storefront form, as a browser would, and returns its cookies. */
async function logIn(account: Shop, email: string): Promise<Record<string, string>> {
  const response = await fetch(`${sandbox.url}/${account.name}/login`, {
    method: 'POST', redirect: 'manual', headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ email, password: 'sandbox' }).toString(),
  });
  expect(response.status).toBe(303);
  const cookies: Record<string, string> = {};
  for (const line of response.headers.getSetCookie()) {
    const pair = line.split(';')[0] ?? '';
    const eq = pair.indexOf('=');
    cookies[pair.slice(0, eq)] = pair.slice(eq + 1);
  }
  return cookies;
}

describe('getSession', () => {
  it('reads the logged-in shopper from the cookies the store domain received', async () => {
    const customer = await controlOk<SandboxCustomer>(sandbox, 'GET', `/accounts/${shop.name}/customers/4`);
    const cookies = await logIn(shop, customer.email);
    const { client } = clientFor(sandbox, shop);
    expect(valueOf(await client.getSession(cookies))).toEqual({
      isAuthenticated: true, userId: customer.userId, email: customer.email, firstName: customer.firstName, lastName: customer.lastName,
    });
    const header = Object.entries(cookies).map(([name, value]) => `${name}=${value}`).join('; ');
    expect(valueOf(await client.getSession(header)).userId).toBe(customer.userId);
  });

  it('is anonymous without cookies, and refuses cookies that would inject a header', async () => {
    const { client } = clientFor(sandbox, shop);
    expect(valueOf(await client.getSession({}))).toEqual({ isAuthenticated: false, userId: null, email: null, firstName: null, lastName: null });
    expect(await client.getSession({ vtex_session: 'a\r\nX-Evil: 1' })).toMatchObject({ ok: false, error: { kind: 'bad_request' } });
  });
});

describe('validateShopperToken', () => {
  it('answers the shopper of a valid token of this store', async () => {
    const customer = await controlOk<SandboxCustomer>(sandbox, 'GET', `/accounts/${shop.name}/customers/6`);
    const minted = await controlOk<{ token: string }>(sandbox, 'POST', `/accounts/${shop.name}/identity/tokens`, { customerIndex: 6 });
    const { client } = clientFor(sandbox, shop);
    expect(valueOf(await client.validateShopperToken(minted.token))).toMatchObject({ userId: customer.userId, email: customer.email, account: shop.name });
  });

  it('answers null for a forged token, an empty one, and a token of another store', async () => {
    const { client } = clientFor(sandbox, shop);
    expect(valueOf(await client.validateShopperToken('eyJhbGciOiJIUzI1NiJ9.e30.forged'))).toBeNull();
    expect(valueOf(await client.validateShopperToken(''))).toBeNull();
    const foreign = await controlOk<{ token: string }>(sandbox, 'POST', `/accounts/${otherShop.name}/identity/tokens`, { customerIndex: 1 });
    expect(valueOf(await clientFor(sandbox, otherShop).client.validateShopperToken(foreign.token))).toMatchObject({ account: otherShop.name });
    expect(valueOf(await client.validateShopperToken(foreign.token))).toBeNull();
  });
});
