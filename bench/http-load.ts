// The load side of the HTTP benchmark (bench/http.ts): autocannon runs from many loopback source
// addresses, the CPU each answer costs in the server, PostgreSQL and this process, exact latencies.
import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Socket } from 'node:net';
import autocannon from 'autocannon';

/** Below the storefront's 300 requests a minute per IP: no source address ever sends more. */
const REQUESTS_PER_SOURCE_ADDRESS = 250;

/** Loopback source addresses 127.a.b.c, never reused in a run (127.0.0.x is left alone). */
export function sourceAddresses() {
  let n = 1 << 16;
  return () => {
    for (;;) {
      n++;
      const c = n & 255;
      if (c !== 0 && c !== 255) return `127.${(n >> 16) & 255}.${(n >> 8) & 255}.${c}`;
    }
  };
}

type Connect = (...args: unknown[]) => Socket;
const net = createRequire(import.meta.url)('node:net') as { connect: Connect };

/** While `during` runs, each new connection to 127.0.0.1:`port` (autocannon's) leaves from `next()`. */
async function fromSourceAddresses<T>(port: number, next: () => string, during: () => Promise<T>): Promise<T> {
  const original = net.connect;
  net.connect = (...args: unknown[]) =>
    args[0] === port && args[1] === '127.0.0.1' ? original({ port, host: '127.0.0.1', localAddress: next() }) : original(...args);
  try {
    return await during();
  } finally {
    net.connect = original;
  }
}

// CPU time from /proc (Linux): the machine is shared, so req/s moves with other work, while the
// CPU each request costs in Pontua's process and in PostgreSQL's backends moves far less.
const TICKS_PER_SECOND = 100;
function cpuSecondsOf(pid: number): number {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    return (Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND;
  } catch {
    return 0;
  }
}

/** The PostgreSQL backends connected to `database` (their process title names it). */
function backendsOf(database: string): number[] {
  const pids: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const title = readFileSync(`/proc/${entry}/cmdline`, 'utf8');
      if (title.startsWith('postgres: ') && title.split(' ').includes(database)) pids.push(Number(entry));
    } catch {
      // gone meanwhile
    }
  }
  return pids;
}

/** CPU seconds spent, from now until `stop()`, by the server process, the database's backends and this process. */
function cpuMeter(serverPid: number, databaseName: string) {
  const backendsBefore = new Map(backendsOf(databaseName).map((pid) => [pid, cpuSecondsOf(pid)]));
  const serverBefore = cpuSecondsOf(serverPid);
  const selfBefore = process.cpuUsage();
  return () => {
    const self = process.cpuUsage(selfBefore);
    let database = 0;
    for (const pid of backendsOf(databaseName)) database += cpuSecondsOf(pid) - (backendsBefore.get(pid) ?? 0);
    return { server: cpuSecondsOf(serverPid) - serverBefore, database, generator: (self.user + self.system) / 1e6 };
  };
}

export interface Measured {
  seconds: number;
  ok: number;
  non2xx: number;
  errors: number;
  rate: number;
  p50: number;
  p99: number;
  statuses: Record<string, number>;
  /** CPU milliseconds per 2xx answer: the server under test, PostgreSQL (its backends), autocannon. */
  cpuMs: { server: number; database: number; generator: number };
}

const percentile = (sorted: Float64Array, p: number) => sorted[Math.min(sorted.length - 1, Math.floor((sorted.length * p) / 100))] ?? NaN;

/** One autocannon run; latencies of the 2xx answers, kept exactly (autocannon's histogram rounds to 1 ms). */
export async function measure(
  url: string, connections: number, seconds: number, request: () => autocannon.Request, next: () => string, processes: { serverPid: number; database: string },
): Promise<Measured> {
  const target = new URL(url);
  let latencies = new Float64Array(1 << 20);
  let ok = 0;
  let non2xx = 0;
  const statuses: Record<string, number> = {};
  const started = performance.now();
  const stopMeter = cpuMeter(processes.serverPid, processes.database);
  const result = await fromSourceAddresses(Number(target.port), next, () => new Promise<autocannon.Result>((done, fail) => {
    const instance = autocannon({
      url, connections, duration: seconds, pipelining: 1, timeout: 10, reconnectRate: REQUESTS_PER_SOURCE_ADDRESS,
      requests: [{ setupRequest: (defaults) => ({ ...defaults, ...request() }) }],
    }, (error: Error | null, value: autocannon.Result) => (error ? fail(error) : done(value)));
    instance.on('response', (_client, statusCode, _bytes, responseTime) => {
      statuses[statusCode] = (statuses[statusCode] ?? 0) + 1;
      if (statusCode < 200 || statusCode >= 300) {
        non2xx++;
        return;
      }
      if (ok === latencies.length) {
        const grown = new Float64Array(latencies.length * 2);
        grown.set(latencies);
        latencies = grown;
      }
      latencies[ok++] = responseTime;
    });
  }));
  const elapsed = (performance.now() - started) / 1000;
  const cpu = stopMeter();
  const perAnswer = (cpuSeconds: number) => (cpuSeconds * 1000) / Math.max(1, ok);
  const sorted = latencies.subarray(0, ok).sort();
  return { seconds: elapsed, ok, non2xx, errors: result.errors + result.timeouts, rate: ok / elapsed, p50: percentile(sorted, 50), p99: percentile(sorted, 99), statuses,
    cpuMs: { server: perAnswer(cpu.server), database: perAnswer(cpu.database), generator: perAnswer(cpu.generator) },
  };
}
