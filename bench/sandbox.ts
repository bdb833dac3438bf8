// Benchmark of the VTEX sandbox (issue 3): seeding 1,000,000 orders and 500,000 customers,
// then List orders, Get order, Master Data CL (search by e-mail / userId / one-day updatedIn
// window, scroll) and Catalog (SKU by id, public product search) throughput beside a trivial
// fastify route measured the same way in the same run (first and again last, to show
// disturbance). The load generator runs in a worker thread (its own event loop, the second
// core) so it does not steal the server's event loop. 127.0.0.1 only; every scenario is
// bounded in requests and in time.

import Fastify from 'fastify';
import { Worker } from 'node:worker_threads';
import { startSandbox } from '../sandbox/main';

const ORDERS = 1_000_000;
const CUSTOMERS = 500_000;
const CONCURRENCY = 8;
const DURATION_MS = 5000;
const MAX_REQUESTS = 60_000;
const WARMUP_MS = 500;
const ACCOUNT = 'benchstore';
/** Every CL field, as the customer import asks for them (VTEX-API.md §3). */
const CL_FIELDS = 'id,email,firstName,lastName,document,documentType,phone,birthDate,isNewsletterOptIn,userId,createdIn,updatedIn';
const DAY_MS = 86_400_000;

interface LoadResult {
  requests: number;
  errors: number;
  seconds: number;
  p50Ms: number;
  p99Ms: number;
  /** Response body bytes of the measured (successful and failed) requests. */
  bytes: number;
  /** Scroll mode only: scrolls opened and scrolls read to their empty page while measuring. */
  scrollsOpened: number;
  scrollsFinished: number;
}

// Plain JavaScript run with eval in the worker: keep-alive HTTP/1.1 clients that each loop
// over their share of the URLs until the time or request budget is spent. Scroll mode
// (`scrollNext` set): each client keeps one Master Data scroll open, follows its
// X-VTEX-MD-TOKEN until the empty page, then opens the next scroll from `urls`; the tokens
// survive from warm-up to measurement, so at most `concurrency` scrolls are ever open.
const LOAD_WORKER = `
const { parentPort, workerData } = require('node:worker_threads');
const http = require('node:http');
const { urls, headers, concurrency, durationMs, maxRequests, warmupMs, scrollNext } = workerData;
const agent = new http.Agent({ keepAlive: true, maxSockets: concurrency });
const tokens = new Array(concurrency).fill(null);
let opened = 0;
function get(url) {
  return new Promise((resolve) => {
    const started = process.hrtime.bigint();
    const request = http.get(url, { agent, headers }, (response) => {
      let bytes = 0;
      response.on('data', (chunk) => { bytes += chunk.length; });
      response.on('end', () => resolve({
        ok: response.statusCode === 200, ms: Number(process.hrtime.bigint() - started) / 1e6,
        bytes, token: response.headers['x-vtex-md-token'] || null,
      }));
    });
    request.on('error', () => resolve({ ok: false, ms: 0, bytes: 0, token: null }));
  });
}
async function phase(ms, budget, record) {
  const deadline = Date.now() + ms;
  let next = 0;
  async function client(_, c) {
    while (Date.now() < deadline && next < budget) {
      next += 1;
      let url;
      if (scrollNext && tokens[c]) url = scrollNext + encodeURIComponent(tokens[c]);
      else url = urls[(scrollNext ? opened++ : next - 1) % urls.length];
      const isNew = Boolean(scrollNext && !tokens[c]);
      const result = await get(url);
      // A page of '[]' (2 bytes) ends the scroll; an error drops the token too.
      const finished = Boolean(scrollNext && result.ok && result.bytes <= 2);
      if (scrollNext) tokens[c] = result.ok && !finished ? result.token : null;
      if (record) record(result, isNew, finished);
    }
  }
  await Promise.all(Array.from({ length: concurrency }, client));
}
(async () => {
  await phase(warmupMs, Number.MAX_SAFE_INTEGER, null);
  const latencies = [];
  let errors = 0, bytes = 0, scrollsOpened = 0, scrollsFinished = 0;
  const started = Date.now();
  await phase(durationMs, maxRequests, (r, isNew, finished) => {
    if (r.ok) latencies.push(r.ms); else errors += 1;
    bytes += r.bytes;
    if (isNew) scrollsOpened += 1;
    if (finished) scrollsFinished += 1;
  });
  const seconds = (Date.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  const at = (q) => latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))] || 0;
  agent.destroy();
  parentPort.postMessage({ requests: latencies.length, errors, seconds, p50Ms: at(0.5), p99Ms: at(0.99), bytes, scrollsOpened, scrollsFinished });
})();
`;

