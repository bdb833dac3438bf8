// Panel users and their sessions.
import { and, eq, isNull, ne, sql } from 'drizzle-orm';
import { DomainError } from '../../domain/errors';
import type { Language } from '../../domain/program';
import type { AdminSession, AdminUser, AdminUserStore } from '../../app/admin/ports';
import type { Database } from './database';
import { isUniqueViolation } from './errors';
import { adminSessions, adminUsers, tenants } from './schema';
import { insertTenant } from './tenant-store';

type UserRow = typeof adminUsers.$inferSelect;

const toUser = ({ passwordHash: _hash, ...row }: UserRow): AdminUser => ({ ...row, language: row.language as Language | null });

// Serialises first-run setups (PGlite is one connection anyway; PostgreSQL needs the lock).
const FIRST_RUN_LOCK = 7_470_001;

export function sqlAdminUserStore(database: Database): AdminUserStore {
  const { orm } = database;
  return {
    async create(user, passwordHash) {
      try {
        await orm.insert(adminUsers).values({ ...user, passwordHash });
      } catch (error) {
        if (isUniqueViolation(error, 'admin_users_email_key')) throw new DomainError('USER_EXISTS', 'this e-mail already has a user', 'email');
        throw error;
      }
    },

    async get(tenantId, userId) {
      const [row] = await orm.select().from(adminUsers).where(and(eq(adminUsers.tenantId, tenantId), eq(adminUsers.id, userId)));
      return row ? toUser(row) : null;
    },

    async list(tenantId) {
      return (await orm.select().from(adminUsers).where(eq(adminUsers.tenantId, tenantId)).orderBy(adminUsers.id)).map(toUser);
    },

    async withEmail(email) {
      const rows = await orm
        .select({ user: adminUsers, tenantName: tenants.name })
        .from(adminUsers)
        .innerJoin(tenants, eq(tenants.id, adminUsers.tenantId))
        .where(eq(adminUsers.email, email))
        .orderBy(adminUsers.tenantId)
        .limit(20);
      return rows.map((row) => ({ user: toUser(row.user), passwordHash: row.user.passwordHash, tenantName: row.tenantName }));
    },

    async passwordHash(tenantId, userId) {
      const [row] = await orm
        .select({ passwordHash: adminUsers.passwordHash })
        .from(adminUsers)
        .where(and(eq(adminUsers.tenantId, tenantId), eq(adminUsers.id, userId)));
      return row?.passwordHash ?? null;
    },

    async update(tenantId, userId, changes, now) {
      const [row] = await orm
        .update(adminUsers)
        .set({ ...changes, updatedAt: now })
        .where(and(eq(adminUsers.tenantId, tenantId), eq(adminUsers.id, userId)))
        .returning();
      return row ? toUser(row) : null;
    },

    async recordFailedSignIn(tenantId, userId, lockAfter, lockedUntil, now) {
      // One statement: concurrent failures each count, and the one reaching the limit locks.
      await orm
        .update(adminUsers)
        .set({
          failedSignIns: sql`case when ${adminUsers.failedSignIns} + 1 >= ${lockAfter} then 0 else ${adminUsers.failedSignIns} + 1 end`,
          lockedUntil: sql`case when ${adminUsers.failedSignIns} + 1 >= ${lockAfter} then ${lockedUntil.toISOString()}::timestamptz else ${adminUsers.lockedUntil} end`,
          updatedAt: now,
        })
        .where(and(eq(adminUsers.tenantId, tenantId), eq(adminUsers.id, userId)));
    },

    async recordSignIn(tenantId, userId, now) {
      await orm
        .update(adminUsers)
        .set({ failedSignIns: 0, lockedUntil: null, lastSignInAt: now })
        .where(and(eq(adminUsers.tenantId, tenantId), eq(adminUsers.id, userId)));
    },

    async anyUser() {
      const rows = await database.query<{ one: number }>(sql`select 1 as one from admin_users limit 1`);
      return rows.length > 0;
    },

    async createFirst(program, firstKey, user, passwordHash) {
      return database.transaction(async (tx) => {
        await tx.query(sql`select pg_advisory_xact_lock(${FIRST_RUN_LOCK})`);
        const existing = await tx.query<{ one: number }>(sql`select 1 as one from admin_users limit 1`);
        if (existing.length > 0) return null;
        const sole = await tx.query<{ id: string }>(sql`select id from tenants order by id limit 2`);
        const [only] = sole;
        if (sole.length === 1 && only) {
          await tx.orm.update(tenants).set({ name: program.name, language: program.language, updatedAt: program.updatedAt }).where(eq(tenants.id, only.id));
          await tx.orm.insert(adminUsers).values({ ...user, tenantId: only.id, passwordHash });
          return only.id;
        }
        await insertTenant(tx, program, firstKey);
        await tx.orm.insert(adminUsers).values({ ...user, passwordHash });
        return program.tenantId;
      });
    },

    async createSession(session) {
      await orm.insert(adminSessions).values(session);
    },

    async session(tenantId, sessionId) {
      const [row] = await orm
        .select({ session: adminSessions, user: adminUsers })
        .from(adminSessions)
        .innerJoin(adminUsers, and(eq(adminUsers.tenantId, adminSessions.tenantId), eq(adminUsers.id, adminSessions.userId)))
        .where(and(eq(adminSessions.tenantId, tenantId), eq(adminSessions.id, sessionId)));
      if (!row) return null;
      const { createdAt: _created, ...session } = row.session;
      return { session: session satisfies AdminSession, user: toUser(row.user) };
    },

    async touchSession(tenantId, sessionId, now) {
      await orm
        .update(adminSessions)
        .set({ lastSeenAt: now })
        .where(and(eq(adminSessions.tenantId, tenantId), eq(adminSessions.id, sessionId)));
    },

    async revokeSession(tenantId, sessionId, now) {
      await orm
        .update(adminSessions)
        .set({ revokedAt: now })
        .where(and(eq(adminSessions.tenantId, tenantId), eq(adminSessions.id, sessionId), isNull(adminSessions.revokedAt)));
    },

    async revokeUserSessions(tenantId, userId, now, keepSessionId) {
      await orm
        .update(adminSessions)
        .set({ revokedAt: now })
        .where(
          and(
            eq(adminSessions.tenantId, tenantId),
            eq(adminSessions.userId, userId),
            isNull(adminSessions.revokedAt),
            ...(keepSessionId ? [ne(adminSessions.id, keepSessionId)] : []),
          ),
        );
    },
  };
}
