import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningSandbox } from '../../../sandbox/main';
import { clientFor, controlOk, createShop, startHookReceiver, startTestSandbox, valueOf, type Shop } from '../../harness/vtex-sandbox';

let sandbox: RunningSandbox;
let shop: Shop;

beforeAll(async () => {
  sandbox = await startTestSandbox();
  shop = await createShop(sandbox, 'ordershop', { customers: 40, orders: 120 });
});
afterAll(() => sandbox.close());

type SandboxOrder = Record<string, unknown> & { orderId: string };

describe('listOrders', () => {
  it('pages through every order of a date window, oldest first, with VTEX paging', async () => {
    const { client } = clientFor(sandbox, shop);
    const window = { from: new Date('2026-01-01T00:00:00.000Z'), to: new Date('2026-06-01T00:00:00.000Z') };
    const first = valueOf(await client.listOrders({ page: 1, perPage: 50, creationDate: window }));
    expect(first.paging).toEqual({ total: 120, pages: 3, currentPage: 1, perPage: 50 });
    const seen = [...first.orders];
    for (let page = 2; page <= first.paging.pages; page += 1) {
      seen.push(...valueOf(await client.listOrders({ page, perPage: 50, creationDate: window })).orders);
    }
    expect(new Set(seen.map((order) => order.orderId)).size).toBe(120);
    const dates = seen.map((order) => Date.parse(order.creationDate));
    expect(dates).toEqual([...dates].sort((a, b) => a - b));
    for (const order of seen) expect(Number.isSafeInteger(order.totalValue)).toBe(true);
  });

  it('filters by status and narrows by creation window', async () => {
    const { client } = clientFor(sandbox, shop);
    const invoiced = valueOf(await client.listOrders({ page: 1, perPage: 100, statuses: ['invoiced'] }));
    expect(invoiced.orders.length).toBeGreaterThan(0);
    expect(invoiced.orders.every((order) => order.status === 'invoiced')).toBe(true);
    const january = valueOf(await client.listOrders({
      page: 1, perPage: 100, creationDate: { from: new Date('2026-01-01T00:00:00.000Z'), to: new Date('2026-01-31T23:59:59.999Z') },
    }));
    expect(january.paging.total).toBeGreaterThan(0);
    expect(january.paging.total).toBeLessThan(120);
    expect(january.orders.every((order) => order.creationDate < '2026-02')).toBe(true);
  });

  it('refuses a page VTEX would refuse, without calling it', async () => {
    const { client, logs } = clientFor(sandbox, shop);
    const result = await client.listOrders({ page: 31, perPage: 100 });
    expect(result).toMatchObject({ ok: false, error: { kind: 'bad_request', retryable: false } });
    expect(logs).toEqual([]);
  });
});