/** `scrollNext`: scroll mode, `urls` open scrolls and `scrollNext + token` follows one. */
function runLoad(urls: string[], headers: Record<string, string>, scrollNext?: string): Promise<LoadResult> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(LOAD_WORKER, {
      eval: true,
      workerData: { urls, headers, concurrency: CONCURRENCY, durationMs: DURATION_MS, maxRequests: MAX_REQUESTS, warmupMs: WARMUP_MS, scrollNext },
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

/** `_where=updatedIn between … AND …` over [fromMs, toMs], both ends included. */
function updatedInWindow(fromMs: number, toMs: number): string {
  return `_where=${encodeURIComponent(`updatedIn between ${new Date(fromMs).toISOString()} AND ${new Date(toMs).toISOString()}`)}`;
}

function row(name: string, r: LoadResult): string {
  return `| ${name} | ${Math.round(r.requests / r.seconds).toLocaleString('en')} | ${r.p50Ms.toFixed(2)} | ${r.p99Ms.toFixed(2)} | ${r.errors} |`;
}

export async function run(): Promise<void> {
  const sandbox = await startSandbox({ port: 0, seed: 1 });
  const baseline = Fastify({ logger: false });
  baseline.get('/ping', async () => ({ ok: true, service: 'baseline', n: 1 }));
  await baseline.listen({ port: 0, host: '127.0.0.1' });
  const baselineAddress = baseline.server.address();
  const baselineUrl = `http://127.0.0.1:${typeof baselineAddress === 'object' && baselineAddress ? baselineAddress.port : 0}`;

  try {
    await post(`${sandbox.url}/_sandbox/accounts`, { name: ACCOUNT, seed: 1 });
    // No `resources` → a key with every License Manager resource (orders, Master Data, Catalog).
    const key = (await post(`${sandbox.url}/_sandbox/accounts/${ACCOUNT}/keys`, {})) as { appKey: string; appToken: string };
    const rssBefore = process.memoryUsage().rss;
    const seeded = (await post(`${sandbox.url}/_sandbox/accounts/${ACCOUNT}/seed`, {
      customers: CUSTOMERS, orders: ORDERS, from: '2023-01-01T00:00:00.000Z', to: '2025-01-01T00:00:00.000Z',
    })) as { seconds: number };
    const rssAfter = process.memoryUsage().rss;

    const headers = { 'x-vtex-api-appkey': key.appKey, 'x-vtex-api-apptoken': key.appToken, accept: 'application/json' };
    const base = `${sandbox.url}/${ACCOUNT}`;
    const months = Array.from({ length: 24 }, (_, m) => {
      const from = new Date(Date.UTC(2023, m, 1)).toISOString();
      const to = new Date(Date.UTC(2023, m + 1, 1) - 1).toISOString();
      return `f_creationDate=${encodeURIComponent(`creationDate:[${from} TO ${to}]`)}`;
    });
    const listUrls = spread(500, 24 * 30).map((n) => `${base}/api/oms/pvt/orders?${months[n % 24]}&page=${1 + Math.floor(n / 24)}&per_page=100`);
    const getUrls = spread(5000, ORDERS).map((i) => `${base}/api/oms/pvt/orders/seq${500_000 + i}`);

    // Master Data CL and Catalog: random seeded customers and SKUs, read from the account the
    // way a test would (the HTTP API has no "list customers" cheaper than what is measured).
    const account = sandbox.ctx.registry.get(ACCOUNT);
    if (!account) throw new Error(`account ${ACCOUNT} missing after seeding`);
    const customers = spread(5000, CUSTOMERS).map((i) => {
      const customer = account.customers.at(i);
      if (!customer) throw new Error(`seeded customer ${i} missing`);
      return customer;
    });
    const cl = `${base}/api/dataentities/CL`;
    const emailUrls = customers.map((c) => `${cl}/search?email=${encodeURIComponent(c.email)}&_fields=${CL_FIELDS}`);
    const userIdUrls = customers.map((c) => `${cl}/search?userId=${c.userId}&_fields=${CL_FIELDS}`);
    // Seeded updatedIn spans the 730 days before the orders' `from` (2021-2022), ~685 per day.
    const updatedFromMs = Date.UTC(2021, 0, 1);
    const dayUrls = spread(500, 730).map((d) => {
      const fromMs = updatedFromMs + d * DAY_MS;
      return `${cl}/search?${updatedInWindow(fromMs, fromMs + DAY_MS - 1)}&_sort=${encodeURIComponent('updatedIn ASC')}&_fields=${CL_FIELDS}`;
    });
    // Scrolls over one month of updatedIn (~20,800 customers: 21 pages of 1,000, then []),
    // the split the Master Data guide recommends for big exports.
    const scrollUrls = spread(100, 24).map((m) => {
      const fromMs = Date.UTC(2021, m, 1);
      return `${cl}/scroll?_size=1000&_fields=${CL_FIELDS}&${updatedInWindow(fromMs, Date.UTC(2021, m + 1, 1) - 1)}`;
    });
    const skuIds = spread(5000, account.catalog.size).map((i) => account.catalog.atIndex(i)?.id ?? 0);
    const skuUrls = skuIds.map((id) => `${base}/api/catalog_system/pvt/sku/stockkeepingunitbyid/${id}`);
    const searchUrls = skuIds.map((id) => `${base}/api/catalog_system/pub/products/search?fq=skuId:${id}`);

    const results: [string, LoadResult][] = [];
    results.push(['baseline: trivial fastify JSON route', await runLoad([`${baselineUrl}/ping`], {})]);
    results.push(['sandbox: Get order (random of 1M)', await runLoad(getUrls, headers)]);
    results.push(['sandbox: List orders (month window, per_page=100)', await runLoad(listUrls, headers)]);
    results.push(['sandbox: CL search `email=` (random of 500k, 12 fields)', await runLoad(emailUrls, headers)]);
    results.push(['sandbox: CL search `userId=` (random of 500k, 12 fields)', await runLoad(userIdUrls, headers)]);
    results.push([
      'sandbox: CL search `updatedIn between` one day, `_sort=updatedIn ASC`, `REST-Range: resources=0-99`',
      await runLoad(dayUrls, { ...headers, 'rest-range': 'resources=0-99' }),
    ]);
    const scroll = await runLoad(scrollUrls, headers, `${cl}/scroll?_token=`);
    results.push(['sandbox: CL scroll `_size=1000` (one-month updatedIn scrolls, new or `_token` page)', scroll]);
    const scrollsLeft = (await (await fetch(`${sandbox.url}/_sandbox/accounts/${ACCOUNT}/masterdata/scrolls`)).json()) as { active: number };
    results.push(['sandbox: Catalog SKU by id (`stockkeepingunitbyid`)', await runLoad(skuUrls, headers)]);
    results.push(['sandbox: Catalog public search `fq=skuId:` (no key)', await runLoad(searchUrls, { accept: 'application/json' })]);
    results.push(['baseline again (end of run, disturbance check)', await runLoad([`${baselineUrl}/ping`], {})]);

    const lines = [
      `Seeded ${ORDERS.toLocaleString('en')} orders + ${CUSTOMERS.toLocaleString('en')} customers in ${seeded.seconds} s; ` +
        `RSS ${megabytes(rssBefore)} → ${megabytes(rssAfter)} (heap used ${megabytes(process.memoryUsage().heapUsed)}).`,
      '',
      `| Scenario (${CONCURRENCY} keep-alive clients, ≤ ${DURATION_MS / 1000} s or ${MAX_REQUESTS.toLocaleString('en')} requests) | req/s | p50 ms | p99 ms | errors |`,
      '|---|---:|---:|---:|---:|',
      ...results.map(([name, r]) => row(name, r)),
      '',
      `Scroll: ${scroll.scrollsOpened} scrolls opened and ${scroll.scrollsFinished} read to \`[]\` while measuring, ` +
        `${megabytes(scroll.bytes / scroll.seconds)}/s of JSON (~${Math.round((scroll.requests - scroll.scrollsFinished) * 1000 / scroll.seconds).toLocaleString('en')} documents/s); ` +
        `${scrollsLeft.active} scrolls still open afterwards (limit 10).`,
    ];
    console.log(lines.join('\n'));
  } finally {
    await baseline.close();
    await sandbox.close();
  }
}
