// What saving the integration starts or stops. Active: the imports the toggles enable (each only
// once — a finished import is not repeated on reactivation) and the reconciliation. A toggle
// turned off stops its jobs, keeping their checkpoints; turned on again, they resume. Deactivation
// needs nothing here: jobs of an inactive integration are never claimed.
import type { VtexIntegrationSettings } from '../../domain/integration';
import type { SyncJobStore } from './ports';
import { RECONCILE_EVERY_MS } from './order-listing';

export async function scheduleSync(deps: { syncJobs: SyncJobStore }, tenantId: string, settings: VtexIntegrationSettings, now: Date): Promise<void> {
  if (!settings.active) return;
  const jobs = await deps.syncJobs.list(tenantId);
  const customerImportDone = jobs.some((job) => job.kind === 'customers.import' && job.state === 'done');
  if (settings.importCustomers) {
    if (customerImportDone) await deps.syncJobs.schedule(tenantId, 'customers.delta', { checkpoint: {}, runAfter: now });
    else await deps.syncJobs.schedule(tenantId, 'customers.import', { checkpoint: {}, runAfter: now });
  } else {
    await deps.syncJobs.stop(tenantId, 'customers.import', now);
    await deps.syncJobs.stop(tenantId, 'customers.delta', now);
  }
  if (settings.importOrders) {
    // The history ends where the hook takes over: orders created from now on arrive by hook.
    await deps.syncJobs.schedule(tenantId, 'orders.import', { checkpoint: { until: now.toISOString() }, runAfter: now });
  } else {
    await deps.syncJobs.stop(tenantId, 'orders.import', now);
  }
  // Periodic: the first run imports the products, the later ones refresh them.
  if (settings.productsAreGifts && settings.importProducts) {
    await deps.syncJobs.schedule(tenantId, 'products.import', { checkpoint: {}, runAfter: now });
  } else {
    await deps.syncJobs.stop(tenantId, 'products.import', now);
  }
  await deps.syncJobs.schedule(tenantId, 'orders.reconcile', {
    checkpoint: { since: now.toISOString() },
    runAfter: new Date(now.getTime() + RECONCILE_EVERY_MS),
  });
}
