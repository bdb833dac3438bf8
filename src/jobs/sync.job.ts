// The imports and periodic VTEX jobs (customer import and deltas, order history import and
// reconciliation) for every tenant: claims due jobs by lease and runs them in slices.
import { hostname } from 'node:os';
import { randomBytes } from 'node:crypto';
import { runSyncJobs, type SyncRunOptions } from '../app/sync/run-sync-jobs';
import { scheduleSync } from '../app/sync/schedule-sync';
import type { Container } from '../main/container';

export function syncRunOptions(overrides: Partial<SyncRunOptions> = {}): SyncRunOptions {
  return {
    owner: `${hostname()}:${process.pid}:${randomBytes(4).toString('hex')}`,
    leaseMs: 60_000,
    sliceMs: 10_000,
    ...overrides,
  };
}

export async function runSync(container: Container, options: SyncRunOptions, budgetMs = 30_000) {
  return { slices: await runSyncJobs(container, options, budgetMs) };
}

/**
 * Makes sure every active integration has its jobs, for a save whose process died between
 * writing the settings and queueing the jobs. Idempotent: existing jobs are left as they are.
 */
export async function ensureSyncJobs(container: Container) {
  let tenants = 0;
  for (const tenantId of await container.tenants.listIds()) {
    const stored = await container.vtexIntegrations.get(tenantId);
    if (!stored?.settings.active) continue;
    await scheduleSync(container, tenantId, stored.settings, container.clock.now());
    tenants++;
  }
  return { tenants };
}
