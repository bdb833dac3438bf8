// What the API shows of a tenant's VTEX integration: the settings, the appKey masked, whether an
// appToken is stored — never a secret itself.
import { maskAppKey, type VtexIntegrationSettings } from '../../domain/integration';
import type { SecretBox, StoredVtexIntegration } from '../ports';

export interface VtexIntegrationView extends VtexIntegrationSettings {
  appKey: string;
  appTokenSet: boolean;
  firstActivatedAt: Date | null;
  createdAt: Date;
  updatedAt: Date;
}

/** The associated data a secret is sealed with: it ties the value to its tenant and column. */
export const secretContext = (tenantId: string, secret: 'appKey' | 'appToken' | 'hookSecret') => `${tenantId}:vtex.${secret}`;

export function viewOf(stored: StoredVtexIntegration, secrets: SecretBox): VtexIntegrationView {
  return {
    ...stored.settings,
    appKey: maskAppKey(secrets.open(stored.appKeySealed, secretContext(stored.tenantId, 'appKey'))),
    appTokenSet: stored.appTokenSealed.length > 0,
    firstActivatedAt: stored.firstActivatedAt,
    createdAt: stored.createdAt,
    updatedAt: stored.updatedAt,
  };
}
