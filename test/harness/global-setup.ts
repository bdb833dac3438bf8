// Runs once before the suite: initialises and migrates one embedded database and saves a dump of
// it, so each test file starts its PGlite from that dump instead of running initdb again; and
// builds the admin panel when dist/admin is missing or older than web/admin.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { openDatabase } from '../../src/adapters/db/database';
import { ensureAdminPanelBuilt } from './admin-panel-build';

export default async function setup() {
  await ensureAdminPanelBuilt();
  const dir = mkdtempSync(join(tmpdir(), 'pontua-test-'));
  const database = await openDatabase({ engine: 'pglite', dataDir: join(dir, 'template') });
  await database.close();
  const client = await PGlite.create({ dataDir: join(dir, 'template') });
  const dump = await client.dumpDataDir('none');
  await client.close();
  const file = join(dir, 'template.tar');
  writeFileSync(file, Buffer.from(await dump.arrayBuffer()));
  process.env.PONTUA_TEST_PGLITE_TEMPLATE = file;
  return () => rmSync(dir, { recursive: true, force: true });
}
