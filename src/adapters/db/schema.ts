// The one schema, for PGlite and PostgreSQL alike, in three files by area; drizzle-kit reads this
// index (drizzle.config.ts) and turns it into the SQL migrations in ./migrations. Every primary key
// and unique index starts with tenant_id so that tenants never share rows and the schema can be
// distributed by tenant (Citus) unchanged.
export * from './schema-core';
export * from './schema-integration';
export * from './schema-rewards';
export * from './schema-admin';
