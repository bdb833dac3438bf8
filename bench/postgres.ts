// The benchmarks' PostgreSQL database: DATABASE_URL, else pontua_bench on the local server.
// `fresh` drops and recreates it (a run that must start empty); otherwise it is created if missing.
import pg from 'pg';

export async function benchDatabaseUrl(options: { fresh: boolean }): Promise<string | null> {
  const url = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/pontua_bench';
  const admin = new URL(url);
  admin.pathname = '/postgres';
  const name = new URL(url).pathname.slice(1).replace(/"/g, '');
  const client = new pg.Client({ connectionString: admin.toString() });
  try {
    await client.connect();
    if (options.fresh) {
      await client.query(`drop database if exists "${name}" with (force)`);
      await client.query(`create database "${name}"`);
    } else {
      const exists = await client.query('select 1 from pg_database where datname = $1', [name]);
      if (exists.rowCount === 0) await client.query(`create database "${name}"`);
    }
    return url;
  } catch (error) {
    console.log(`PostgreSQL skipped: ${(error as Error).message}`);
    return null;
  } finally {
    await client.end().catch(() => {});
  }
}
