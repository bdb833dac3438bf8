import { and, eq, max } from 'drizzle-orm';
import type { OrderEventStore } from '../../app/ports';
import type { Database } from './database';
import { orderEvents } from './schema';

export function sqlOrderEventStore(database: Database): OrderEventStore {
  const { orm } = database;
  return {
    async record(tenantId, event) {
      // The unique index on (tenant, order, state, last change) is the deduplication: a repeat
      // inserts nothing and says so.
      const inserted = await orm
        .insert(orderEvents)
        .values({ tenantId, ...event })
        .onConflictDoNothing({ target: [orderEvents.tenantId, orderEvents.orderId, orderEvents.state, orderEvents.lastChange] })
        .returning({ id: orderEvents.id });
      return inserted.length > 0 ? 'recorded' : 'duplicate';
    },

    async lastHookAt(tenantId) {
      const [row] = await orm
        .select({ at: max(orderEvents.receivedAt) })
        .from(orderEvents)
        .where(and(eq(orderEvents.tenantId, tenantId), eq(orderEvents.source, 'hook')));
      return row?.at ?? null;
    },
  };
}
