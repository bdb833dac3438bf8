import type { Database } from '../../src/adapters/db/database';
import { buildApp, type TypedApp } from '../../src/http/app';
import { seedTenant, worldOn, type World } from './world';

export interface HttpWorld {
  app: TypedApp;
  world: World;
}

export async function httpWorldOn(database: Database, options: { vtexBaseUrl?: string } = {}): Promise<HttpWorld> {
  const world = worldOn(database, undefined, options.vtexBaseUrl);
  const app = await buildApp(world);
  await app.ready();
  return { app, world };
}

export async function tenantWithKey(world: World) {
  const { tenantId, apiKey } = await seedTenant(world);
  return { tenantId, apiKey, auth: { authorization: `Bearer ${apiKey}` } };
}
