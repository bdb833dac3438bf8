// The VTEX integration settings of each tenant (one row per tenant in vtex_integrations). The
// program's language is part of the form but lives on the tenant, so a save writes both rows in
// one transaction.
import { eq, sql } from 'drizzle-orm';
import type { VtexIntegrationSettings } from '../../domain/integration';
import type { VtexOrderStatus } from '../../domain/vtex-order-status';
import type { Language } from '../../domain/program';
import type { StoredVtexIntegration, VtexIntegrationStore } from '../../app/ports';
import type { Database } from './database';
import { tenants, vtexIntegrations } from './schema';
import { toProgram } from './tenant-store';

type Row = typeof vtexIntegrations.$inferSelect;

function toStored(row: Row, language: Language): StoredVtexIntegration {
  const { tenantId, appKeySealed, appTokenSealed, hookSecretSealed, firstActivatedAt, createdAt, updatedAt, ...rest } = row;
  const settings: VtexIntegrationSettings = {
    ...rest,
    language,
    scoringStatuses: rest.scoringStatuses as VtexOrderStatus[],
  };
  return { tenantId, settings, appKeySealed, appTokenSealed, hookSecretSealed, firstActivatedAt, createdAt, updatedAt };
}

export function sqlVtexIntegrationStore(database: Database): VtexIntegrationStore {
  // Read by the order hook and the storefront (through recent-reads.ts) and by every job round:
  // prepared once (on PostgreSQL a named statement).
  const integrationOf = database.orm
    .select({ row: vtexIntegrations, language: tenants.language })
    .from(vtexIntegrations)
    .innerJoin(tenants, eq(tenants.id, vtexIntegrations.tenantId))
    .where(eq(vtexIntegrations.tenantId, sql.placeholder('tenantId')))
    .prepare('pontua_vtex_integration');
  return {
    async get(tenantId) {
      const [found] = await integrationOf.execute({ tenantId });
      return found ? toStored(found.row, found.language as Language) : null;
    },

    async save(tenantId, decide, now) {
      return database.transaction(async (tx) => {
        // Locking the tenant row serialises saves, the first one included (no integration row yet),
        // so two first activations cannot both record themselves.
        const [tenant] = await tx.orm.select().from(tenants).where(eq(tenants.id, tenantId)).for('update');
        if (!tenant) return null;
        const [current] = await tx.orm.select().from(vtexIntegrations).where(eq(vtexIntegrations.tenantId, tenantId));
        const program = toProgram(tenant);
        const next = decide(current ? toStored(current, program.language) : null, program);
        const { language, ...settings } = next.settings;
        const values = {
          ...settings,
          appKeySealed: next.appKeySealed,
          appTokenSealed: next.appTokenSealed,
          hookSecretSealed: next.hookSecretSealed,
          firstActivatedAt: next.firstActivatedAt,
          updatedAt: now,
        };
        const [row] = await tx.orm
          .insert(vtexIntegrations)
          .values({ tenantId, ...values, createdAt: now })
          .onConflictDoUpdate({ target: vtexIntegrations.tenantId, set: values })
          .returning();
        if (language !== program.language) {
          await tx.orm.update(tenants).set({ language, updatedAt: now }).where(eq(tenants.id, tenantId));
        }
        return toStored(row as Row, language);
      });
    },
  };
}

