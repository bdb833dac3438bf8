// What the panel's users, sessions and audit log need from the outside world.
import type { Language, Program } from '../../domain/program';

export interface PasswordHasher {
  hash(password: string): Promise<string>;
  /** False for a wrong password or a hash it cannot read; never throws for those. */
  verify(password: string, stored: string): Promise<boolean>;
}

export interface AdminUser {
  tenantId: string;
  id: string;
  email: string;
  name: string;
  /** The panel's language for this user; null: the program's. */
  language: Language | null;
  failedSignIns: number;
  lockedUntil: Date | null;
  lastSignInAt: Date | null;
  disabledAt: Date | null;
  createdAt: Date;
  updatedAt: Date;
}

export interface AdminUserChanges {
  name?: string;
  language?: Language | null;
  disabledAt?: Date | null;
  passwordHash?: string;
}

export interface AdminSession {
  tenantId: string;
  id: string;
  userId: string;
  secretHash: string;
  csrfToken: string;
  lastSeenAt: Date;
  expiresAt: Date;
  revokedAt: Date | null;
}

export interface AdminUserStore {
  /** Errors: USER_EXISTS (the e-mail already has a user in this tenant). */
  create(user: AdminUser, passwordHash: string): Promise<void>;
  get(tenantId: string, userId: string): Promise<AdminUser | null>;
  list(tenantId: string): Promise<AdminUser[]>;
  /** The users with this (lower-cased) e-mail in every tenant, with their hash and tenant name. */
  withEmail(email: string): Promise<Array<{ user: AdminUser; passwordHash: string; tenantName: string }>>;
  passwordHash(tenantId: string, userId: string): Promise<string | null>;
  /** Null when the user is not the tenant's. */
  update(tenantId: string, userId: string, changes: AdminUserChanges, now: Date): Promise<AdminUser | null>;
  /** Counts a failed sign-in; the `lockAfter`-th in a row locks the user until `lockedUntil`. */
  recordFailedSignIn(tenantId: string, userId: string, lockAfter: number, lockedUntil: Date, now: Date): Promise<void>;
  recordSignIn(tenantId: string, userId: string, now: Date): Promise<void>;
  /** Whether any tenant has a panel user (the first-run setup is open until one does). */
  anyUser(): Promise<boolean>;
  /**
   * The first-run setup, in one transaction, only while no panel user exists anywhere: the user in
   * the deployment's only tenant when there is exactly one (the embedded first start made it; it
   * takes the program's name and language), else in a new tenant with its first API key. The
   * user's tenant id; null when a user already exists.
   */
  createFirst(
    program: Program,
    firstKey: { id: string; name: string; secretHash: string },
    user: AdminUser,
    passwordHash: string,
  ): Promise<string | null>;

  createSession(session: AdminSession): Promise<void>;
  /** The live or dead session and its user; null when unknown. */
  session(tenantId: string, sessionId: string): Promise<{ session: AdminSession; user: AdminUser } | null>;
  touchSession(tenantId: string, sessionId: string, now: Date): Promise<void>;
  revokeSession(tenantId: string, sessionId: string, now: Date): Promise<void>;
  /** Ends every session of the user but `keepSessionId`. */
  revokeUserSessions(tenantId: string, userId: string, now: Date, keepSessionId?: string): Promise<void>;
}

export interface AuditEntry {
  tenantId: string;
  id: string;
  actor: string;
  actorLabel: string;
  action: string;
  targetId: string | null;
  before: unknown;
  after: unknown;
  requestId: string | null;
  createdAt: Date;
}

export interface AuditLogStore {
  append(entry: AuditEntry): Promise<void>;
  /** Newest first; `cursor` is the last id of the previous page. */
  list(
    tenantId: string,
    query: { action: string | null; actor: string | null; targetId: string | null; cursor: string | null; limit: number },
  ): Promise<{ items: AuditEntry[]; nextCursor: string | null }>;
}
