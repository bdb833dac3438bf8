// For tests that run Pontua as separate processes: free ports, a PostgreSQL database of the
// test's own, a TCP proxy in front of PostgreSQL that can drop every connection (a database
// restart as the processes see it), and the orders of a sandbox store read over plain HTTP.
import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, openSync, readFileSync } from 'node:fs';
import { createServer, connect, type Server, type Socket } from 'node:net';
import { join } from 'node:path';
import pg from 'pg';
import type { RunningSandbox } from '../../sandbox/main';
import type { Shop } from './vtex-sandbox';

export const BIN = join(import.meta.dirname, '../../bin/pontua.js');

export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (typeof address !== 'object' || address === null) throw new Error('no port');
  return address.port;
}

/** A new database on the DATABASE_URL server, dropped (its sessions ended) by `drop`. */
export async function postgresDatabaseOfItsOwn(prefix: string): Promise<{ url: URL; drop(): Promise<void> }> {
  const admin = new URL(process.env.DATABASE_URL!);
  const name = `${prefix}_${process.pid}_${Date.now()}`;
  const query = async (text: string) => {
    const client = new pg.Client({ connectionString: admin.toString() });
    await client.connect();
    try {
      await client.query(text);
    } finally {
      await client.end();
    }
  };
  await query(`create database ${name}`);
  const url = new URL(admin);
  url.pathname = `/${name}`;
  return { url, drop: () => query(`drop database if exists ${name} with (force)`) };
}

/**
 * A TCP proxy to PostgreSQL. `outage(ms)` drops every open connection and refuses new ones for
 * `ms`, which is what a database restart looks like from the processes using it.
 */
export class PostgresProxy {
  private server: Server | null = null;
  private readonly sockets = new Set<Socket>();
  port = 0;

  constructor(private readonly target: URL) {}

  async start(port = 0): Promise<void> {
    const server = createServer((client) => {
      const upstream = connect(Number(this.target.port || 5432), this.target.hostname);
      for (const socket of [client, upstream]) {
        this.sockets.add(socket);
        socket.on('close', () => this.sockets.delete(socket));
        socket.on('error', () => socket.destroy());
      }
      client.pipe(upstream);
      upstream.pipe(client);
      client.on('close', () => upstream.destroy());
      upstream.on('close', () => client.destroy());
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, '127.0.0.1', () => resolve());
    });
    const address = server.address();
    if (typeof address !== 'object' || address === null) throw new Error('no port');
    this.port = address.port;
    this.server = server;
  }

  /** The database URL through this proxy. */
  url(database: URL): string {
    const url = new URL(database);
    url.hostname = '127.0.0.1';
    url.port = String(this.port);
    return url.toString();
  }

  async outage(ms: number): Promise<void> {
    const server = this.server;
    this.server = null;
    await new Promise<void>((resolve) => {
      if (!server) return resolve();
      server.close(() => resolve());
      for (const socket of this.sockets) socket.destroy();
    });
    await new Promise((resolve) => setTimeout(resolve, ms));
    await this.start(this.port);
  }

  async stop(): Promise<void> {
    for (const socket of this.sockets) socket.destroy();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }
}

interface ListedOrder {
  orderId: string;
  status: string;
}

/**
 * Every order created between `from` and `to`, read with plain fetch. List orders serves at most
 * 30 pages of 100 per query, so the period is read in windows of about 2,000 orders.
 */
export async function ordersInSandbox(sandbox: RunningSandbox, shop: Shop, options: { from: string; to: string; expected: number }): Promise<ListedOrder[]> {
  const orders: ListedOrder[] = [];
  const [start, end] = [Date.parse(options.from), Date.parse(options.to)];
  const windowMs = Math.max(60_000, Math.floor(((end - start) * 2_000) / Math.max(1, options.expected)));
  for (let from = start; from < end; from += windowMs) {
    const to = Math.min(from + windowMs, end) - 1;
    const range = `creationDate:[${new Date(from).toISOString()} TO ${new Date(to).toISOString()}]`;
    for (let page = 1; ; page++) {
      const query = new URLSearchParams({ page: String(page), per_page: '100', orderBy: 'creationDate,asc', f_creationDate: range });
      const response = await fetch(`${sandbox.url}/${shop.name}/api/oms/pvt/orders?${query}`, {
        headers: { 'X-VTEX-API-AppKey': shop.appKey, 'X-VTEX-API-AppToken': shop.appToken },
      });
      if (response.status !== 200) throw new Error(`list orders: ${response.status}`);
      const body = (await response.json()) as { list: ListedOrder[]; paging: { total: number; pages: number } };
      if (body.paging.total > 3_000) throw new Error(`more than 3,000 orders in ${range}: narrower windows needed`);
      orders.push(...body.list.map(({ orderId, status }) => ({ orderId, status })));
      if (page >= body.paging.pages) break;
    }
  }
  return orders;
}

/** A `pontua` process with its output appended to `logFile`. */
export function startPontua(args: string[], env: NodeJS.ProcessEnv, logFile: string): ChildProcess {
  const log = openSync(logFile, 'a');
  const child = spawn(process.execPath, [BIN, ...args], { env, stdio: ['ignore', log, log] });
  closeSync(log);
  return child;
}

export const tail = (logFile: string, lines = 40) => readFileSync(logFile, 'utf8').split('\n').slice(-lines).join('\n');

export async function waitUntilReady(child: ChildProcess, port: number, logFile: string, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`the process exited with ${child.exitCode}:\n${tail(logFile)}`);
    if (Date.now() > deadline) throw new Error(`the process did not start:\n${tail(logFile)}`);
    if (await fetch(`http://127.0.0.1:${port}/readyz`).then((response) => response.ok, () => false)) return;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

export async function stopProcess(child: ChildProcess, signal: NodeJS.Signals): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill(signal);
  await exited;
}