describe('getOrder', () => {
  it('reads the fields Pontua scores with, money in integer cents', async () => {
    const { client } = clientFor(sandbox, shop);
    const row = valueOf(await client.listOrders({ page: 1, perPage: 1, statuses: ['invoiced'] })).orders[0];
    expect(row).toBeDefined();
    const expected = await controlOk<SandboxOrder>(sandbox, 'GET', `/accounts/${shop.name}/orders/${row?.orderId}`);
    const order = valueOf(await client.getOrder(row?.orderId ?? ''));
    expect(order.orderId).toBe(expected.orderId);
    expect(order.sequence).toBe(expected.sequence);
    expect(order.status).toBe('invoiced');
    expect(order.invoicedDate).toBe(expected.invoicedDate);
    expect(order.lastChange).toBe(expected.lastChange);
    expect(order.value).toBe(expected.value);
    const totals = Object.fromEntries((expected.totals as { id: string; value: number }[]).map((t) => [t.id, t.value]));
    expect(order.totals).toEqual({ items: totals.Items, discounts: totals.Discounts, shipping: totals.Shipping, tax: totals.Tax });
    expect(order.totals.items + order.totals.discounts + order.totals.shipping + (order.totals.tax ?? 0)).toBe(order.value);
    const items = expected.items as { id: string; quantity: number; price: number; sellingPrice: number }[];
    expect(order.items.map(({ id, quantity, price, sellingPrice }) => ({ id, quantity, price, sellingPrice })))
      .toEqual(items.map(({ id, quantity, price, sellingPrice }) => ({ id, quantity, price, sellingPrice })));
    const profile = expected.clientProfileData as Record<string, string>;
    expect(order.clientProfile).toMatchObject({
      email: profile.email, userProfileId: profile.userProfileId, firstName: profile.firstName, lastName: profile.lastName, document: profile.document,
    });
    expect(order.clientProfile.email).toMatch(/@ct\.vtex\.com\.br$/);
    expect(order.packages[0]).toMatchObject({ type: 'Output', refund: null });
  });

  it('reads the coupon and a partial return with its refund', async () => {
    const { client } = clientFor(sandbox, shop);
    const skus = await controlOk<{ skus: { id: number }[] }>(sandbox, 'GET', `/accounts/${shop.name}/skus`);
    const [first, second] = skus.skus;
    const placed = await controlOk<{ orderId: string }>(sandbox, 'POST', `/accounts/${shop.name}/orders`, {
      customerIndex: 3, items: [{ skuId: first?.id, quantity: 2 }, { skuId: second?.id, quantity: 1 }], status: 'invoiced',
    });
    const returned = await controlOk<{ refundValue: number }>(sandbox, 'POST', `/accounts/${shop.name}/orders/${placed.orderId}/return`, {
      items: [{ itemIndex: 0, quantity: 1 }],
    });
    const order = valueOf(await client.getOrder(placed.orderId));
    const refunds = order.packages.filter((pkg) => pkg.type === 'Input');
    expect(refunds).toHaveLength(1);
    expect(refunds[0]?.refund).toEqual({ value: returned.refundValue, items: [{ id: String(first?.id), quantity: 1, price: order.items[0]?.sellingPrice }] });

    const withCoupon = valueOf(await client.listOrders({ page: 1, perPage: 100 })).orders;
    let coupon: string | null = null;
    for (const row of withCoupon) {
      const full = valueOf(await client.getOrder(row.orderId));
      if (full.coupon !== null) {
        coupon = full.coupon;
        expect((full.raw.marketingData as { coupon: string }).coupon).toBe(coupon);
        break;
      }
    }
    expect(coupon).not.toBeNull();
  });

  it('also finds an order by seq{sequence}, and answers not_found for an unknown one', async () => {
    const { client } = clientFor(sandbox, shop);
    const row = valueOf(await client.listOrders({ page: 1, perPage: 1 })).orders[0];
    expect(valueOf(await client.getOrder(`seq${row?.sequence}`)).orderId).toBe(row?.orderId);
    const missing = await client.getOrder('999999999999-01');
    expect(missing).toMatchObject({ ok: false, error: { kind: 'not_found', status: 404, retryable: false } });
  });
});

describe('order hook', () => {
  it('is set (after VTEX pinged it), read back with its secret header, and deleted twice without error', async () => {
    const receiver = await startHookReceiver();
    try {
      const { client } = clientFor(sandbox, shop);
      expect(valueOf(await client.getOrderHook())).toBeNull();
      valueOf(await client.setOrderHook({ url: receiver.url, headers: { 'X-Pontua-Secret': 's3cret' }, statuses: ['invoiced', 'canceled'] }));
      expect(receiver.bodies).toContainEqual({ hookConfig: 'ping' });
      expect(valueOf(await client.getOrderHook())).toEqual({
        filterType: 'FromWorkflow', statuses: ['invoiced', 'canceled'], expression: null, url: receiver.url, headers: { 'X-Pontua-Secret': 's3cret' },
      });
      valueOf(await client.deleteOrderHook());
      expect(valueOf(await client.getOrderHook())).toBeNull();
      valueOf(await client.deleteOrderHook());
    } finally {
      await receiver.close();
    }
  });

  it('answers bad_request when the hook URL does not answer the ping', async () => {
    const receiver = await startHookReceiver();
    const url = receiver.url;
    await receiver.close();
    const { client } = clientFor(sandbox, shop);
    const result = await client.setOrderHook({ url, headers: {} });
    expect(result).toMatchObject({ ok: false, error: { kind: 'bad_request', status: 400, retryable: false } });
  });
});
