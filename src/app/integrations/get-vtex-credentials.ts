// The decrypted credentials, for the server-side steps that call VTEX or check the hook header.
// Never for an API response or a log line.
import type { SecretBox, StoredVtexIntegration, VtexIntegrationStore } from '../ports';
import { secretContext } from './vtex-integration-view';

export interface VtexCredentials {
  accountName: string;
  environment: string;
  appKey: string;
  appToken: string;
  hookSecret: string;
}

/** Null before the first save. Errors: the secret box's, when a sealed value does not open. */
export async function getVtexCredentials(
  deps: { vtexIntegrations: VtexIntegrationStore; secrets: SecretBox },
  tenantId: string,
): Promise<VtexCredentials | null> {
  const stored = await deps.vtexIntegrations.get(tenantId);
  return stored ? openVtexCredentials(deps, tenantId, stored) : null;
}

/** The same, from an integration the caller has already read. */
export function openVtexCredentials(deps: { secrets: SecretBox }, tenantId: string, stored: StoredVtexIntegration): VtexCredentials {
  const open = (sealed: string, secret: 'appKey' | 'appToken' | 'hookSecret') => deps.secrets.open(sealed, secretContext(tenantId, secret));
  return {
    accountName: stored.settings.accountName,
    environment: stored.settings.environment,
    appKey: open(stored.appKeySealed, 'appKey'),
    appToken: open(stored.appTokenSealed, 'appToken'),
    hookSecret: open(stored.hookSecretSealed, 'hookSecret'),
  };
}
