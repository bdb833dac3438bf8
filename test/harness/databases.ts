// The engines every database test runs on: embedded PGlite always, PostgreSQL when DATABASE_URL
// is set (CI sets it). Each test seeds its own tenant, so tests can share a database.
import { readFileSync } from 'node:fs';
import { openDatabase, type Database } from '../../src/adapters/db/database';

export interface Engine {
  name: 'pglite' | 'postgres';
  open(): Promise<Database>;
}

const postgresUrl = process.env.DATABASE_URL?.trim();

const templateFile = process.env.PONTUA_TEST_PGLITE_TEMPLATE;
let template: Blob | undefined;

function openPglite(): Promise<Database> {
  if (templateFile && !template) template = new Blob([readFileSync(templateFile)]);
  return openDatabase({ engine: 'pglite', ...(template ? { template } : {}) });
}

export const engines: Engine[] = [
  { name: 'pglite', open: openPglite },
  ...(postgresUrl ? [{ name: 'postgres' as const, open: () => openDatabase({ engine: 'postgres', url: postgresUrl, poolSize: 30 }) }] : []),
];

export const postgresEngine = engines.find((engine) => engine.name === 'postgres');

if (!postgresUrl && process.env.CI) {
  throw new Error('CI must set DATABASE_URL so that the database tests also run on PostgreSQL');
}
