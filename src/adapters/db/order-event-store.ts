import { and, asc, eq, isNull, lte, max, or, sql } from 'drizzle-orm';
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

    async pending(tenantId, now, limit) {
      return orm
        .select({ id: orderEvents.id, orderId: orderEvents.orderId, state: orderEvents.state, lastChange: orderEvents.lastChange, attempts: orderEvents.attempts })
        .from(orderEvents)
        .where(
          and(
            eq(orderEvents.tenantId, tenantId),
            isNull(orderEvents.processedAt),
            or(isNull(orderEvents.nextAttemptAt), lte(orderEvents.nextAttemptAt, now)),
          ),
        )
        .orderBy(asc(orderEvents.receivedAt), asc(orderEvents.id))
        .limit(limit);
    },

    async settle(tenantId, eventId, outcome, now) {
      await orm
        .update(orderEvents)
        .set({ processedAt: now, outcome, attempts: sql`${orderEvents.attempts} + 1` })
        .where(and(eq(orderEvents.tenantId, tenantId), eq(orderEvents.id, eventId)));
    },

    async fail(tenantId, eventId, error, retryAt, now) {
      await orm
        .update(orderEvents)
        .set({
          lastError: error.slice(0, 1000),
          attempts: sql`${orderEvents.attempts} + 1`,
          nextAttemptAt: retryAt,
          ...(retryAt === null ? { processedAt: now, outcome: 'failed' } : {}),
        })
        .where(and(eq(orderEvents.tenantId, tenantId), eq(orderEvents.id, eventId)));
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
