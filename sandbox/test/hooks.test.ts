import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { RESOURCES } from '../core/license-resources';
import type { HookDeliveryRecord } from '../oms/hook-deliverer';
import type { RunningSandbox } from '../server';
import { addKey, control, createAccount, startReceiver, startTestSandbox, vtex, waitFor, type HookReceiver, type TestAccount } from './support';

let sandbox: RunningSandbox;
let shop: TestAccount;
const receivers: HookReceiver[] = [];

beforeAll(async () => {
  sandbox = await startTestSandbox();
  shop = await createAccount(sandbox, 'hookshop', { customers: 20, orders: 100 });
});
afterEach(async () => {
  await vtex(shop).delete('/api/orders/hook/config');
  await Promise.all(receivers.splice(0).map((r) => r.close()));
});
afterAll(() => sandbox.close());

async function receiver(script?: { status: number; delayMs?: number }[]): Promise<HookReceiver> {
  const r = await startReceiver(script);
  receivers.push(r);
  return r;
}

function hookConfig(url: string, status: string[] = ['invoiced', 'canceled']) {
  return { filter: { type: 'FromWorkflow', status }, hook: { url, headers: { 'X-Loyalty-Secret': 's3cr3t' } } };
}

async function newOrder(status = 'payment-pending'): Promise<string> {
  const created = await control(sandbox, 'POST', `/accounts/${shop.name}/orders`, { customerIndex: 4, status });
  return (created.body as { orderId: string }).orderId;
}

async function move(orderId: string, status: string): Promise<void> {
  const moved = await control(sandbox, 'POST', `/accounts/${shop.name}/orders/${orderId}/status`, { status });
  expect(moved.status).toBe(200);
}

async function deliveries(): Promise<HookDeliveryRecord[]> {
  return ((await control(sandbox, 'GET', `/accounts/${shop.name}/hooks`)).body as { deliveries: HookDeliveryRecord[] }).deliveries;
}

describe('hook configuration', () => {
  it('pings the URL with the custom headers on save, then GET returns the config', async () => {
    const r = await receiver();
    const saved = await vtex(shop).post('/api/orders/hook/config', hookConfig(r.url));
    expect(saved.status).toBe(200);
    expect(r.received[0]?.body).toEqual({ hookConfig: 'ping' });
    expect(r.received[0]?.headers['x-loyalty-secret']).toBe('s3cr3t');
    const read = await vtex(shop).get('/api/orders/hook/config');
    expect(read.body).toMatchObject({ filter: { type: 'FromWorkflow', status: ['invoiced', 'canceled'] }, hook: { url: r.url } });
  });

  it('refuses the config with 400 when the ping does not get a 200', async () => {
    const r = await receiver([{ status: 500 }]);
    const saved = await vtex(shop).post('/api/orders/hook/config', hookConfig(r.url));
    expect(saved.status).toBe(400);
    expect((await vtex(shop).get('/api/orders/hook/config')).status).toBe(404);
  });

  it('answers 409 when a filter mixes FromWorkflow and FromOrders fields, 400 for bad bodies', async () => {
    const r = await receiver();
    const mixed = await vtex(shop).post('/api/orders/hook/config', { filter: { type: 'FromWorkflow', status: ['invoiced'], expression: 'value > 1' }, hook: { url: r.url, headers: {} } });
    expect(mixed.status).toBe(409);
    expect((await vtex(shop).post('/api/orders/hook/config', { hook: { url: r.url } })).status).toBe(400);
    expect((await vtex(shop).post('/api/orders/hook/config', { filter: { type: 'FromWorkflow' }, hook: { url: 'not a url' } })).status).toBe(400);
    expect((await vtex(shop).post('/api/orders/hook/config', { filter: { type: 'FromOrders', expression: 'status ==== 1' }, hook: { url: r.url } })).status).toBe(400);
  });

  it('DELETE removes the config; a second DELETE is 404', async () => {
    const r = await receiver();
    await vtex(shop).post('/api/orders/hook/config', hookConfig(r.url));
    expect((await vtex(shop).delete('/api/orders/hook/config')).status).toBe(200);
    expect((await vtex(shop).delete('/api/orders/hook/config')).status).toBe(404);
  });

  it('keeps one hook per app key', async () => {
    const first = await receiver();
    const second = await receiver();
    const otherKey = await addKey(sandbox, shop.name, [RESOURCES.feedAndHookAdmin]);
    await vtex(shop).post('/api/orders/hook/config', hookConfig(first.url));
    await vtex(shop, otherKey).post('/api/orders/hook/config', hookConfig(second.url));
    const orderId = await newOrder();
    await move(orderId, 'invoiced');
    await waitFor(() => (first.received.length >= 2 && second.received.length >= 2 ? true : undefined), 'both hooks');
    expect(second.received[1]?.body).toMatchObject({ OrderId: orderId, Origin: { Key: otherKey.appKey } });
    await vtex(shop, otherKey).delete('/api/orders/hook/config');
  });
});

