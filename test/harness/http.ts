import { afterAll, beforeAll } from 'vitest';
import type { Database } from '../../src/adapters/db/database';
import type { RunningSandbox } from '../../sandbox/main';
import type { Engine } from './databases';
import { startTestSandbox } from './vtex-sandbox';
import { buildApp, type TypedApp } from '../../src/http/app';
import { seedTenant, worldOn, type World } from './world';
import { createUser } from '../../src/app/admin/users';

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

let panelUsers = 0;

/**
 * A panel user of the tenant, signed in over HTTP: the cookie and CSRF headers that make the
 * panel's requests (`headers`), and the parts (`cookieValue`, `csrfToken`).
 */
export async function panelSession(http: HttpWorld, tenantId: string, options: { email?: string; password?: string } = {}) {
  panelUsers++;
  const email = options.email ?? `user${panelUsers}.${tenantId.slice(-6).toLowerCase()}@panel.example`;
  const password = options.password ?? 'correct horse battery';
  const user = await createUser(http.world, tenantId, { email, name: `User ${panelUsers}`, password });
  const response = await http.app.inject({
    method: 'POST',
    url: '/api/admin/v1/auth/sign-in',
    payload: { email, password, tenantId },
    remoteAddress: `10.9.${panelUsers % 250}.1`,
  });
  if (response.statusCode !== 200) throw new Error(`sign-in failed: ${response.body}`);
  const cookieValue = /pontua_admin=([^;]+)/.exec(String(response.headers['set-cookie']))?.[1] ?? '';
  const csrfToken = response.json().csrfToken as string;
  return { user, email, password, cookieValue, csrfToken, headers: { cookie: `pontua_admin=${cookieValue}`, 'x-csrf-token': csrfToken } };
}
