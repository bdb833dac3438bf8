// The order mapper on real sandbox documents, then on copies with one field broken: each break
// must be an invalid_response naming the field, never a crash and never a guessed amount.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decode } from '../../../src/adapters/vtex/json-reader';
import { readOrder, readOrderPage } from '../../../src/adapters/vtex/order-mapper';
import type { RunningSandbox } from '../../../sandbox/main';
import { clientFor, controlOk, createShop, startTestSandbox, valueOf, type Shop } from '../../harness/vtex-sandbox';

let sandbox: RunningSandbox;
let shop: Shop;
let document: Record<string, unknown>;

beforeAll(async () => {
  sandbox = await startTestSandbox();
  shop = await createShop(sandbox, 'mappershop', { customers: 5, orders: 10 });
  const placed = await controlOk<{ orderId: string }>(sandbox, 'POST', `/accounts/${shop.name}/orders`, { customerIndex: 1, status: 'invoiced' });
  document = await controlOk(sandbox, 'GET', `/accounts/${shop.name}/orders/${placed.orderId}`);
});
afterAll(() => sandbox.close());

function broken(change: (order: Record<string, unknown>) => void): Record<string, unknown> {
  const copy = structuredClone(document);
  change(copy);
  return copy;
}

function problemOf(body: unknown): string {
  const result = decode('Get order', body, readOrder);
  expect(result.ok).toBe(false);
  if (result.ok) return '';
  expect(result.error).toMatchObject({ kind: 'invalid_response', retryable: false });
  return result.error.message;
}

describe('readOrder', () => {
  it('maps the document getOrder receives to the same value', async () => {
    const { client } = clientFor(sandbox, shop);
    const fromHttp = valueOf(await client.getOrder(String(document.orderId)));
    expect(valueOf(decode('Get order', document, readOrder))).toEqual(fromHttp);
  });

  it('refuses an order without a Discounts total rather than scoring it without discounts', () => {
    const body = broken((order) => {
      order.totals = (order.totals as { id: string }[]).filter((total) => total.id !== 'Discounts');
    });
    expect(problemOf(body)).toContain('has no Discounts total');
  });

  it('refuses money that is not whole cents', () => {
    expect(problemOf(broken((order) => { order.value = 12.5; }))).toContain('order.value should be an integer amount in cents');
    expect(problemOf(broken((order) => {
      (order.items as Record<string, unknown>[])[0] = { ...(order.items as Record<string, unknown>[])[0], sellingPrice: '990' };
    }))).toContain('order.items[0].sellingPrice');
  });

  it('refuses a missing customer profile, status or item list', () => {
    expect(problemOf(broken((order) => { delete order.clientProfileData; }))).toContain('order.clientProfileData should be an object');
    expect(problemOf(broken((order) => { order.status = null; }))).toContain('order.status should be a string');
    expect(problemOf(broken((order) => { order.items = null; }))).toContain('order.items should be a list');
    expect(problemOf(broken((order) => { order.lastChange = 'yesterday'; }))).toContain('order.lastChange should be a date');
  });

  it('reads no coupon and no packages when VTEX sends null for them', () => {
    const order = valueOf(decode('Get order', broken((o) => { o.marketingData = null; o.packageAttachment = null; o.invoicedDate = null; }), readOrder));
    expect(order).toMatchObject({ coupon: null, packages: [], invoicedDate: null });
  });

  it('refuses a List orders page without paging', () => {
    const result = decode('List orders', { list: [] }, readOrderPage);
    expect(result).toMatchObject({ ok: false, error: { kind: 'invalid_response' } });
  });
});
