// The VTEX order hook receiver: secret header, ping, deduplication, bad bodies, an inactive
// integration — and a real delivery from the sandbox's hook to our server over HTTP.
import { beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import type { Database } from '../../src/adapters/db/database';
import { createVtexClient } from '../../src/adapters/vtex';
import { getVtexCredentials } from '../../src/app/integrations/get-vtex-credentials';
import { HOOK_SECRET_HEADER } from '../../src/app/integrations/receive-order-hook';
import type { RunningSandbox } from '../../sandbox/main';
import { engines } from '../harness/databases';
import { tenantWithKey, useHttpSuite, type HttpWorld } from '../harness/http';
import { controlOk, createShop, type Shop } from '../harness/vtex-sandbox';
import pino from 'pino';
import { startWorker } from '../../src/main/worker';
import { buildApp } from '../../src/http/app';
import { containerFor } from '../../src/main/container';

describe.each(engines)('VTEX order hook on $name', (engine) => {
  const suite = useHttpSuite(engine, { sandbox: true });
  let database: Database;
  let sandbox: RunningSandbox;
  let shop: Shop;
  let http: HttpWorld;
  beforeAll(async () => {
    ({ database, sandbox, http } = suite);
    shop = await createShop(sandbox, `hook${engine.name.replace(/[^a-z]/g, '')}`, { customers: 10, orders: 20 });
  });

  async function connectedTenant(active = true) {
    const tenant = await tenantWithKey(http.world);
    const saved = await http.app.inject({
      method: 'PUT',
      url: '/api/admin/v1/integrations/vtex',
      headers: tenant.auth,
      payload: { accountName: shop.name, appKey: shop.appKey, appToken: shop.appToken, storeUrl: 'https://www.loja.example', active },
    });
    expect(saved.statusCode, saved.body).toBe(200);
    const credentials = await getVtexCredentials(http.world, tenant.tenantId);
    return { ...tenant, hookSecret: credentials!.hookSecret };
  }

  const deliver = (tenantId: string, secret: string | undefined, payload: unknown) =>
    http.app.inject({
      method: 'POST',
      url: `/webhooks/vtex/${tenantId}/orders`,
      headers: { 'content-type': 'application/json', ...(secret === undefined ? {} : { [HOOK_SECRET_HEADER]: secret }) },
      payload: JSON.stringify(payload),
    });
  const events = async (tenantId: string) =>
    database.query<{ order_id: string; state: string; last_change: string }>(
      sql`select order_id, state, last_change from order_events where tenant_id = ${tenantId} order by id`,
    );
  const notification = (overrides: Record<string, unknown> = {}) => ({
    Domain: 'Marketplace',
    OrderId: '1234567890123-01',
    State: 'invoiced',
    LastState: 'invoice',
    LastChange: '2026-01-10T12:00:00.1234567Z',
    CurrentChange: '2026-01-10T12:00:01.0000000Z',
    Origin: { Account: shop.name, Key: shop.appKey },
    ...overrides,
  });

  it('answers the ping and records a notification once per order, state and last change', async () => {
    const { tenantId, hookSecret } = await connectedTenant();
    expect((await deliver(tenantId, hookSecret, { hookConfig: 'ping' })).json()).toEqual({ received: 'ping' });
    expect((await deliver(tenantId, hookSecret, notification())).json()).toEqual({ received: 'recorded' });
    expect((await deliver(tenantId, hookSecret, notification())).json()).toEqual({ received: 'duplicate' });
    expect((await deliver(tenantId, hookSecret, notification({ State: 'canceled', LastChange: '2026-01-11T08:00:00Z' }))).json()).toEqual({
      received: 'recorded',
    });
    expect(await events(tenantId)).toEqual([
      { order_id: '1234567890123-01', state: 'invoiced', last_change: '2026-01-10T12:00:00.1234567Z' },
      { order_id: '1234567890123-01', state: 'canceled', last_change: '2026-01-11T08:00:00Z' },
    ]);
  });

  it('refuses a missing or wrong secret and an unknown tenant with 401, recording nothing', async () => {
    const { tenantId, hookSecret } = await connectedTenant();
    const other = await connectedTenant();
    for (const [target, secret] of [
      [tenantId, undefined],
      [tenantId, 'wrong'],
      [tenantId, other.hookSecret],
      ['ten_01AAAAAAAAAAAAAAAAAAAAAAAA', hookSecret],
      ['not-a-tenant', hookSecret],
    ] as const) {
      const response = await deliver(target, secret, notification());
      expect(response.statusCode, `${target} ${secret}`).toBe(401);
      expect(response.json().error.code).toBe('UNAUTHORIZED');
    }
    expect(await events(tenantId)).toEqual([]);
  });

  it('answers a malformed notification with 400 naming the field, recording nothing', async () => {
    const { tenantId, hookSecret } = await connectedTenant();
    const cases: [unknown, string][] = [
      [[1, 2], 'body'],
      [notification({ OrderId: undefined }), 'OrderId'],
      [notification({ OrderId: '../../etc' }), 'OrderId'],
      [notification({ State: 42 }), 'State'],
      [notification({ LastChange: 'yesterday' }), 'LastChange'],
      [notification({ Origin: 'mystore' }), 'Origin'],
      [notification({ Origin: { Account: 'anotherstore' } }), 'Origin.Account'],
      [{ hookConfig: 'pong' }, 'hookConfig'],
    ];
    for (const [payload, field] of cases) {
      const response = await deliver(tenantId, hookSecret, payload);
      expect(response.statusCode, JSON.stringify(payload)).toBe(400);
      expect(response.json().error.field, JSON.stringify(payload)).toBe(field);
    }
    expect(await events(tenantId)).toEqual([]);
  });

  it('accepts but keeps nothing while the integration is inactive', async () => {
    const { tenantId, hookSecret } = await connectedTenant(false);
    expect((await deliver(tenantId, hookSecret, notification())).json()).toEqual({ received: 'ignored' });
    expect(await events(tenantId)).toEqual([]);
  });

  it('a second API process on the same database records at once after the first activates the integration', async () => {
    // Another process: its own stores and its own recent reads (the integration kept a few
    // seconds), the same database and key. What it kept may be older than the first's changes.
    const other = { ...containerFor(database, http.world.clock, http.world.secrets, { baseUrlTemplate: `${sandbox.url}/{account}` }), publicUrl: http.world.publicUrl };
    const otherApp = await buildApp(other);
    try {
      const { tenantId, auth, hookSecret } = await connectedTenant(false);
      const deliverTo = (orderId: string) =>
        otherApp.inject({ method: 'POST', url: `/webhooks/vtex/${tenantId}/orders`, headers: { [HOOK_SECRET_HEADER]: hookSecret }, payload: notification({ OrderId: orderId }) });
      expect((await deliverTo('1000000000001-01')).json()).toEqual({ received: 'ignored' });
      expect((await deliverTo('1000000000002-01')).json()).toEqual({ received: 'ignored' });
      // Activated through the first process: the second has kept the inactive integration, and
      // still records the next notification instead of ignoring it.
      const activated = await http.app.inject({
        method: 'PUT',
        url: '/api/admin/v1/integrations/vtex',
        headers: auth,
        payload: { accountName: shop.name, appKey: shop.appKey, appToken: shop.appToken, storeUrl: 'https://www.loja.example', active: true },
      });
      expect(activated.statusCode, activated.body).toBe(200);
      expect((await getVtexCredentials(http.world, tenantId))!.hookSecret).toBe(hookSecret);
      expect((await deliverTo('1000000000003-01')).json()).toEqual({ received: 'recorded' });
      expect((await deliverTo('1000000000004-01')).json()).toEqual({ received: 'recorded' });
      // A wrong secret is refused whatever was kept.
      const forged = await otherApp.inject({
        method: 'POST', url: `/webhooks/vtex/${tenantId}/orders`, headers: { [HOOK_SECRET_HEADER]: `${hookSecret}x` }, payload: notification({ OrderId: '1000000000005-01' }),
      });
      expect(forged.statusCode).toBe(401);
      expect((await events(tenantId)).map((event) => event.order_id)).toEqual(['1000000000003-01', '1000000000004-01']);
    } finally {
      await otherApp.close();
    }
  });

  it('records what the sandbox delivers over HTTP when an order reaches a hooked status', async () => {
    // Activation registered the hook in the sandbox (which pinged our URL first, as VTEX does).
    const { tenantId, hookSecret } = await connectedTenant();
    const client = createVtexClient({ account: shop.name, appKey: shop.appKey, appToken: shop.appToken, baseUrlTemplate: `${sandbox.url}/{account}` });
    const hook = await client.getOrderHook();
    expect(hook).toMatchObject({
      ok: true,
      value: { url: `${http.world.publicUrl}/webhooks/vtex/${tenantId}/orders`, headers: { [HOOK_SECRET_HEADER]: hookSecret } },
    });
    expect(hook.ok && hook.value?.statuses).toEqual(expect.arrayContaining(['invoiced', 'canceled']));
    const placed = await controlOk<{ orderId: string }>(sandbox, 'POST', `/accounts/${shop.name}/orders`, { customerIndex: 0, status: 'handling' });
    await controlOk(sandbox, 'POST', `/accounts/${shop.name}/orders/${placed.orderId}/status`, { status: 'invoiced' });
    let recorded: { order_id: string; state: string }[] = [];
    for (let attempt = 0; attempt < 100 && recorded.length === 0; attempt++) {
      recorded = await events(tenantId);
      if (recorded.length === 0) await new Promise((resolve) => setTimeout(resolve, 50));
    }
    expect(recorded).toMatchObject([{ order_id: placed.orderId, state: 'invoiced' }]);
    expect(await http.world.orderEvents.lastHookAt(tenantId)).toBeInstanceOf(Date);
  });

  it('wakes the worker of this process: a hooked order earns without waiting for the next round', async () => {
    const { tenantId } = await connectedTenant();
    // Rounds an hour apart: after its first round at start, only the hook can make it settle.
    const hour = 3_600_000;
    // Scoped to this tenant: the PostgreSQL database is shared with other test files' tenants.
    const worker = startWorker(
      http.world,
      pino({ level: 'silent' }),
      { orderEventsMs: hour, syncMs: hour, ledgerSweepMs: hour, databaseMaintenanceMs: hour, redemptionsMs: hour, emailsMs: hour },
      { tenantIds: [tenantId] },
    );
    try {
      const placed = await controlOk<{ orderId: string }>(sandbox, 'POST', `/accounts/${shop.name}/orders`, { customerIndex: 1, status: 'handling' });
      await controlOk(sandbox, 'POST', `/accounts/${shop.name}/orders/${placed.orderId}/status`, { status: 'invoiced' });
      const earned = async () => (await database.query<{ n: number }>(sql`select count(*)::int as n from earnings
        where tenant_id = ${tenantId} and reference = ${`order:${placed.orderId}`}`))[0]?.n ?? 0;
      for (let attempt = 0; attempt < 200 && (await earned()) === 0; attempt++) await new Promise((resolve) => setTimeout(resolve, 50));
      expect(await earned()).toBe(1);
    } finally {
      await worker.stop();
    }
  });
});
