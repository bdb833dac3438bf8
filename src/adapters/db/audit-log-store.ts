// The audit log: appended by the HTTP layer after every successful change, read by the panel.
import { and, desc, eq, lt, type SQL } from 'drizzle-orm';
import type { AuditLogStore } from '../../app/admin/ports';
import type { Database } from './database';
import { auditLog } from './schema';

export function sqlAuditLogStore(database: Database): AuditLogStore {
  const { orm } = database;
  return {
    async append(entry) {
      await orm.insert(auditLog).values(entry);
    },

    async list(tenantId, query) {
      const conditions: SQL[] = [eq(auditLog.tenantId, tenantId)];
      if (query.action) conditions.push(eq(auditLog.action, query.action));
      if (query.actor) conditions.push(eq(auditLog.actor, query.actor));
      if (query.targetId) conditions.push(eq(auditLog.targetId, query.targetId));
      if (query.cursor) conditions.push(lt(auditLog.id, query.cursor));
      const rows = await orm
        .select()
        .from(auditLog)
        .where(and(...conditions))
        .orderBy(desc(auditLog.id))
        .limit(query.limit + 1);
      const items = rows.slice(0, query.limit);
      return { items, nextCursor: rows.length > query.limit ? (items.at(-1)?.id ?? null) : null };
    },
  };
}
