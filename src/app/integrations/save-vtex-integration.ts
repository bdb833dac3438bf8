// Saving the integration form (PUT: the whole form at once). Activation side effects — checking
// the keys, registering the order hook, starting imports — belong to the activation step; this
// only records `active` and, the first time it turns true, when that happened.
import { randomBytes } from 'node:crypto';
import { notFound } from '../../domain/errors';
import { applyActivation, localDate, validateVtexIntegration } from '../../domain/integration';
import type { Clock, SecretBox, VtexIntegrationStore } from '../ports';
import { secretContext, viewOf, type VtexIntegrationView } from './vtex-integration-view';

/**
 * Validates `body` as a whole form and saves it with the program's language, in one transaction.
 * Left out: appToken (and appKey) keep the stored ones. Errors: VALIDATION_FAILED naming every
 * invalid field (nothing saved), NOT_FOUND when the tenant does not exist.
 */
export async function saveVtexIntegration(
  deps: { vtexIntegrations: VtexIntegrationStore; secrets: SecretBox; clock: Clock },
  tenantId: string,
  body: unknown,
): Promise<VtexIntegrationView> {
  const now = deps.clock.now();
  const { secrets } = deps;
  const saved = await deps.vtexIntegrations.save(
    tenantId,
    (current, program) => {
      const today = localDate(now, program.timezone);
      const input = validateVtexIntegration(body, {
        today,
        programLanguage: program.language,
        storedAppKey: current ? secrets.open(current.appKeySealed, secretContext(tenantId, 'appKey')) : null,
        hasStoredAppToken: current !== null,
        storedOrdersImportSince: current?.settings.ordersImportSince ?? null,
      });
      const activation = applyActivation(input.settings, current?.firstActivatedAt ?? null, { at: now, today });
      const seal = (value: string, secret: 'appKey' | 'appToken' | 'hookSecret') => secrets.seal(value, secretContext(tenantId, secret));
      // validateVtexIntegration guarantees both secrets on the first save (current === null).
      return {
        settings: activation.settings,
        firstActivatedAt: activation.firstActivatedAt,
        appKeySealed: input.appKey !== undefined ? seal(input.appKey, 'appKey') : (current?.appKeySealed ?? ''),
        appTokenSealed: input.appToken !== undefined ? seal(input.appToken, 'appToken') : (current?.appTokenSealed ?? ''),
        // Generated once, at the first save, so the hook registered later keeps working across saves.
        hookSecretSealed: current?.hookSecretSealed ?? seal(randomBytes(32).toString('base64url'), 'hookSecret'),
      };
    },
    now,
  );
  if (!saved) throw notFound('program');
  return viewOf(saved, secrets);
}
