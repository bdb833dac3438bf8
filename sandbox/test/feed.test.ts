import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningSandbox } from '../server';
import { control, createAccount, startTestSandbox, vtex, type TestAccount } from './support';

interface FeedItem { eventId: string; handle: string; domain: string; state: string; lastState: string; orderId: string; lastChange: string; currentChange: string }

let sandbox: RunningSandbox;
let shop: TestAccount;

beforeAll(async () => {
  sandbox = await startTestSandbox();
  shop = await createAccount(sandbox, 'feedshop', { customers: 20, orders: 100 });
});
afterAll(() => sandbox.close());

async function configure(status?: string[], visibilityTimeoutInSeconds = 60): Promise<void> {
  const saved = await vtex(shop).post('/api/orders/feed/config', {
    filter: status ? { type: 'FromWorkflow', status } : { type: 'FromWorkflow' },
    queue: { visibilityTimeoutInSeconds, MessageRetentionPeriodInSeconds: 345_600 },
  });
  expect(saved.status).toBe(200);
}

async function read(maxlot = 10): Promise<FeedItem[]> {
  const result = await vtex(shop).get(`/api/orders/feed?maxlot=${maxlot}`);
  expect(result.status).toBe(200);
  return result.body as FeedItem[];
}

async function newOrderThrough(statuses: string[]): Promise<string> {
  const created = await control(sandbox, 'POST', `/accounts/${shop.name}/orders`, { customerIndex: 2, status: 'payment-pending' });
  const orderId = (created.body as { orderId: string }).orderId;
  for (const status of statuses) await control(sandbox, 'POST', `/accounts/${shop.name}/orders/${orderId}/status`, { status });
  return orderId;
}

async function drain(): Promise<void> {
  for (let events = await read(); events.length > 0; events = await read()) {
    await vtex(shop).post('/api/orders/feed', { handles: events.map((e) => e.handle) });
  }
}

describe('Feed v3', () => {
  it('answers 404 before a feed is configured', async () => {
    expect((await vtex(shop).get('/api/orders/feed?maxlot=1')).status).toBe(404);
    expect((await vtex(shop).get('/api/orders/feed/config')).status).toBe(404);
  });

  it('queues status changes matching the filter and serves at most maxlot per call', async () => {
    await configure(['payment-approved', 'invoiced']);
    const ids = [];
    for (let i = 0; i < 6; i += 1) ids.push(await newOrderThrough(['payment-approved', 'handling', 'invoiced']));
    const config = await vtex(shop).get('/api/orders/feed/config');
    expect(config.body).toMatchObject({ filter: { type: 'FromWorkflow' }, queue: { visibilityTimeoutInSeconds: 60 }, quantity: 12 });
    const first = await read(10);
    expect(first).toHaveLength(10);
    expect(first[0]).toMatchObject({ orderId: ids[0], state: 'payment-approved', lastState: 'payment-pending', domain: 'Marketplace' });
    expect(first.every((e) => e.state === 'payment-approved' || e.state === 'invoiced')).toBe(true);
    const second = await read(10);
    expect(second).toHaveLength(2);
    await vtex(shop).post('/api/orders/feed', { handles: [...first, ...second].map((e) => e.handle) });
  });

  it('refuses maxlot above 10 or missing', async () => {
    expect((await vtex(shop).get('/api/orders/feed?maxlot=11')).status).toBe(400);
    expect((await vtex(shop).get('/api/orders/feed')).status).toBe(400);
  });

  it('hides received events for the visibility timeout, then serves them again until committed', async () => {
    await configure(undefined, 30);
    await drain();
    const orderId = await newOrderThrough(['invoiced']);
    const [event] = (await read()).filter((e) => e.orderId === orderId && e.state === 'invoiced');
    expect(event).toBeDefined();
    expect((await read()).some((e) => e.orderId === orderId)).toBe(false);
    await control(sandbox, 'POST', '/clock', { advanceMs: 31_000 });
    const again = (await read()).find((e) => e.orderId === orderId && e.state === 'invoiced');
    expect(again?.eventId).toBe(event?.eventId);
    expect(again?.handle).not.toBe(event?.handle);
    // The handle of the earlier receipt no longer commits the event.
    await vtex(shop).post('/api/orders/feed', { handles: [event?.handle] });
    await control(sandbox, 'POST', '/clock', { advanceMs: 31_000 });
    const third = (await read()).find((e) => e.orderId === orderId && e.state === 'invoiced');
    expect(third).toBeDefined();
    await vtex(shop).post('/api/orders/feed', { handles: [third?.handle] });
    await control(sandbox, 'POST', '/clock', { advanceMs: 31_000 });
    expect((await read()).some((e) => e.orderId === orderId && e.state === 'invoiced')).toBe(false);
  });

  it('drops events older than the retention period', async () => {
    await configure(['invoiced']);
    await drain();
    await newOrderThrough(['invoiced']);
    await control(sandbox, 'POST', '/clock', { advanceMs: 345_601_000 });
    expect(await read()).toEqual([]);
  });

  it('validates the feed config', async () => {
    const retention = await vtex(shop).post('/api/orders/feed/config', { filter: { type: 'FromWorkflow' }, queue: { visibilityTimeoutInSeconds: 60, MessageRetentionPeriodInSeconds: 60 } });
    expect(retention.status).toBe(400);
    const mixed = await vtex(shop).post('/api/orders/feed/config', { filter: { type: 'FromOrders', status: ['invoiced'], expression: 'value > 1' }, queue: {} });
    expect(mixed.status).toBe(409);
    expect((await vtex(shop).post('/api/orders/feed', { nope: [] })).status).toBe(400);
  });

  it('DELETE removes the feed config', async () => {
    await configure();
    expect((await vtex(shop).delete('/api/orders/feed/config')).status).toBe(200);
    expect((await vtex(shop).get('/api/orders/feed?maxlot=1')).status).toBe(404);
  });
});
