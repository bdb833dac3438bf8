// Saving the integration form (PUT: the whole form at once). Saving it active first checks the
// keys and registers the order hook in VTEX — before anything is written, and outside the
// database transaction, so a refusal saves nothing and no lock waits on VTEX. Saving it inactive
// after it was active removes the hook.
import { randomBytes } from 'node:crypto';
import { notFound } from '../../domain/errors';
import { applyActivation, localDate, validateVtexIntegration, type VtexIntegrationInput } from '../../domain/integration';
import type { Program } from '../../domain/program';
import type { Clock, OrderEventStore, SecretBox, StoredVtexIntegration, TenantStore, VtexConnection, VtexIntegrationStore } from '../ports';
import type { SyncJobStore } from '../sync/ports';
import { scheduleSync } from '../sync/schedule-sync';
import { connectVtex, disconnectVtex, type VtexLinkDeps } from './connect-vtex';
import { secretContext, viewOf, type VtexIntegrationView } from './vtex-integration-view';

type Deps = {
  vtexIntegrations: VtexIntegrationStore;
  tenants: TenantStore;
  secrets: SecretBox;
  clock: Clock;
  syncJobs: SyncJobStore;
  orderEvents: OrderEventStore;
} & VtexLinkDeps;

function validate(deps: Deps, tenantId: string, body: unknown, current: StoredVtexIntegration | null, program: Program, today: string) {
  return validateVtexIntegration(body, {
    today,
    programLanguage: program.language,
    storedAppKey: current ? deps.secrets.open(current.appKeySealed, secretContext(tenantId, 'appKey')) : null,
    hasStoredAppToken: current !== null,
    storedOrdersImportSince: current?.settings.ordersImportSince ?? null,
  });
}

function connectionOf(deps: Deps, tenantId: string, input: VtexIntegrationInput | null, current: StoredVtexIntegration | null): VtexConnection | null {
  const settings = input?.settings ?? current?.settings;
  const open = (sealed: string | undefined, secret: 'appKey' | 'appToken') =>
    sealed === undefined ? undefined : deps.secrets.open(sealed, secretContext(tenantId, secret));
  const appKey = input?.appKey ?? open(current?.appKeySealed, 'appKey');
  const appToken = input?.appToken ?? open(current?.appTokenSealed, 'appToken');
  if (!settings || !appKey || !appToken) return null;
  return { accountName: settings.accountName, environment: settings.environment, appKey, appToken };
}

/**
 * Validates `body` as a whole form and saves it with the program's language, in one transaction.
 * Left out: appToken (and appKey) keep the stored ones. Errors: VALIDATION_FAILED naming every
 * invalid field, or `active` with what VTEX refused (nothing saved either way); NOT_FOUND when
 * the tenant does not exist.
 */
export async function saveVtexIntegration(deps: Deps, tenantId: string, body: unknown): Promise<VtexIntegrationView> {
  const now = deps.clock.now();
  const { secrets } = deps;
  const [current, program] = await Promise.all([deps.vtexIntegrations.get(tenantId), deps.tenants.get(tenantId)]);
  if (!program) throw notFound('program');
  const input = validate(deps, tenantId, body, current, program, localDate(now, program.timezone));
  const hookSecret = current
    ? secrets.open(current.hookSecretSealed, secretContext(tenantId, 'hookSecret'))
    : randomBytes(32).toString('base64url');
  if (input.settings.active) {
    const connection = connectionOf(deps, tenantId, input, current);
    // validateVtexIntegration requires both secrets when nothing is stored, so this is set.
    if (connection) await connectVtex(deps, tenantId, connection, input.settings, hookSecret);
  } else if (current?.settings.active) {
    const connection = connectionOf(deps, tenantId, null, current);
    if (connection) await disconnectVtex(deps, connection);
  }

  const saved = await deps.vtexIntegrations.save(
    tenantId,
    (stored, locked) => {
      // Validated again under the lock: the form is judged against what is stored now.
      const today = localDate(now, locked.timezone);
      const valid = validate(deps, tenantId, body, stored, locked, today);
      const activation = applyActivation(valid.settings, stored?.firstActivatedAt ?? null, { at: now, today });
      const seal = (value: string, secret: 'appKey' | 'appToken' | 'hookSecret') => secrets.seal(value, secretContext(tenantId, secret));
      return {
        settings: activation.settings,
        firstActivatedAt: activation.firstActivatedAt,
        appKeySealed: valid.appKey !== undefined ? seal(valid.appKey, 'appKey') : (stored?.appKeySealed ?? ''),
        appTokenSealed: valid.appToken !== undefined ? seal(valid.appToken, 'appToken') : (stored?.appTokenSealed ?? ''),
        // Generated once, at the first save; the registered hook sends it with every notification.
        hookSecretSealed: stored?.hookSecretSealed ?? seal(hookSecret, 'hookSecret'),
      };
    },
    now,
  );
  if (!saved) throw notFound('program');
  await scheduleSync(deps, tenantId, saved.settings, now);
  // Saved active (perhaps with fixed keys): orders that failed for good get another try.
  if (saved.settings.active) await deps.orderEvents.retryFailed(tenantId, now);
  return viewOf(saved, secrets);
}
