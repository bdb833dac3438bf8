// The schema's admin area (see ./schema.ts): the merchant's users of the panel, their sessions, and
// the audit log of every change made through the admin API.
import { sql } from 'drizzle-orm';
import { check, index, integer, jsonb, pgTable, primaryKey, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';
import { createdAt, tenants, updatedAt } from './schema-core';

// A person who signs in to a tenant's panel. The same e-mail may belong to users of several
// tenants (an agency running many stores); sign-in finds them by e-mail across tenants.
export const adminUsers = pgTable(
  'admin_users',
  {
    tenantId: text('tenant_id').notNull().references(() => tenants.id),
    id: text('id').notNull(),
    /** Lower-cased. */
    email: text('email').notNull(),
    name: text('name').notNull(),
    /** `scrypt$N$r$p$salt$hash` (base64url); see src/adapters/crypto/password-hasher.ts. */
    passwordHash: text('password_hash').notNull(),
    /** Overrides the program's language in the panel; null: the program's. */
    language: text('language'),
    /** Consecutive failed sign-ins; at the limit the user is locked until `locked_until`. */
    failedSignIns: integer('failed_sign_ins').notNull().default(0),
    lockedUntil: timestamp('locked_until', { withTimezone: true }),
    lastSignInAt: timestamp('last_sign_in_at', { withTimezone: true }),
    disabledAt: timestamp('disabled_at', { withTimezone: true }),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    uniqueIndex('admin_users_email_key').on(t.tenantId, t.email),
    index('admin_users_email_idx').on(t.email),
    check('admin_users_language_check', sql`${t.language} is null or ${t.language} in ('pt-BR', 'en', 'es')`),
  ],
);

// A signed-in browser. The cookie carries `{tenantId}.{sessionId}.{secret}`; only a SHA-256 of the
// secret is kept. Sessions end when idle too long, at an absolute limit, or on sign-out.
export const adminSessions = pgTable(
  'admin_sessions',
  {
    tenantId: text('tenant_id').notNull(),
    id: text('id').notNull(),
    userId: text('user_id').notNull(),
    secretHash: text('secret_hash').notNull(),
    /** Sent back by the panel in X-CSRF-Token on every change. */
    csrfToken: text('csrf_token').notNull(),
    lastSeenAt: timestamp('last_seen_at', { withTimezone: true }).notNull(),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
    revokedAt: timestamp('revoked_at', { withTimezone: true }),
    createdAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.tenantId, t.id] }), index('admin_sessions_user_idx').on(t.tenantId, t.userId)],
);

// Who changed what, when, with the state before and after (secrets redacted). Append-only.
export const auditLog = pgTable(
  'audit_log',
  {
    tenantId: text('tenant_id').notNull(),
    id: text('id').notNull(),
    /** `user:{id}` or `apikey:{id}`. */
    actor: text('actor').notNull(),
    /** The actor's e-mail or key name when it was written, so the log reads without joins. */
    actorLabel: text('actor_label').notNull(),
    /** `program.update`, `member.adjust`, … */
    action: text('action').notNull(),
    targetId: text('target_id'),
    before: jsonb('before'),
    after: jsonb('after'),
    requestId: text('request_id'),
    createdAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.tenantId, t.id] }), index('audit_log_action_idx').on(t.tenantId, t.action)],
);