describe('hook delivery', () => {
  it('POSTs Domain, OrderId, State, LastState, LastChange, CurrentChange and Origin for subscribed statuses only', async () => {
    const r = await receiver();
    await vtex(shop).post('/api/orders/hook/config', hookConfig(r.url, ['invoiced']));
    const orderId = await newOrder();
    await move(orderId, 'handling');
    await move(orderId, 'invoiced');
    const notification = await waitFor(() => r.received[1], 'the invoiced notification');
    expect(notification.headers['x-loyalty-secret']).toBe('s3cr3t');
    expect(notification.body).toEqual({
      Domain: 'Marketplace', OrderId: orderId, State: 'invoiced', LastState: 'handling',
      LastChange: expect.stringMatching(/Z$/), CurrentChange: expect.stringMatching(/Z$/),
      Origin: { Account: shop.name, Key: shop.key.appKey },
    });
    expect(Date.parse(String(notification.body.CurrentChange))).toBeGreaterThan(Date.parse(String(notification.body.LastChange)));
    // The handling move was not subscribed: only the ping and the invoiced notification arrived.
    expect(r.received).toHaveLength(2);
  });

  it('retries with back-off until the receiver answers 200', async () => {
    const r = await receiver([{ status: 200 }, { status: 500 }, { status: 503 }, { status: 200 }]);
    await vtex(shop).post('/api/orders/hook/config', hookConfig(r.url));
    const orderId = await newOrder();
    await move(orderId, 'invoiced');
    const record = await waitFor(async () => (await deliveries()).find((d) => d.body.OrderId === orderId && d.outcome === 'delivered'), 'a delivered hook');
    expect(record.attempts.map((a) => a.status)).toEqual([500, 503, 200]);
    expect(r.received).toHaveLength(4);
  });

  it('counts a receiver slower than the timeout as a failure and retries', async () => {
    // FAST_HOOKS sets the timeout to 2 s (VTEX: 5 s); the first answer takes 6 s.
    const r = await receiver([{ status: 200 }, { status: 200, delayMs: 6000 }, { status: 200 }]);
    await vtex(shop).post('/api/orders/hook/config', hookConfig(r.url));
    const orderId = await newOrder();
    await move(orderId, 'invoiced');
    const record = await waitFor(async () => (await deliveries()).find((d) => d.body.OrderId === orderId && d.outcome === 'delivered'), 'a delivered hook');
    expect(record.attempts[0]).toMatchObject({ status: null, error: expect.stringContaining('no answer within 2000 ms') });
    expect(record.attempts.at(-1)?.status).toBe(200);
  });

  it('gives up after the maximum number of attempts', async () => {
    const r = await receiver([{ status: 200 }, { status: 500 }]);
    await vtex(shop).post('/api/orders/hook/config', hookConfig(r.url));
    const orderId = await newOrder();
    await move(orderId, 'invoiced');
    const record = await waitFor(async () => (await deliveries()).find((d) => d.body.OrderId === orderId && d.outcome === 'failed'), 'a failed hook');
    expect(record.attempts).toHaveLength(5);
  });

  it('FromOrders filters evaluate the expression on the order document', async () => {
    const r = await receiver();
    const saved = await vtex(shop).post('/api/orders/hook/config', {
      filter: { type: 'FromOrders', expression: '$count(packageAttachment.packages.restitutions.Refund.value) > 0', disableSingleFire: false },
      hook: { url: r.url, headers: {} },
    });
    expect(saved.status).toBe(200);
    const orderId = await newOrder('invoiced');
    await move(orderId, 'invoiced');
    expect((await control(sandbox, 'POST', `/accounts/${shop.name}/orders/${orderId}/return`, {})).status).toBe(200);
    const notification = await waitFor(() => r.received[1], 'the return notification');
    expect(notification.body).toMatchObject({ OrderId: orderId, State: 'invoiced', LastState: 'invoiced' });
  });
});
