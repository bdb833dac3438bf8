// Benchmark of the VTEX sandbox (issue 3): seeding 1,000,000 orders and 500,000 customers,
// then List orders and Get order throughput beside a trivial fastify route measured the same
// way in the same run. The load generator runs in a worker thread (its own event loop, the
// second core) so it does not steal the server's event loop. 127.0.0.1 only; every scenario
// is bounded in requests and in time.

import Fastify from 'fastify';
import { Worker } from 'node:worker_threads';
import { startSandbox } from '../sandbox/main';

const ORDERS = 1_000_000;
const CUSTOMERS = 500_000;
const CONCURRENCY = 8;
const DURATION_MS = 5000;
const MAX_REQUESTS = 60_000;
const WARMUP_MS = 500;

interface LoadResult {
  requests: number;
  errors: number;
  seconds: number;
  p50Ms: number;
  p99Ms: number;
}

// Plain JavaScript run with eval in the worker: keep-alive HTTP/1.1 clients that each loop
// over their share of the URLs until the time or request budget is spent.
const LOAD_WORKER = `
const { parentPort, workerData } = require('node:worker_threads');
const http = require('node:http');
const { urls, headers, concurrency, durationMs, maxRequests, warmupMs } = workerData;
const agent = new http.Agent({ keepAlive: true, maxSockets: concurrency });
function get(url) {
  return new Promise((resolve) => {
    const started = process.hrtime.bigint();
    const request = http.get(url, { agent, headers }, (response) => {
      response.resume();
      response.on('end', () => resolve({ ok: response.statusCode === 200, ms: Number(process.hrtime.bigint() - started) / 1e6 }));
    });
    request.on('error', () => resolve({ ok: false, ms: 0 }));
  });
}
async function phase(ms, budget, record) {
  const deadline = Date.now() + ms;
  let next = 0;
  async function client() {
    while (Date.now() < deadline && next < budget) {
      const url = urls[next++ % urls.length];
      const result = await get(url);
      if (record) record(result);
    }
  }
  await Promise.all(Array.from({ length: concurrency }, client));
}
(async () => {
  await phase(warmupMs, Number.MAX_SAFE_INTEGER, null);
  const latencies = [];
  let errors = 0;
  const started = Date.now();
  await phase(durationMs, maxRequests, (r) => { if (r.ok) latencies.push(r.ms); else errors += 1; });
  const seconds = (Date.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  const at = (q) => latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))] || 0;
  agent.destroy();
  parentPort.postMessage({ requests: latencies.length, errors, seconds, p50Ms: at(0.5), p99Ms: at(0.99) });
})();
`;

function runLoad(urls: string[], headers: Record<string, string>): Promise<LoadResult> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(LOAD_WORKER, {
      eval: true,
      workerData: { urls, headers, concurrency: CONCURRENCY, durationMs: DURATION_MS, maxRequests: MAX_REQUESTS, warmupMs: WARMUP_MS },
    });
    worker.once('message', (result: LoadResult) => {
      void worker.terminate();
      resolve(result);
    });
    worker.once('error', reject);
  });
}

async function post(url: string, body: unknown): Promise<unknown> {
  const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  if (!response.ok) throw new Error(`${url} → ${response.status} ${await response.text()}`);
  return response.json();
}

function megabytes(bytes: number): string {
  return `${Math.round(bytes / 1024 / 1024)} MB`;
}

/** Deterministic spread of order indexes, so runs compare like for like. */
function spread(count: number, total: number): number[] {
  const out: number[] = [];
  let x = 12345;
  for (let i = 0; i < count; i += 1) {
    x = (Math.imul(x, 1103515245) + 12345) >>> 0;
    out.push(x % total);
  }
  return out;
}

export async function run(): Promise<void> {
  const sandbox = await startSandbox({ port: 0, seed: 1 });
  const baseline = Fastify({ logger: false });
  baseline.get('/ping', async () => ({ ok: true, service: 'baseline', n: 1 }));
  await baseline.listen({ port: 0, host: '127.0.0.1' });
  const baselineAddress = baseline.server.address();
  const baselineUrl = `http://127.0.0.1:${typeof baselineAddress === 'object' && baselineAddress ? baselineAddress.port : 0}`;

  try {
    await post(`${sandbox.url}/_sandbox/accounts`, { name: 'benchstore', seed: 1 });
    const key = (await post(`${sandbox.url}/_sandbox/accounts/benchstore/keys`, {})) as { appKey: string; appToken: string };
    const rssBefore = process.memoryUsage().rss;
    const seeded = (await post(`${sandbox.url}/_sandbox/accounts/benchstore/seed`, {
      customers: CUSTOMERS, orders: ORDERS, from: '2023-01-01T00:00:00.000Z', to: '2025-01-01T00:00:00.000Z',
    })) as { seconds: number };
    const rssAfter = process.memoryUsage().rss;

    const headers = { 'x-vtex-api-appkey': key.appKey, 'x-vtex-api-apptoken': key.appToken, accept: 'application/json' };
    const base = `${sandbox.url}/benchstore`;
    const months = Array.from({ length: 24 }, (_, m) => {
      const from = new Date(Date.UTC(2023, m, 1)).toISOString();
      const to = new Date(Date.UTC(2023, m + 1, 1) - 1).toISOString();
      return `f_creationDate=${encodeURIComponent(`creationDate:[${from} TO ${to}]`)}`;
    });
    const listUrls = spread(500, 24 * 30).map((n) => `${base}/api/oms/pvt/orders?${months[n % 24]}&page=${1 + Math.floor(n / 24)}&per_page=100`);
    const getUrls = spread(5000, ORDERS).map((i) => `${base}/api/oms/pvt/orders/seq${500_000 + i}`);

    const results: [string, LoadResult][] = [];
    results.push(['baseline: trivial fastify JSON route', await runLoad([`${baselineUrl}/ping`], {})]);
    results.push(['sandbox: Get order (random of 1M)', await runLoad(getUrls, headers)]);
    results.push(['sandbox: List orders (month window, per_page=100)', await runLoad(listUrls, headers)]);

    const lines = [
      `Seeded ${ORDERS.toLocaleString('en')} orders + ${CUSTOMERS.toLocaleString('en')} customers in ${seeded.seconds} s; ` +
        `RSS ${megabytes(rssBefore)} → ${megabytes(rssAfter)} (heap used ${megabytes(process.memoryUsage().heapUsed)}).`,
      '',
      `| Scenario (${CONCURRENCY} keep-alive clients, ≤ ${DURATION_MS / 1000} s or ${MAX_REQUESTS.toLocaleString('en')} requests) | req/s | p50 ms | p99 ms | errors |`,
      '|---|---:|---:|---:|---:|',
      ...results.map(([name, r]) => `| ${name} | ${Math.round(r.requests / r.seconds).toLocaleString('en')} | ${r.p50Ms.toFixed(2)} | ${r.p99Ms.toFixed(2)} | ${r.errors} |`),
    ];
    console.log(lines.join('\n'));
  } finally {
    await baseline.close();
    await sandbox.close();
  }
}
