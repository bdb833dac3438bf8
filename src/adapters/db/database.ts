// Opens the database: PGlite persisted in a folder when no DATABASE_URL is given, PostgreSQL when
// it is. Both speak the same SQL through the same drizzle schema.
import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { DrizzleQueryError, type SQL } from 'drizzle-orm';
import type { PgDatabase, PgQueryResultHKT, PgTransaction } from 'drizzle-orm/pg-core';
import { drizzle as drizzlePg } from 'drizzle-orm/node-postgres';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import pg from 'pg';
import * as schema from './schema';
import { lockEmbeddedDatabase } from './embedded-lock';
import { applyMigrations } from './migrate';

type Schema = typeof schema;
export type Orm = PgDatabase<PgQueryResultHKT, Schema>;
export type OrmTransaction = PgTransaction<PgQueryResultHKT, Schema>;

/** What both a database handle and an open transaction can do. */
export interface Executor {
  readonly orm: Orm | OrmTransaction;
  /** Runs one statement and returns its rows. */
  query<Row>(statement: SQL): Promise<Row[]>;
}

export interface Database extends Executor {
  readonly engine: 'pglite' | 'postgres';
  readonly orm: Orm;
  /** Runs `work` in one transaction, retried on deadlock or serialization failure. */
  transaction<T>(work: (tx: Executor) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

export type DatabaseConfig =
  | { engine: 'postgres'; url: string; poolSize?: number }
  /**
   * `dataDir` undefined keeps the database in memory (tests); `template` starts it from a dump of
   * an already initialised database, which skips PGlite's slow initdb.
   */
  | { engine: 'pglite'; dataDir?: string; template?: Blob };

// bigint columns hold points and cents: integers that fit a JS number (checked at the edges).
const BIGINT_OID = 20;
const parseBigint = (value: string) => Number(value);

/**
 * drizzle wraps driver errors in one whose message holds the query's parameters (personal data,
 * sometimes); raw statements rethrow the driver's own error, which names the problem without them.
 */
export function driverError(error: unknown): unknown {
  if (error instanceof DrizzleQueryError && error.cause instanceof Error) return error.cause;
  return error;
}

/**
 * The error as it may be logged: every drizzle query error in it, at any depth of `cause`,
 * replaced by the driver's own (a copy is made where something changes; the error is not touched).
 */
export function withoutQueryParameters(error: unknown, depth = 0): unknown {
  const inner = driverError(error);
  if (!(inner instanceof Error) || !(inner.cause instanceof Error) || depth >= 10) return inner;
  const cause = withoutQueryParameters(inner.cause, depth + 1);
  if (cause === inner.cause) return inner;
  const copy = Object.assign(Object.create(Object.getPrototypeOf(inner) as object) as Error, inner);
  Object.defineProperty(copy, 'message', { value: inner.message, enumerable: false, writable: true, configurable: true });
  Object.defineProperty(copy, 'stack', { value: inner.stack, enumerable: false, writable: true, configurable: true });
  Object.defineProperty(copy, 'cause', { value: cause, enumerable: false, writable: true, configurable: true });
  return copy;
}

function executorFor(orm: Orm | OrmTransaction): Executor {
  return {
    orm,
    async query<Row>(statement: SQL): Promise<Row[]> {
      try {
        const result = (await orm.execute(statement)) as unknown as { rows: Row[] };
        return result.rows;
      } catch (error) {
        throw driverError(error);
      }
    },
  };
}

const RETRYABLE_CODES = new Set(['40P01', '40001']);

function isRetryable(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code ?? (error as { cause?: { code?: unknown } } | null)?.cause?.code;
  return typeof code === 'string' && RETRYABLE_CODES.has(code);
}

function wrap(engine: Database['engine'], orm: Orm, close: () => Promise<void>): Database {
  const base = executorFor(orm);
  return {
    engine,
    orm,
    query: base.query,
    async transaction<T>(work: (tx: Executor) => Promise<T>): Promise<T> {
      for (let attempt = 1; ; attempt++) {
        try {
          return await orm.transaction((tx) => work(executorFor(tx)));
        } catch (error) {
          if (attempt >= 3 || !isRetryable(error)) throw error;
        }
      }
    },
    close,
  };
}

export async function openDatabase(config: DatabaseConfig): Promise<Database> {
  let database: Database;
  if (config.engine === 'postgres') {
    // drizzle passes its own per-query type parsers, which fall back to pg's global ones, so the
    // bigint parser has to be set globally.
    pg.types.setTypeParser(BIGINT_OID, parseBigint);
    const pool = new pg.Pool({ connectionString: config.url, max: config.poolSize ?? 10 });
    // A client losing its connection (a database restart) must not crash the process: an idle
    // one reports to the pool, a checked-out one to its own listener, and the query or
    // transaction it was running fails on its own; the pool opens new connections afterwards.
    pool.on('error', () => {});
    pool.on('connect', (client) => client.on('error', () => {}));
    const orm = drizzlePg({ client: pool, schema }) as unknown as Orm;
    database = wrap('postgres', orm, () => pool.end());
  } else {
    let release = () => {};
    if (config.dataDir !== undefined) {
      const dataDir = resolve(config.dataDir);
      // PGlite creates only the last folder of its path.
      mkdirSync(dirname(dataDir), { recursive: true });
      mkdirSync(dataDir, { recursive: true });
      release = lockEmbeddedDatabase(dirname(dataDir));
    }
    try {
      const client = await PGlite.create({
        ...(config.dataDir !== undefined ? { dataDir: resolve(config.dataDir) } : {}),
        ...(config.template !== undefined ? { loadDataDir: config.template } : {}),
        parsers: { [BIGINT_OID]: parseBigint },
      });
      const orm = drizzlePglite({ client, schema }) as unknown as Orm;
      database = wrap('pglite', orm, async () => {
        await client.close();
        release();
      });
    } catch (error) {
      release();
      throw error;
    }
  }
  try {
    await applyMigrations(database);
  } catch (error) {
    await database.close();
    throw error;
  }
  return database;
}
