import { and, eq, sql } from 'drizzle-orm';
import type { Language, Program, ProgramChanges } from '../../domain/program';
import type { ApiKeyRecord, TenantStore } from '../../app/ports';
import type { Database, Executor } from './database';
import { apiKeys, tenants } from './schema';

type TenantRow = typeof tenants.$inferSelect;

export const toProgram = (row: TenantRow): Program => ({
  tenantId: row.id,
  name: row.name,
  pointsNameSingular: row.pointsNameSingular,
  pointsNamePlural: row.pointsNamePlural,
  pointsPerCurrencyUnit: Number(row.pointsPerCurrencyUnit),
  language: row.language as Language,
  timezone: row.timezone,
  pointsExpiryDays: row.pointsExpiryDays,
  rewardCostFactor: Number(row.rewardCostFactor),
  expiredCouponsReturnPoints: row.expiredCouponsReturnPoints,
  brandColor: row.brandColor,
  logoUrl: row.logoUrl,
  emailTypesOff: row.emailTypesOff,
  publicKey: row.publicKey,
  rulesText: row.rulesText,
  createdAt: row.createdAt,
  updatedAt: row.updatedAt,
});

function columns(changes: ProgramChanges) {
  const { pointsPerCurrencyUnit, rewardCostFactor, ...rest } = changes;
  return {
    ...rest,
    ...(pointsPerCurrencyUnit === undefined ? {} : { pointsPerCurrencyUnit: pointsPerCurrencyUnit.toFixed(4) }),
    ...(rewardCostFactor === undefined ? {} : { rewardCostFactor: rewardCostFactor.toFixed(4) }),
  };
}

/** The tenant's row and its first API key, on a transaction the caller holds. */
export async function insertTenant(tx: Executor, program: Program, firstKey: { id: string; name: string; secretHash: string }) {
  const { tenantId, ...fields } = program;
  await tx.orm.insert(tenants).values({
    ...fields, id: tenantId, pointsPerCurrencyUnit: fields.pointsPerCurrencyUnit.toFixed(4), rewardCostFactor: fields.rewardCostFactor.toFixed(4),
  });
  await tx.orm.insert(apiKeys).values({ tenantId: program.tenantId, ...firstKey });
}

export function sqlTenantStore(database: Database): TenantStore {
  const { orm } = database;
  // The storefront's read on every request: prepared once (on PostgreSQL a named statement,
  // parsed and planned once per connection).
  const programByPublicKey = orm.select().from(tenants).where(eq(tenants.publicKey, sql.placeholder('publicKey'))).prepare('pontua_program_by_public_key');
  return {
    async create(program, firstKey) {
      await database.transaction((tx) => insertTenant(tx, program, firstKey));
    },

    async get(tenantId) {
      const [row] = await orm.select().from(tenants).where(eq(tenants.id, tenantId));
      return row ? toProgram(row) : null;
    },

    async update(tenantId, changes, now) {
      const [row] = await orm
        .update(tenants)
        .set({ ...columns(changes), updatedAt: now })
        .where(eq(tenants.id, tenantId))
        .returning();
      return row ? toProgram(row) : null;
    },

    async addApiKey(tenantId, key) {
      const [tenant] = await orm.select({ id: tenants.id }).from(tenants).where(eq(tenants.id, tenantId));
      if (!tenant) return false;
      await orm.insert(apiKeys).values({ tenantId, ...key });
      return true;
    },

    async byPublicKey(publicKey) {
      const [row] = await programByPublicKey.execute({ publicKey });
      return row ? toProgram(row) : null;
    },

    async listIds() {
      return (await orm.select({ id: tenants.id }).from(tenants).orderBy(tenants.id)).map((row) => row.id);
    },

    async apiKey(tenantId, keyId): Promise<ApiKeyRecord | null> {
      const [row] = await orm
        .select({ tenantId: apiKeys.tenantId, id: apiKeys.id, secretHash: apiKeys.secretHash, revokedAt: apiKeys.revokedAt })
        .from(apiKeys)
        .where(and(eq(apiKeys.tenantId, tenantId), eq(apiKeys.id, keyId)));
      return row ?? null;
    },

    async listApiKeys(tenantId) {
      return orm
        .select({ id: apiKeys.id, name: apiKeys.name, createdAt: apiKeys.createdAt, revokedAt: apiKeys.revokedAt })
        .from(apiKeys)
        .where(eq(apiKeys.tenantId, tenantId))
        .orderBy(apiKeys.id);
    },

    async revokeApiKey(tenantId, keyId, now) {
      const [row] = await orm
        .update(apiKeys)
        .set({ revokedAt: sql`coalesce(${apiKeys.revokedAt}, ${now.toISOString()}::timestamptz)` })
        .where(and(eq(apiKeys.tenantId, tenantId), eq(apiKeys.id, keyId)))
        .returning({ id: apiKeys.id, name: apiKeys.name, createdAt: apiKeys.createdAt, revokedAt: apiKeys.revokedAt });
      return row ?? null;
    },
  };
}
