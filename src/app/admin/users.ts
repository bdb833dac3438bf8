// The tenant's panel users: added by another user or the operator's CLI, renamed, disabled.
import { randomBytes } from 'node:crypto';
import { DomainError, invalid, notFound } from '../../domain/errors';
import { passwordProblem, validateAdminUser, type AdminUserInput } from '../../domain/admin-user';
import { newId } from '../ids';
import type { Clock, TenantStore } from '../ports';
import type { AdminUser, AdminUserStore, PasswordHasher } from './ports';
import { LOCK_AFTER_FAILURES, LOCK_MS } from './sessions';

interface UserDeps {
  adminUsers: AdminUserStore;
  passwords: PasswordHasher;
  clock: Clock;
}

/** A password for a user made without one: 20 characters from 120 random bits. */
export const generatePassword = () => randomBytes(15).toString('base64url');

/** Errors: VALIDATION_FAILED, NOT_FOUND (tenant), USER_EXISTS. */
export async function createUser(deps: UserDeps & { tenants: TenantStore }, tenantId: string, input: AdminUserInput): Promise<AdminUser> {
  const fields = validateAdminUser(input, ['email', 'name', 'password']);
  if (!(await deps.tenants.get(tenantId))) throw notFound(`tenant ${tenantId}`);
  const now = deps.clock.now();
  const user: AdminUser = {
    tenantId,
    id: newId('usr', now.getTime()),
    email: fields.email as string,
    name: fields.name as string,
    language: fields.language ?? null,
    failedSignIns: 0,
    lockedUntil: null,
    lastSignInAt: null,
    disabledAt: null,
    createdAt: now,
    updatedAt: now,
  };
  await deps.adminUsers.create(user, await deps.passwords.hash(fields.password as string));
  return user;
}

export const listUsers = (deps: { adminUsers: AdminUserStore }, tenantId: string) => deps.adminUsers.list(tenantId);

/**
 * Renames, changes the language, or disables / enables a user (a disabled user's sessions end).
 * `actorUserId` cannot disable itself, so a store always keeps someone who can sign in.
 * Errors: VALIDATION_FAILED, NOT_FOUND, INVALID_STATE.
 */
export async function updateUser(
  deps: UserDeps,
  tenantId: string,
  userId: string,
  input: { name?: unknown; language?: unknown; disabled?: boolean },
  actorUserId: string | null,
): Promise<AdminUser> {
  const fields = validateAdminUser({ name: input.name, language: input.language });
  if (input.disabled === true && userId === actorUserId) throw new DomainError('INVALID_STATE', 'you cannot disable yourself', 'disabled');
  const existing = await deps.adminUsers.get(tenantId, userId);
  if (!existing) throw notFound(`user ${userId}`);
  const now = deps.clock.now();
  const disabledAt = input.disabled === undefined ? undefined : input.disabled ? (existing.disabledAt ?? now) : null;
  const updated = await deps.adminUsers.update(
    tenantId,
    userId,
    {
      ...(fields.name === undefined ? {} : { name: fields.name }),
      ...(fields.language === undefined ? {} : { language: fields.language }),
      ...(disabledAt === undefined ? {} : { disabledAt }),
    },
    now,
  );
  if (!updated) throw notFound(`user ${userId}`);
  if (input.disabled === true) await deps.adminUsers.revokeUserSessions(tenantId, userId, now);
  return updated;
}

/**
 * A signed-in user's new password; every other session of theirs ends.
 * Errors: VALIDATION_FAILED (`newPassword` too weak), INVALID_CREDENTIALS (`currentPassword` wrong).
 */
export async function changePassword(
  deps: UserDeps,
  user: AdminUser,
  sessionId: string,
  input: { currentPassword: string; newPassword: string },
): Promise<void> {
  const problem = passwordProblem(input.newPassword, user.email);
  if (problem) throw invalid('newPassword', problem);
  // A wrong current password counts as a failed sign-in: a session left open (or stolen) is not
  // a way to guess the password past the lockout.
  const now = deps.clock.now();
  const fresh = await deps.adminUsers.get(user.tenantId, user.id);
  if (fresh?.lockedUntil && fresh.lockedUntil > now) {
    const seconds = Math.ceil((fresh.lockedUntil.getTime() - now.getTime()) / 1000);
    throw new DomainError('TOO_MANY_ATTEMPTS', `too many wrong passwords: try again in ${Math.ceil(seconds / 60)} minutes`, undefined, undefined, {
      retryAfterSeconds: seconds,
    });
  }
  const stored = await deps.adminUsers.passwordHash(user.tenantId, user.id);
  if (!stored || !(await deps.passwords.verify(input.currentPassword, stored))) {
    await deps.adminUsers.recordFailedSignIn(user.tenantId, user.id, LOCK_AFTER_FAILURES, new Date(now.getTime() + LOCK_MS), now);
    throw new DomainError('INVALID_CREDENTIALS', 'the current password is wrong', 'currentPassword');
  }
  await deps.adminUsers.update(user.tenantId, user.id, { passwordHash: await deps.passwords.hash(input.newPassword) }, now);
  await deps.adminUsers.revokeUserSessions(user.tenantId, user.id, now, sessionId);
}
