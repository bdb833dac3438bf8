import { notFound } from '../../domain/errors';
import type { SecretBox, VtexIntegrationStore } from '../ports';
import { viewOf, type VtexIntegrationView } from './vtex-integration-view';

/** The tenant's VTEX integration, secrets masked. Errors: NOT_FOUND before the first save. */
export async function getVtexIntegration(
  deps: { vtexIntegrations: VtexIntegrationStore; secrets: SecretBox },
  tenantId: string,
): Promise<VtexIntegrationView> {
  const stored = await deps.vtexIntegrations.get(tenantId);
  if (!stored) throw notFound('VTEX integration');
  return viewOf(stored, deps.secrets);
}
