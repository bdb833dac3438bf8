// Retries, back-off, auth failures, the concurrency cap, timeouts and unexpected answers, all
// against the sandbox's fault injection over real HTTP. Delays are asserted as the values the
// client asked its injected sleep for, never as elapsed time.

import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createServer } from 'node:net';
import type { RunningSandbox } from '../../../sandbox/main';
import { clientFor, controlOk, createShop, requestCount, setFaults, startTestSandbox, valueOf, type Shop } from '../../harness/vtex-sandbox';

let sandbox: RunningSandbox;
let shop: Shop;
let orderId: string;

beforeAll(async () => {
  sandbox = await startTestSandbox();
  shop = await createShop(sandbox, 'flakyshop', { customers: 20, orders: 40 });
  const { client } = clientFor(sandbox, shop);
  orderId = valueOf(await client.listOrders({ page: 1, perPage: 1 })).orders[0]?.orderId ?? '';
  expect(orderId).not.toBe('');
});
afterAll(() => sandbox.close());
beforeEach(() => setFaults(sandbox, shop, {}));

describe('retries', () => {
  it('waits what Retry-After asks through a 429 storm, then succeeds', async () => {
    await setFaults(sandbox, shop, { rateLimitNext: 3, retryAfterSeconds: 7 });
    const { client, sleeps, logs } = clientFor(sandbox, shop);
    const before = await requestCount(sandbox, shop);
    expect(valueOf(await client.getOrder(orderId)).orderId).toBe(orderId);
    expect(sleeps).toEqual([7000, 7000, 7000]);
    expect(await requestCount(sandbox, shop)).toBe(before + 4);
    expect(logs.map((entry) => [entry.attempt, entry.status, entry.outcome])).toEqual([
      [1, 429, 'rate_limited'], [2, 429, 'rate_limited'], [3, 429, 'rate_limited'], [4, 200, 'ok'],
    ]);
  });

  it('cuts a Retry-After longer than the configured maximum', async () => {
    await setFaults(sandbox, shop, { rateLimitNext: 2, retryAfterSeconds: 600 });
    const { client, sleeps } = clientFor(sandbox, shop, { retry: { maxRetryAfterMs: 45_000 } });
    valueOf(await client.listOrders({ page: 1, perPage: 5 }));
    expect(sleeps).toEqual([45_000, 45_000]);
  });

  it('backs off exponentially with full jitter on 5xx, then succeeds', async () => {
    await setFaults(sandbox, shop, { serverErrorNext: 3, serverErrorStatus: 502 });
    // random() = 0.5 takes half of each ceiling: 1000, 2000, 4000 ms.
    const { client, sleeps } = clientFor(sandbox, shop, { retry: { baseDelayMs: 1000 } });
    valueOf(await client.getOrder(orderId));
    expect(sleeps).toEqual([500, 1000, 2000]);
  });

  it('gives up after the maximum number of attempts with a retryable error', async () => {
    await setFaults(sandbox, shop, { serverErrorShare: 1, serverErrorStatus: 503 });
    const { client, sleeps } = clientFor(sandbox, shop, { retry: { maxAttempts: 3 } });
    const before = await requestCount(sandbox, shop);
    const result = await client.getOrder(orderId);
    expect(result).toMatchObject({ ok: false, error: { kind: 'server', status: 503, retryable: true } });
    expect(result.ok ? '' : result.error.message).toContain('gave up after 3 attempts');
    expect(sleeps).toHaveLength(2);
    expect(await requestCount(sandbox, shop)).toBe(before + 3);
  });

  it('reports rate_limited, still retryable, when the 429s outlast the attempts', async () => {
    await setFaults(sandbox, shop, { rateLimitShare: 1, retryAfterSeconds: 1 });
    const { client, sleeps } = clientFor(sandbox, shop, { retry: { maxAttempts: 2 } });
    expect(await client.listSkuIds(1, 10)).toMatchObject({ ok: false, error: { kind: 'rate_limited', status: 429, retryable: true } });
    expect(sleeps).toEqual([1000]);
  });
});

