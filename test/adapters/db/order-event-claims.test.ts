// Order events are claimed by one worker at a time (several processes on one PostgreSQL): no event
// is handed to two workers, an order's events never go to two workers at once, a dead worker's
// claims run out, and a worker gives back what it did not settle.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../../src/adapters/db/database';
import { engines } from '../../harness/databases';
import { seedTenant, worldOn, type World } from '../../harness/world';

describe.each(engines)('order event claims on $name', (engine) => {
  let database: Database;
  let world: World;
  beforeAll(async () => {
    database = await engine.open();
    world = worldOn(database);
  });
  afterAll(async () => {
    await database?.close();
  });

  let seq = 0;
  async function tenantWithEvents(orders: number, eventsPerOrder: number) {
    const { tenantId } = await seedTenant(world);
    const base = world.clock.now().getTime();
    for (let o = 0; o < orders; o++) {
      for (let e = 0; e < eventsPerOrder; e++) {
        seq++;
        await world.orderEvents.record(tenantId, {
          id: `evt_claim_${engine.name}_${seq}`, orderId: `order-${o}`, state: e === 0 ? 'handling' : 'invoiced', lastState: null,
          lastChange: `2026-01-15T12:00:${String(e).padStart(2, '0')}.000Z`, currentChange: null, source: 'hook',
          // Interleaved: order 0's events, then order 1's… reach us mixed in time.
          receivedAt: new Date(base + e * 1000 + o),
        });
      }
    }
    return tenantId;
  }

  it('hands each event to one worker only, and keeps an order\u2019s events with one worker', async () => {
    const tenantId = await tenantWithEvents(30, 2);
    const lease = (owner: string) => ({ owner, leaseMs: 60_000 });
    const now = world.clock.now();
    // Four workers claim at the same moment, five events each, again and again.
    const claimed = new Map<string, string>();
    const ordersOf = new Map<string, Set<string>>();
    for (let round = 0; round < 6; round++) {
      const batches = await Promise.all(['a', 'b', 'c', 'd'].map(async (owner) => ({ owner, events: await world.orderEvents.claim(tenantId, now, 5, lease(owner)) })));
      for (const { owner, events } of batches) {
        for (const event of events) {
          expect(claimed.get(event.id), `event ${event.id} claimed twice`).toBeUndefined();
          claimed.set(event.id, owner);
          const owners = ordersOf.get(event.orderId) ?? new Set();
          owners.add(owner);
          ordersOf.set(event.orderId, owners);
        }
      }
    }
    expect(claimed.size).toBeGreaterThan(0);
    for (const [orderId, owners] of ordersOf) expect([...owners], `order ${orderId}`).toHaveLength(1);
    // Oldest first: the first claim of all took the oldest events.
    const rest = await world.orderEvents.claim(tenantId, now, 100, lease('e'));
    expect(rest.every((event) => !claimed.has(event.id))).toBe(true);
    expect(claimed.size + rest.length).toBeLessThanOrEqual(60);
  });

  it('lets a dead worker\u2019s claims run out, and takes back what a worker releases', async () => {
    const tenantId = await tenantWithEvents(3, 1);
    const now = world.clock.now();
    const dead = await world.orderEvents.claim(tenantId, now, 2, { owner: 'dead', leaseMs: 60_000 });
    expect(dead).toHaveLength(2);
    const meanwhile = await world.orderEvents.claim(tenantId, now, 10, { owner: 'alive', leaseMs: 60_000 });
    expect(meanwhile.map((event) => event.orderId)).toEqual(['order-2']);
    // Still held a second before the lease ends; free after it.
    expect(await world.orderEvents.claim(tenantId, new Date(now.getTime() + 59_000), 10, { owner: 'alive', leaseMs: 60_000 })).toEqual([]);
    const later = await world.orderEvents.claim(tenantId, new Date(now.getTime() + 60_001), 10, { owner: 'alive', leaseMs: 60_000 });
    // The dead worker's two, and the alive one's own first claim, whose lease ran out as well.
    expect(later.map((event) => event.id).sort()).toEqual([...dead, ...meanwhile].map((event) => event.id).sort());

    // A release by another owner changes nothing; the owner's own release frees them at once.
    await world.orderEvents.releaseClaims(tenantId, later.map((event) => event.id), 'someone-else');
    expect(await world.orderEvents.claim(tenantId, new Date(now.getTime() + 60_002), 10, { owner: 'third', leaseMs: 60_000 })).toEqual([]);
    await world.orderEvents.releaseClaims(tenantId, later.map((event) => event.id), 'alive');
    const third = await world.orderEvents.claim(tenantId, new Date(now.getTime() + 60_003), 10, { owner: 'third', leaseMs: 60_000 });
    expect(third).toHaveLength(3);
  });
});
