import { afterAll, beforeAll } from 'vitest';
import type { Database } from '../../src/adapters/db/database';
import type { RunningSandbox } from '../../sandbox/main';
import type { Engine } from './databases';
import { startTestSandbox } from './vtex-sandbox';
import { buildApp, type TypedApp } from '../../src/http/app';
import { seedTenant, worldOn, type World } from './world';

export interface HttpWorld {
  app: TypedApp;
  world: World;
}

/**
 * `vtexBaseUrl`: where VTEX is (a test sandbox). `listen`: serve on a loopback port and use it as
 * the public URL, so that VTEX (the sandbox) can call our webhook, as activation needs.
 */
export async function httpWorldOn(database: Database, options: { vtexBaseUrl?: string; listen?: boolean } = {}): Promise<HttpWorld> {
  const world = worldOn(database, undefined, options.vtexBaseUrl);
  const app = await buildApp(world);
  if (options.listen) world.publicUrl = await app.listen({ port: 0, host: '127.0.0.1' });
  else await app.ready();
  return { app, world };
}

export async function tenantWithKey(world: World) {
  const { tenantId, apiKey } = await seedTenant(world);
  return { tenantId, apiKey, auth: { authorization: `Bearer ${apiKey}` } };
}

export interface HttpSuite {
  database: Database;
  http: HttpWorld;
  /** Set with `{ sandbox: true }`: the VTEX sandbox the app talks to. */
  sandbox: RunningSandbox;
}

/**
 * Registers the suite's lifecycle: before all tests, the engine's database and an app on it —
 * with `sandbox`, also a VTEX sandbox the app talks to, the app listening on a loopback port so
 * the sandbox can call its webhook; after all, closes them. Read the fields inside hooks or tests.
 */
export function useHttpSuite(engine: Engine, options: { sandbox?: boolean } = {}): HttpSuite {
  const suite = {} as HttpSuite;
  beforeAll(async () => {
    if (options.sandbox) suite.sandbox = await startTestSandbox();
    suite.database = await engine.open();
    suite.http = await httpWorldOn(
      suite.database,
      options.sandbox ? { vtexBaseUrl: `${suite.sandbox.url}/{account}`, listen: true } : {},
    );
  });
  afterAll(async () => {
    await suite.http?.app.close();
    await suite.database?.close();
    await suite.sandbox?.close();
  });
  return suite;
}
