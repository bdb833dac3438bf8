// Shared test kit: an in-process sandbox with fast hook retries, accounts with keys, a VTEX
// client over real HTTP, and a scriptable hook receiver.

import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { ALL_RESOURCES } from '../core/license-resources';
import { startSandbox, type RunningSandbox, type SandboxOptions } from '../server';

export const FAST_HOOKS: SandboxOptions = {
  // Long enough that a loaded CI machine still answers a quick receiver in time.
  hookTimeoutMs: 2000,
  hookRetry: { initialDelayMs: 20, factor: 2, maxDelayMs: 200, maxAttempts: 5 },
};

export function startTestSandbox(options: SandboxOptions = {}): Promise<RunningSandbox> {
  return startSandbox({ port: 0, ...FAST_HOOKS, ...options });
}

export interface HttpResult {
  status: number;
  headers: Headers;
  body: unknown;
}

export async function http(url: string, init: RequestInit = {}): Promise<HttpResult> {
  const response = await fetch(url, init);
  const text = await response.text();
  let body: unknown = text;
  try {
    body = text === '' ? null : JSON.parse(text);
  } catch {
    // keep the text
  }
  return { status: response.status, headers: response.headers, body };
}

export async function control(sandbox: RunningSandbox, method: string, path: string, body?: unknown): Promise<HttpResult> {
  return http(`${sandbox.url}/_sandbox${path}`, {
    method,
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
}

export interface Key {
  appKey: string;
  appToken: string;
}

export interface TestAccount {
  name: string;
  baseUrl: string;
  key: Key;
}

export async function createAccount(
  sandbox: RunningSandbox, name: string,
  options: { seed?: number; customers?: number; orders?: number; from?: string; to?: string; resources?: readonly string[] } = {},
): Promise<TestAccount> {
  const created = await control(sandbox, 'POST', '/accounts', { name, seed: options.seed ?? 7 });
  if (created.status !== 201) throw new Error(`create account: ${JSON.stringify(created.body)}`);
  const key = await addKey(sandbox, name, options.resources ?? ALL_RESOURCES);
  if (options.orders !== undefined || options.customers !== undefined) {
    const seeded = await control(sandbox, 'POST', `/accounts/${name}/seed`, {
      customers: options.customers ?? 0, orders: options.orders ?? 0,
      from: options.from ?? '2024-01-01T00:00:00.000Z', to: options.to ?? '2025-01-01T00:00:00.000Z',
    });
    if (seeded.status !== 200) throw new Error(`seed: ${JSON.stringify(seeded.body)}`);
  }
  return { name, baseUrl: `${sandbox.url}/${name}`, key };
}

export async function addKey(sandbox: RunningSandbox, account: string, resources: readonly string[]): Promise<Key> {
  const result = await control(sandbox, 'POST', `/accounts/${account}/keys`, { resources });
  if (result.status !== 201) throw new Error(`add key: ${JSON.stringify(result.body)}`);
  return result.body as Key;
}

/** A VTEX API client for one account and key. */
export function vtex(account: TestAccount, key: Key = account.key) {
  const headers = {
    'X-VTEX-API-AppKey': key.appKey,
    'X-VTEX-API-AppToken': key.appToken,
    'Accept': 'application/json',
    'Content-Type': 'application/json',
  };
  return {
    get: (path: string) => http(`${account.baseUrl}${path}`, { headers }),
    post: (path: string, body: unknown) => http(`${account.baseUrl}${path}`, { method: 'POST', headers, body: JSON.stringify(body) }),
    delete: (path: string) => http(`${account.baseUrl}${path}`, { method: 'DELETE', headers }),
  };
}

export async function waitFor<T>(probe: () => Promise<T | undefined> | T | undefined, what: string, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const value = await probe();
    if (value !== undefined) return value;
    await sleep(20);
  }
  throw new Error(`timed out waiting for ${what}`);
}

export interface ReceivedHook {
  headers: IncomingHttpHeaders;
  body: Record<string, unknown>;
}

export interface HookReceiver {
  url: string;
  received: ReceivedHook[];
  /** Status and delay per incoming request, in order; the last entry repeats. */
  script: { status: number; delayMs?: number }[];
  close(): Promise<void>;
}

export async function startReceiver(script: { status: number; delayMs?: number }[] = [{ status: 200 }]): Promise<HookReceiver> {
  const received: ReceivedHook[] = [];
  const receiver: HookReceiver = { url: '', received, script, close: async () => undefined };
  let calls = 0;
  const server: Server = createServer((request, response) => {
    let text = '';
    request.on('data', (chunk: Buffer) => { text += chunk.toString('utf8'); });
    request.on('end', () => {
      received.push({ headers: request.headers, body: JSON.parse(text || '{}') as Record<string, unknown> });
      const step = receiver.script[Math.min(calls, receiver.script.length - 1)] ?? { status: 200 };
      calls += 1;
      const answer = (): void => {
        if (!response.destroyed) response.writeHead(step.status, { 'content-type': 'text/plain' }).end('ok');
      };
      if (step.delayMs) setTimeout(answer, step.delayMs).unref();
      else answer();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  receiver.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks/orders`;
  receiver.close = () => new Promise<void>((resolve) => {
    server.closeAllConnections();
    server.close(() => resolve());
  });
  return receiver;
}
