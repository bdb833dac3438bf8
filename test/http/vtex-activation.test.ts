// Activation: saving the integration active checks the keys and registers the order hook in VTEX
// (the sandbox) before anything is saved; deactivating removes the hook; reactivating restores it.
import { beforeAll, describe, expect, it } from 'vitest';
import { createVtexClient } from '../../src/adapters/vtex';
import { getVtexCredentials } from '../../src/app/integrations/get-vtex-credentials';
import { HOOK_SECRET_HEADER } from '../../src/app/integrations/receive-order-hook';
import type { RunningSandbox } from '../../sandbox/main';
import { engines } from '../harness/databases';
import { tenantWithKey, useHttpSuite, type HttpWorld } from '../harness/http';
import { ALL_RESOURCES, RESOURCES, addKey, createShop, type Shop } from '../harness/vtex-sandbox';

describe.each(engines)('VTEX activation on $name', (engine) => {
  const suite = useHttpSuite(engine, { sandbox: true });
  let sandbox: RunningSandbox;
  let shop: Shop;
  let http: HttpWorld;
  beforeAll(async () => {
    ({ sandbox, http } = suite);
    shop = await createShop(sandbox, `act${engine.name.replace(/[^a-z]/g, '')}`, { customers: 5, orders: 5 });
  });

  const form = (key: { appKey: string; appToken: string }, active: boolean) => ({
    accountName: shop.name,
    appKey: key.appKey,
    appToken: key.appToken,
    storeUrl: 'https://www.loja.example',
    active,
  });
  const put = (auth: Record<string, string>, payload: object) =>
    http.app.inject({ method: 'PUT', url: '/api/admin/v1/integrations/vtex', headers: auth, payload });
  const hookOf = async (key: { appKey: string; appToken: string }) => {
    const client = createVtexClient({ account: shop.name, ...key, baseUrlTemplate: `${sandbox.url}/{account}` });
    const hook = await client.getOrderHook();
    if (!hook.ok) throw new Error(JSON.stringify(hook.error));
    return hook.value;
  };

  it('saves inactive without calling VTEX, then activates: hook registered to our webhook with the secret', async () => {
    const { tenantId, auth } = await tenantWithKey(http.world);
    const key = await addKey(sandbox, shop.name, ALL_RESOURCES);
    expect((await put(auth, form(key, false))).statusCode).toBe(200);
    expect(await hookOf(key)).toBeNull();
    const activated = await put(auth, form(key, true));
    expect(activated.statusCode, activated.body).toBe(200);
    const { hookSecret } = (await getVtexCredentials(http.world, tenantId))!;
    expect(await hookOf(key)).toMatchObject({
      url: `${http.world.publicUrl}/webhooks/vtex/${tenantId}/orders`,
      headers: { [HOOK_SECRET_HEADER]: hookSecret },
    });

    const deactivated = await put(auth, { ...form(key, false), appToken: undefined });
    expect(deactivated.statusCode, deactivated.body).toBe(200);
    expect(await hookOf(key)).toBeNull();

    expect((await put(auth, { ...form(key, true), appToken: undefined })).statusCode).toBe(200);
    expect(await hookOf(key)).toMatchObject({ headers: { [HOOK_SECRET_HEADER]: hookSecret } });
  });

  it('refuses activation with every missing permission named on `active`, saving nothing', async () => {
    const { auth } = await tenantWithKey(http.world);
    const lacking = [RESOURCES.listOrders, RESOURCES.ordersFullAccess, RESOURCES.feedAndHookAdmin, RESOURCES.feedAndHookView] as string[];
    const key = await addKey(sandbox, shop.name, ALL_RESOURCES.filter((resource) => !lacking.includes(resource)));
    const response = await put(auth, form(key, true));
    expect(response.statusCode).toBe(400);
    const errors = response.json().error.errors as { field: string; message: string }[];
    expect(errors.every((error) => error.field === 'active')).toBe(true);
    expect(errors.map((error) => error.message).join('\n')).toMatch(/List Orders/);
    expect(errors.map((error) => error.message).join('\n')).toMatch(/Feed v3 and Hook/);
    expect((await http.app.inject({ method: 'GET', url: '/api/admin/v1/integrations/vtex', headers: auth })).statusCode).toBe(404);
  });

  it('refuses activation with a wrong token, and keeps the inactive settings as they were', async () => {
    const { auth } = await tenantWithKey(http.world);
    const key = await addKey(sandbox, shop.name, ALL_RESOURCES);
    expect((await put(auth, form(key, false))).statusCode).toBe(200);
    const before = (await http.app.inject({ method: 'GET', url: '/api/admin/v1/integrations/vtex', headers: auth })).json();
    const response = await put(auth, { ...form(key, true), appToken: 'wrong-token' });
    expect(response.statusCode).toBe(400);
    expect(response.json().error.message).toMatch(/did not accept the app key and token/);
    expect((await http.app.inject({ method: 'GET', url: '/api/admin/v1/integrations/vtex', headers: auth })).json()).toEqual(before);
  });
});
