// Signing in to the panel: e-mail and password, a lockout after repeated failures, and sessions
// that end when idle, at an absolute limit, or on sign-out.
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { DomainError } from '../../domain/errors';
import { newId } from '../ids';
import type { Clock, TenantStore } from '../ports';
import type { AdminUser, AdminUserStore, PasswordHasher } from './ports';

export const LOCK_AFTER_FAILURES = 5;
export const LOCK_MS = 15 * 60_000;
/** A session unused this long ends; the panel polls while open, so an open tab stays signed in. */
export const SESSION_IDLE_MS = 8 * 3_600_000;
export const SESSION_MAX_MS = 7 * 24 * 3_600_000;
// Writing last_seen_at on every request would make every read a write.
const TOUCH_EVERY_MS = 60_000;

export interface SessionDeps {
  adminUsers: AdminUserStore;
  tenants: TenantStore;
  passwords: PasswordHasher;
  clock: Clock;
}

export interface SignedIn {
  /** The cookie's value: `{tenantId}.{sessionId}.{secret}`. */
  cookie: string;
  user: AdminUser;
  tenant: { id: string; name: string; language: string };
  csrfToken: string;
  expiresAt: Date;
}

const hashSecret = (secret: string) => createHash('sha256').update(secret).digest('base64url');

// Verifying against this when the e-mail is unknown takes as long as a real check, so the answer's
// timing does not tell whether an account exists.
let decoyHash: Promise<string> | null = null;

const invalidCredentials = () => new DomainError('INVALID_CREDENTIALS', 'the e-mail or the password is wrong');

/** A new session for a user who proved who they are. */
export async function startSession(deps: SessionDeps, user: AdminUser): Promise<SignedIn> {
  const now = deps.clock.now();
  const secret = randomBytes(32).toString('base64url');
  const session = {
    tenantId: user.tenantId,
    id: newId('ses', now.getTime()),
    userId: user.id,
    secretHash: hashSecret(secret),
    csrfToken: randomBytes(24).toString('base64url'),
    lastSeenAt: now,
    expiresAt: new Date(now.getTime() + SESSION_MAX_MS),
    revokedAt: null,
  };
  await deps.adminUsers.createSession(session);
  const program = await deps.tenants.get(user.tenantId);
  if (!program) throw new DomainError('NOT_FOUND', 'the store no longer exists');
  return {
    cookie: `${session.tenantId}.${session.id}.${secret}`,
    user,
    tenant: { id: program.tenantId, name: program.name, language: program.language },
    csrfToken: session.csrfToken,
    expiresAt: session.expiresAt,
  };
}

/**
 * Errors: VALIDATION_FAILED (no e-mail or password), INVALID_CREDENTIALS (also for a disabled
 * user), TOO_MANY_ATTEMPTS (locked: `details.retryAfterSeconds`), TENANT_CHOICE (the password opens
 * users in several stores and no `tenantId` chose one: `details.tenants`).
 */
export async function signIn(deps: SessionDeps, input: { email: string; password: string; tenantId?: string }): Promise<SignedIn> {
  const email = input.email.trim().toLowerCase();
  const now = deps.clock.now();
  const candidates = (await deps.adminUsers.withEmail(email)).filter((c) => !input.tenantId || c.user.tenantId === input.tenantId);
  if (candidates.length === 0) {
    decoyHash ??= deps.passwords.hash(randomBytes(16).toString('hex'));
    await deps.passwords.verify(input.password, await decoyHash);
    throw invalidCredentials();
  }
  const opened: typeof candidates = [];
  let lockedFor = 0;
  for (const candidate of candidates) {
    const { user } = candidate;
    if (user.lockedUntil && user.lockedUntil > now) {
      lockedFor = Math.max(lockedFor, Math.ceil((user.lockedUntil.getTime() - now.getTime()) / 1000));
      continue;
    }
    if (await deps.passwords.verify(input.password, candidate.passwordHash)) {
      if (!user.disabledAt) opened.push(candidate);
    } else {
      await deps.adminUsers.recordFailedSignIn(user.tenantId, user.id, LOCK_AFTER_FAILURES, new Date(now.getTime() + LOCK_MS), now);
    }
  }
  if (opened.length === 0) {
    if (lockedFor > 0) {
      throw new DomainError('TOO_MANY_ATTEMPTS', `too many failed sign-ins: try again in ${Math.ceil(lockedFor / 60)} minutes`, undefined, undefined, {
        retryAfterSeconds: lockedFor,
      });
    }
    throw invalidCredentials();
  }
  if (opened.length > 1) {
    throw new DomainError('TENANT_CHOICE', 'this e-mail signs in to several stores: choose one', undefined, undefined, {
      tenants: opened.map((c) => ({ id: c.user.tenantId, name: c.tenantName })),
    });
  }
  const [chosen] = opened as [(typeof opened)[number]];
  await deps.adminUsers.recordSignIn(chosen.user.tenantId, chosen.user.id, now);
  return startSession(deps, { ...chosen.user, failedSignIns: 0, lockedUntil: null, lastSignInAt: now });
}

const COOKIE = /^(ten_[0-9A-Z]{26})\.(ses_[0-9A-Z]{26})\.([A-Za-z0-9_-]{43})$/;

/** The session a cookie names, if it is live and its user may still sign in; null otherwise. */
export async function authenticateSession(
  deps: Pick<SessionDeps, 'adminUsers' | 'clock'>,
  cookie: string,
): Promise<{ user: AdminUser; sessionId: string; csrfToken: string } | null> {
  const match = COOKIE.exec(cookie);
  if (!match) return null;
  const [, tenantId = '', sessionId = '', secret = ''] = match;
  const found = await deps.adminUsers.session(tenantId, sessionId);
  if (!found) return null;
  const { session, user } = found;
  const expected = Buffer.from(session.secretHash);
  const actual = Buffer.from(hashSecret(secret));
  if (expected.length !== actual.length || !timingSafeEqual(expected, actual)) return null;
  const now = deps.clock.now();
  if (session.revokedAt || session.expiresAt <= now || now.getTime() - session.lastSeenAt.getTime() > SESSION_IDLE_MS) return null;
  if (user.disabledAt) return null;
  if (now.getTime() - session.lastSeenAt.getTime() > TOUCH_EVERY_MS) await deps.adminUsers.touchSession(tenantId, sessionId, now);
  return { user, sessionId, csrfToken: session.csrfToken };
}

export async function signOut(deps: Pick<SessionDeps, 'adminUsers' | 'clock'>, tenantId: string, sessionId: string): Promise<void> {
  await deps.adminUsers.revokeSession(tenantId, sessionId, deps.clock.now());
}
