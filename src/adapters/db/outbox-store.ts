import { and, asc, eq, isNull } from 'drizzle-orm';
import type { OutboxStore } from '../../app/sync/ports';
import type { Database } from './database';
import { outboxEvents } from './schema';

export function sqlOutboxStore(database: Database): OutboxStore {
  return {
    async pending(tenantId, limit) {
      return database.orm
        .select({ id: outboxEvents.id, type: outboxEvents.type, memberId: outboxEvents.memberId, payload: outboxEvents.payload, createdAt: outboxEvents.createdAt })
        .from(outboxEvents)
        .where(and(eq(outboxEvents.tenantId, tenantId), isNull(outboxEvents.processedAt)))
        .orderBy(asc(outboxEvents.createdAt), asc(outboxEvents.id))
        .limit(limit);
    },
  };
}