describe('credentials', () => {
  it('a wrong token is unauthorized, not retried, and never echoed', async () => {
    const wrong = { ...shop, appToken: 'WRONG-TOKEN-c0ffee' };
    const { client, sleeps, logs } = clientFor(sandbox, wrong);
    const before = await requestCount(sandbox, shop);
    const result = await client.listOrders({ page: 1, perPage: 1 });
    expect(result).toMatchObject({ ok: false, error: { kind: 'unauthorized', status: 401, retryable: false } });
    expect(sleeps).toEqual([]);
    expect(await requestCount(sandbox, shop)).toBe(before + 1);
    const everything = JSON.stringify({ result, logs });
    expect(everything).not.toContain(wrong.appToken);
    expect(everything).not.toContain(wrong.appKey);
  });

  it('logs method, masked path, status, attempt and duration, and no header or secret', async () => {
    let clock = 1_000;
    // Each reading of the injected clock moves it 10 ms: the duration is start to end of the exchange.
    const { client, logs } = clientFor(sandbox, shop, { now: () => (clock += 10) });
    const customer = await controlOk<{ userId: string }>(sandbox, 'GET', `/accounts/${shop.name}/customers/1`);
    valueOf(await client.getCustomerByUserId(customer.userId));
    expect(logs).toHaveLength(1);
    expect(logs[0]).toMatchObject({ method: 'GET', status: 200, attempt: 1, outcome: 'ok', durationMs: 10 });
    expect(Object.keys(logs[0] ?? {}).sort()).toEqual(['attempt', 'durationMs', 'method', 'outcome', 'path', 'status']);
    expect(logs[0]?.path).toMatch(/^\/api\/dataentities\/CL\/search\?/);
    expect(logs[0]?.path).toContain('_where=***');
    const text = JSON.stringify(logs);
    for (const secret of [customer.userId, shop.appKey, shop.appToken]) expect(text).not.toContain(secret);
  });
});

describe('concurrency cap', () => {
  async function maxInFlight(concurrency: number | undefined, calls: number): Promise<number> {
    await setFaults(sandbox, shop, { latencyMs: 60 });
    // Counted by the sandbox: what a VTEX server would see at once from this client.
    await controlOk(sandbox, 'DELETE', `/accounts/${shop.name}/requests/peak`);
    const { client } = clientFor(sandbox, shop, concurrency === undefined ? {} : { concurrency });
    const results = await Promise.all(Array.from({ length: calls }, (_, index) =>
      index % 2 === 0 ? client.getOrder(orderId) : client.listOrders({ page: 1, perPage: 5 })));
    expect(results.every((result) => result.ok)).toBe(true);
    return (await controlOk<{ peakInFlight: number }>(sandbox, 'GET', `/accounts/${shop.name}/requests?limit=1`)).peakInFlight;
  }

  it('never has more requests in flight than the cap, and reaches it', async () => {
    expect(await maxInFlight(2, 10)).toBe(2);
  });

  it('defaults to 4 per client', async () => {
    expect(await maxInFlight(undefined, 12)).toBe(4);
  });
});

describe('no usable answer', () => {
  it('a timeout is unreachable and retryable', async () => {
    await setFaults(sandbox, shop, { latencyMs: 400 });
    const { client, sleeps, logs } = clientFor(sandbox, shop, { timeoutMs: 40, retry: { maxAttempts: 2 } });
    const result = await client.getOrder(orderId);
    expect(result).toMatchObject({ ok: false, error: { kind: 'unreachable', status: null, retryable: true } });
    expect(result.ok ? '' : result.error.message).toContain('timed out after 40 ms');
    expect(sleeps).toHaveLength(1);
    expect(logs.map((entry) => entry.outcome)).toEqual(['unreachable', 'unreachable']);
  });

  it('a closed port is unreachable after every attempt', async () => {
    const port = await new Promise<number>((resolve) => {
      const server = createServer();
      server.listen(0, '127.0.0.1', () => {
        const address = server.address();
        server.close(() => resolve(typeof address === 'object' && address !== null ? address.port : 0));
      });
    });
    const { client, sleeps } = clientFor(sandbox, shop, { baseUrlTemplate: `http://127.0.0.1:${port}/{account}`, retry: { maxAttempts: 3 } });
    expect(await client.listOrders({ page: 1, perPage: 1 })).toMatchObject({ ok: false, error: { kind: 'unreachable', retryable: true } });
    expect(sleeps).toHaveLength(2);
  });

  it('an HTML page where JSON was expected is an invalid_response, not retried', async () => {
    // A base URL that lands on the store's home page, as a wrong VTEX_BASE_URL or a proxy would.
    const { client, sleeps } = clientFor(sandbox, shop, { baseUrlTemplate: `${sandbox.url}/{account}/?path=` });
    expect(await client.getOrder(orderId)).toMatchObject({ ok: false, error: { kind: 'invalid_response', status: 200, retryable: false } });
    expect(sleeps).toEqual([]);
  });

  it('JSON of another shape is an invalid_response naming the missing field', async () => {
    // The sandbox's session endpoint answers 200 JSON without any order field.
    const { client } = clientFor(sandbox, shop, { baseUrlTemplate: `${sandbox.url}/{account}/api/sessions?path=` });
    const result = await client.getOrder(orderId);
    expect(result).toMatchObject({ ok: false, error: { kind: 'invalid_response', retryable: false } });
    expect(result.ok ? '' : result.error.message).toContain('order.orderId');
  });
});
