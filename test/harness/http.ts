import type { Database } from '../../src/adapters/db/database';
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
