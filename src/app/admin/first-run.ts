// The first run of a new deployment: while no panel user exists, /admin/setup creates the first
// store and its first user. The setup asks for a token derived from the deployment's secret key
// and printed in the server's log, so a stranger who finds a fresh server cannot claim it.
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { DomainError, invalid, invalidFields, type FieldError } from '../../domain/errors';
import { validateAdminUser } from '../../domain/admin-user';
import { validateProgramChanges, type Language, type Program } from '../../domain/program';
import { newId } from '../ids';
import type { Clock, SecretBox, TenantStore } from '../ports';
import { issueApiKey } from '../tenants/api-keys';
import type { AdminUser, AdminUserStore, PasswordHasher } from './ports';
import { startSession, type SignedIn } from './sessions';

interface FirstRunDeps {
  adminUsers: AdminUserStore;
  tenants: TenantStore;
  passwords: PasswordHasher;
  secrets: SecretBox;
  clock: Clock;
}

/** The same for every process sharing the secret key; changes when the key does. */
export const setupToken = (secrets: SecretBox) => secrets.sign('first-run-setup', 'admin-setup');

export const isSetupNeeded = async (deps: { adminUsers: AdminUserStore }) => !(await deps.adminUsers.anyUser());

export interface SetupInput {
  token: string;
  storeName: unknown;
  name: unknown;
  email: unknown;
  password: unknown;
  language: unknown;
}

/**
 * Errors: VALIDATION_FAILED (every invalid field), INVALID_CREDENTIALS (wrong token),
 * INVALID_STATE (the setup is done: a user exists).
 */
export async function setUp(deps: FirstRunDeps, input: SetupInput): Promise<SignedIn> {
  if (!(await isSetupNeeded(deps))) throw new DomainError('INVALID_STATE', 'this server is already set up: sign in');
  const given = Buffer.from(input.token);
  const expected = Buffer.from(setupToken(deps.secrets));
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
    throw new DomainError('INVALID_CREDENTIALS', 'the setup token is wrong: use the link the server printed when it started', 'token');
  }
  const errors: FieldError[] = [];
  const collect = <T>(work: () => T): T | undefined => {
    try {
      return work();
    } catch (error) {
      if (error instanceof DomainError && error.errors) errors.push(...error.errors);
      else throw error;
      return undefined;
    }
  };
  const storeName = typeof input.storeName === 'string' ? input.storeName.trim() : '';
  if (storeName.length === 0 || storeName.length > 100) errors.push({ field: 'storeName', message: 'must be 1 to 100 characters' });
  const program = collect(() => validateProgramChanges({ language: input.language as Language }));
  const user = collect(() => validateAdminUser({ name: input.name, email: input.email, password: input.password }, ['name', 'email', 'password']));
  if (errors.length > 0 || !program || !user) throw errors.length > 0 ? invalidFields(errors) : invalid('body', 'is invalid');

  const now = deps.clock.now();
  const tenantId = newId('ten', now.getTime());
  const tenant: Program = {
    tenantId,
    name: storeName,
    pointsNameSingular: 'ponto',
    pointsNamePlural: 'pontos',
    pointsPerCurrencyUnit: 1,
    language: program.language ?? 'pt-BR',
    timezone: 'America/Sao_Paulo',
    pointsExpiryDays: null,
    rewardCostFactor: 1,
    expiredCouponsReturnPoints: false,
    brandColor: '#0f766e',
    logoUrl: null,
    emailTypesOff: [],
    publicKey: `pk_${randomBytes(16).toString('hex')}`,
    rulesText: null,
    createdAt: now,
    updatedAt: now,
  };
  const adminUser: AdminUser = {
    tenantId,
    id: newId('usr', now.getTime()),
    email: user.email as string,
    name: user.name as string,
    language: null,
    failedSignIns: 0,
    lockedUntil: null,
    lastSignInAt: now,
    disabledAt: null,
    createdAt: now,
    updatedAt: now,
  };
  const key = issueApiKey(tenantId);
  const tenantOfUser = await deps.adminUsers.createFirst(
    tenant,
    { id: key.id, name: 'First API key', secretHash: key.secretHash },
    adminUser,
    await deps.passwords.hash(user.password as string),
  );
  if (!tenantOfUser) throw new DomainError('INVALID_STATE', 'this server is already set up: sign in');
  return startSession(deps, { ...adminUser, tenantId: tenantOfUser });
}
