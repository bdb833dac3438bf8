// The merchant asks for the product import now (after changing `rewardSkuIds`, say) instead of
// waiting for the next refresh. The worker runs it; the answer is the job as the sync status shows it.
import { DomainError } from '../../domain/errors';
import { jobStatus, type SyncJobStatus } from '../integrations/get-sync-status';
import type { Clock, VtexIntegrationStore } from '../ports';
import type { SyncJobStore } from '../sync/ports';

interface Deps {
  vtexIntegrations: VtexIntegrationStore;
  syncJobs: SyncJobStore;
  clock: Clock;
}

/**
 * Makes the tenant's `products.import` due now (a run already going on goes on). Errors:
 * VTEX_NOT_CONNECTED (no integration, or not active), PRODUCT_IMPORT_OFF (productsAreGifts or
 * importProducts is off).
 */
export async function startProductImport(deps: Deps, tenantId: string): Promise<SyncJobStatus> {
  const stored = await deps.vtexIntegrations.get(tenantId);
  if (!stored?.settings.active) {
    throw new DomainError('VTEX_NOT_CONNECTED', 'the VTEX integration is not active: save it with active true before importing products');
  }
  const { productsAreGifts, importProducts } = stored.settings;
  if (!productsAreGifts || !importProducts) {
    const off = [productsAreGifts ? null : 'productsAreGifts', importProducts ? null : 'importProducts'].filter((name) => name !== null);
    throw new DomainError('PRODUCT_IMPORT_OFF', `turn on ${off.join(' and ')} in the VTEX integration settings to import products`);
  }
  const now = deps.clock.now();
  await deps.syncJobs.runNow(tenantId, 'products.import', { checkpoint: {}, now });
  const job = (await deps.syncJobs.list(tenantId)).find((candidate) => candidate.kind === 'products.import');
  if (!job) throw new Error('the products.import job was not recorded');
  return jobStatus(job, true, now);
}
