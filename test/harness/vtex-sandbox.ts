// Shared by the VTEX client tests: an in-process sandbox, accounts and keys made through its
// /_sandbox control API, and clients whose sleep only records the delays it is asked for.

import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { expect } from 'vitest';
import { createVtexClient, type VtexClient, type VtexClientOptions, type VtexRequestLog } from '../../src/adapters/vtex';
import { ALL_RESOURCES, startSandbox, type RunningSandbox } from '../../sandbox/main';

export { ALL_RESOURCES, RESOURCES } from '../../sandbox/main';

export interface Shop {
  name: string;
  appKey: string;
  appToken: string;
}

export async function startTestSandbox(): Promise<RunningSandbox> {
  return startSandbox({ port: 0, hookTimeoutMs: 2000, hookRetry: { initialDelayMs: 20, factor: 2, maxDelayMs: 200, maxAttempts: 5 } });
}

export async function control(sandbox: RunningSandbox, method: string, path: string, body?: unknown): Promise<{ status: number; body: unknown }> {
  const response = await fetch(`${sandbox.url}/_sandbox${path}`, {
    method,
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  return { status: response.status, body: text === '' ? null : JSON.parse(text) as unknown };
}

export async function controlOk<T>(sandbox: RunningSandbox, method: string, path: string, body?: unknown): Promise<T> {
  const result = await control(sandbox, method, path, body);
  expect(result.status, `${method} ${path}: ${JSON.stringify(result.body)}`).toBeLessThan(300);
  return result.body as T;
}

export async function addKey(sandbox: RunningSandbox, account: string, resources: readonly string[]): Promise<{ appKey: string; appToken: string }> {
  return controlOk(sandbox, 'POST', `/accounts/${account}/keys`, { resources });
}

export async function createShop(sandbox: RunningSandbox, name: string, seed: { customers?: number; orders?: number } = {}): Promise<Shop> {
  await controlOk(sandbox, 'POST', '/accounts', { name, seed: 7 });
  if (seed.customers !== undefined || seed.orders !== undefined) {
    await controlOk(sandbox, 'POST', `/accounts/${name}/seed`, {
      customers: seed.customers ?? 0, orders: seed.orders ?? 0, from: '2026-01-01T00:00:00.000Z', to: '2026-06-01T00:00:00.000Z',
    });
  }
  return { name, ...await addKey(sandbox, name, ALL_RESOURCES) };
}

export async function setFaults(sandbox: RunningSandbox, shop: Shop, faults: Record<string, number>): Promise<void> {
  await controlOk(sandbox, 'DELETE', `/accounts/${shop.name}/faults`);
  await controlOk(sandbox, 'PUT', `/accounts/${shop.name}/faults`, faults);
}

export async function requestCount(sandbox: RunningSandbox, shop: Shop): Promise<number> {
  return (await controlOk<{ total: number }>(sandbox, 'GET', `/accounts/${shop.name}/requests?limit=1`)).total;
}

export interface TestClient {
  client: VtexClient;
  /** Every delay the client asked to sleep, in order; nothing actually waits. */
  sleeps: number[];
  logs: VtexRequestLog[];
}

export function clientFor(sandbox: RunningSandbox, shop: Shop, overrides: Partial<VtexClientOptions> = {}): TestClient {
  const sleeps: number[] = [];
  const logs: VtexRequestLog[] = [];
  const client = createVtexClient({
    account: shop.name,
    baseUrlTemplate: `${sandbox.url}/{account}`,
    appKey: shop.appKey,
    appToken: shop.appToken,
    sleep: async (ms) => {
      sleeps.push(ms);
    },
    random: () => 0.5,
    logger: (entry) => logs.push(entry),
    ...overrides,
  });
  return { client, sleeps, logs };
}

/** Pontua's side of the order hook: answers VTEX's ping (and notifications) with 200. */
export async function startHookReceiver(): Promise<{ url: string; bodies: unknown[]; close(): Promise<void> }> {
  const bodies: unknown[] = [];
  const server: Server = createServer((request, response) => {
    let text = '';
    request.on('data', (chunk: Buffer) => { text += chunk.toString('utf8'); });
    request.on('end', () => {
      bodies.push(text === '' ? null : JSON.parse(text));
      response.writeHead(200).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/webhooks/vtex/orders`,
    bodies,
    close: () => new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
}

/** Narrows a VtexResult in a test, failing with the error when it is not ok. */
export function valueOf<T>(result: { ok: true; value: T } | { ok: false; error: unknown }): T {
  if (!result.ok) expect.fail(`expected a value, got ${JSON.stringify(result.error)}`);
  return result.value;
}
