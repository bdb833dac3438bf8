// What the store connection is doing: whether it is active, when VTEX last called the hook, and
// how the recorded order events stand — with the last error, so a merchant or an operator sees
// why an order was not credited without reading logs.
import type { OrderEventStore, VtexIntegrationStore } from '../ports';

export interface SyncStatus {
  integration: { active: boolean; accountName: string; firstActivatedAt: Date | null } | null;
  hook: { lastReceivedAt: Date | null };
  orderEvents: { pending: number; retrying: number; settled: number; failed: number; lastSettledAt: Date | null };
  lastError: { orderId: string; error: string; at: Date } | null;
}

export async function getSyncStatus(
  deps: { vtexIntegrations: VtexIntegrationStore; orderEvents: OrderEventStore },
  tenantId: string,
): Promise<SyncStatus> {
  const [stored, counts] = await Promise.all([deps.vtexIntegrations.get(tenantId), deps.orderEvents.counts(tenantId)]);
  return {
    integration: stored
      ? { active: stored.settings.active, accountName: stored.settings.accountName, firstActivatedAt: stored.firstActivatedAt }
      : null,
    hook: { lastReceivedAt: counts.lastHookAt },
    orderEvents: {
      pending: counts.pending,
      retrying: counts.retrying,
      settled: counts.settled,
      failed: counts.failed,
      lastSettledAt: counts.lastSettledAt,
    },
    lastError: counts.lastError,
  };
}
