// The storefront's program and the hook's integration kept a few seconds (src/app/recent-reads.ts):
// what is kept, for how long, what is never kept, and that forgetting drops it.
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Database } from '../../src/adapters/db/database';
import { recentReads } from '../../src/app/recent-reads';
import type { TenantStore, VtexIntegrationStore } from '../../src/app/ports';
import { engines } from '../harness/databases';
import { seedTenant, worldOn, type World } from '../harness/world';

describe.each(engines)('recent reads on $name', (engine) => {
  let database: Database;
  let world: World;
  beforeAll(async () => {
    database = await engine.open();
    world = worldOn(database);
  });
  afterAll(async () => {
    await database?.close();
  });

  /** The world's stores, counting the reads that reach the database. */
  function counted() {
    const calls = { byPublicKey: 0, integration: 0 };
    const tenants: Pick<TenantStore, 'byPublicKey'> = { byPublicKey: (key) => (calls.byPublicKey++, world.tenants.byPublicKey(key)) };
    const vtexIntegrations: Pick<VtexIntegrationStore, 'get'> = { get: (id) => (calls.integration++, world.vtexIntegrations.get(id)) };
    return { calls, stores: { tenants, vtexIntegrations } };
  }

  it('keeps a program for the time given: changes made elsewhere show once it runs out, or at once after forget()', async () => {
    const { tenantId } = await seedTenant(world, { name: 'Before' });
    const publicKey = (await world.tenants.get(tenantId))!.publicKey;
    const { calls, stores } = counted();
    const kept = recentReads(stores, 60_000);
    expect((await kept.storefrontProgram(publicKey))?.program.name).toBe('Before');
    await world.tenants.update(tenantId, { name: 'After' }, new Date());
    // Another process's change: this process still answers what it read, without asking again.
    expect((await kept.storefrontProgram(publicKey))?.program.name).toBe('Before');
    expect(calls).toEqual({ byPublicKey: 1, integration: 1 });
    kept.forget();
    expect((await kept.storefrontProgram(publicKey))?.program.name).toBe('After');
    expect(calls.byPublicKey).toBe(2);

    const brief = recentReads(stores, 100);
    expect((await brief.storefrontProgram(publicKey))?.program.name).toBe('After');
    await world.tenants.update(tenantId, { name: 'Later' }, new Date());
    await vi.waitFor(async () => expect((await brief.storefrontProgram(publicKey))?.program.name).toBe('Later'), { timeout: 10_000, interval: 50 });
  });

  it('a forget() while a read is in flight: that read still answers, with what the database holds', async () => {
    const { tenantId } = await seedTenant(world, { name: 'Slow before' });
    const publicKey = (await world.tenants.get(tenantId))!.publicKey;
    let release = () => {};
    const gate = new Promise<void>((resolve) => (release = resolve));
    let held = false;
    const kept = recentReads({
      tenants: {
        byPublicKey: async (key) => {
          if (!held) {
            held = true;
            await gate;
          }
          return world.tenants.byPublicKey(key);
        },
      },
      vtexIntegrations: world.vtexIntegrations,
    }, 60_000);
    const reading = kept.storefrontProgram(publicKey);
    await world.tenants.update(tenantId, { name: 'Slow after' }, new Date());
    kept.forget();
    release();
    expect((await reading)?.program.name).toBe('Slow after');
  });

  it('never keeps "not found": a program or an integration made later is found at once', async () => {
    const { calls, stores } = counted();
    const kept = recentReads(stores, 60_000);
    const { tenantId } = await seedTenant(world);
    expect(await kept.integration(tenantId)).toBeNull();
    expect(await kept.integration(tenantId)).toBeNull();
    expect(calls.integration).toBe(2);
    expect(await kept.storefrontProgram(`pk_${'0'.repeat(32)}`)).toBeNull();
    expect(await kept.storefrontProgram(`pk_${'0'.repeat(32)}`)).toBeNull();
    expect(calls.byPublicKey).toBe(2);
  });

  it('answers concurrent misses of one key with one read, and a fresh read replaces what was kept', async () => {
    const { tenantId } = await seedTenant(world);
    const publicKey = (await world.tenants.get(tenantId))!.publicKey;
    const { calls, stores } = counted();
    const kept = recentReads(stores, 60_000);
    const found = await Promise.all(Array.from({ length: 20 }, () => kept.storefrontProgram(publicKey)));
    expect(new Set(found.map((entry) => entry?.program.tenantId))).toEqual(new Set([tenantId]));
    expect(calls.byPublicKey).toBe(1);
    await kept.freshIntegration(tenantId);
    await kept.freshIntegration(tenantId);
    expect(calls.integration).toBe(3);
  });
});
