import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HookDeliveryRecord } from '../oms/hook-deliverer';
import type { RunningSandbox } from '../server';
import { control, createAccount, startReceiver, startTestSandbox, vtex, waitFor, type HookReceiver, type TestAccount } from './support';

let sandbox: RunningSandbox;
let shop: TestAccount;

beforeAll(async () => {
  sandbox = await startTestSandbox();
  shop = await createAccount(sandbox, 'faultshop', { customers: 20, orders: 100 });
});
afterAll(() => sandbox.close());

async function setFaults(settings: Record<string, number>): Promise<void> {
  await control(sandbox, 'DELETE', `/accounts/${shop.name}/faults`);
  const result = await control(sandbox, 'PUT', `/accounts/${shop.name}/faults`, settings);
  expect(result.status).toBe(200);
}

describe('request faults', () => {
  it('answers the next N requests 429 with Retry-After, then serves normally', async () => {
    await setFaults({ rateLimitNext: 2, retryAfterSeconds: 7 });
    for (let i = 0; i < 2; i += 1) {
      const limited = await vtex(shop).get('/api/oms/pvt/orders');
      expect(limited.status).toBe(429);
      expect(limited.headers.get('retry-after')).toBe('7');
    }
    expect((await vtex(shop).get('/api/oms/pvt/orders')).status).toBe(200);
  });

  it('a share of 1 fails every request with the chosen 5xx; 0 fails none', async () => {
    await setFaults({ serverErrorShare: 1, serverErrorStatus: 502 });
    for (let i = 0; i < 5; i += 1) expect((await vtex(shop).get('/api/oms/pvt/orders')).status).toBe(502);
    await setFaults({ serverErrorShare: 0 });
    for (let i = 0; i < 5; i += 1) expect((await vtex(shop).get('/api/oms/pvt/orders')).status).toBe(200);
  });

  it('a share in between fails some requests, and auth errors are never replaced by faults', async () => {
    await setFaults({ rateLimitShare: 0.5 });
    const statuses = [];
    for (let i = 0; i < 40; i += 1) statuses.push((await vtex(shop).get('/api/oms/pvt/orders')).status);
    expect(statuses).toContain(429);
    expect(statuses).toContain(200);
    const unauthenticated = await fetch(`${shop.baseUrl}/api/oms/pvt/orders`);
    expect(unauthenticated.status).toBe(401);
    await setFaults({});
  });

  it('refuses invalid settings', async () => {
    for (const settings of [{ rateLimitShare: 2 }, { latencyMs: -1 }, { serverErrorStatus: 418 }, { bogus: 1 }]) {
      expect((await control(sandbox, 'PUT', `/accounts/${shop.name}/faults`, settings)).status).toBe(400);
    }
  });

  it('records the requests it received, with their status and key', async () => {
    await setFaults({ rateLimitNext: 1 });
    await vtex(shop).get('/api/oms/pvt/orders?per_page=3');
    const log = await control(sandbox, 'GET', `/accounts/${shop.name}/requests?limit=1`);
    const [last] = (log.body as { requests: { method: string; url: string; status: number; appKey: string }[] }).requests;
    expect(last).toMatchObject({ method: 'GET', url: `/${shop.name}/api/oms/pvt/orders?per_page=3`, status: 429, appKey: shop.key.appKey });
  });
});

describe('hook faults', () => {
  let receiver: HookReceiver;

  async function orderThroughInvoiced(): Promise<string> {
    const created = await control(sandbox, 'POST', `/accounts/${shop.name}/orders`, { customerIndex: 1, status: 'payment-pending' });
    const orderId = (created.body as { orderId: string }).orderId;
    await control(sandbox, 'POST', `/accounts/${shop.name}/orders/${orderId}/status`, { status: 'invoiced' });
    return orderId;
  }

  async function deliveries(): Promise<HookDeliveryRecord[]> {
    return ((await control(sandbox, 'GET', `/accounts/${shop.name}/hooks`)).body as { deliveries: HookDeliveryRecord[] }).deliveries;
  }

  beforeAll(async () => {
    receiver = await startReceiver();
    await setFaults({});
    const saved = await vtex(shop).post('/api/orders/hook/config', { filter: { type: 'FromWorkflow', status: ['invoiced'] }, hook: { url: receiver.url, headers: {} } });
    expect(saved.status).toBe(200);
  });
  afterAll(() => receiver.close());

  it('drop: the notification is recorded as dropped and never sent', async () => {
    await setFaults({ hookDropShare: 1 });
    const orderId = await orderThroughInvoiced();
    const record = (await deliveries()).find((d) => d.body.OrderId === orderId);
    expect(record?.outcome).toBe('dropped');
    // A later, undropped notification arrives; the dropped one never did.
    await setFaults({});
    const later = await orderThroughInvoiced();
    await waitFor(() => receiver.received.find((r) => r.body.OrderId === later), 'the later notification');
    expect(receiver.received.some((r) => r.body.OrderId === orderId)).toBe(false);
  });

  it('duplicate: the same notification arrives twice', async () => {
    await setFaults({ hookDuplicateShare: 1 });
    const orderId = await orderThroughInvoiced();
    await waitFor(() => (receiver.received.filter((r) => r.body.OrderId === orderId).length === 2 ? true : undefined), 'two copies');
    await setFaults({});
  });

  it('reorder: a held notification is sent after the next one', async () => {
    await setFaults({ hookReorderShare: 1 });
    const first = await orderThroughInvoiced();
    const second = await orderThroughInvoiced();
    await waitFor(() => (receiver.received.some((r) => r.body.OrderId === first) ? true : undefined), 'the held notification');
    const order = receiver.received.map((r) => r.body.OrderId).filter((id) => id === first || id === second);
    expect(order).toEqual([second, first]);
    await setFaults({});
  });

  it('latency holds the answer back without failing it', async () => {
    await setFaults({ latencyMs: 50 });
    const result = await vtex(shop).get('/api/oms/pvt/orders?per_page=1');
    expect(result.status).toBe(200);
    // A lower bound the sandbox guarantees by sleeping, not a speed measurement.
    const log = await control(sandbox, 'GET', `/accounts/${shop.name}/requests?limit=1`);
    const [last] = (log.body as { requests: { durationMs: number }[] }).requests;
    expect(last?.durationMs).toBeGreaterThanOrEqual(49);
    await setFaults({});
  });
});
