// Settles recorded order events for every tenant: the work the hook receiver queued. Events are
// rows in order_events, so nothing queued is lost when a process dies; each step is idempotent,
// so a second process or a second run changes nothing twice. One tenant that cannot be worked on
// (its stored keys unreadable, say) does not hold up the others: its error is raised after them.
import { BusyOrders, ORDER_BATCH, processOrderEvents } from '../app/orders/process-order-events';
import type { Container } from '../main/container';
import { failureText } from '../app/failure-text';

/** Batches of one tenant settled at once, on different orders. */
const LANES = 2;

export async function settleOrderEvents(
  container: Container,
  scope: { tenantIds?: string[]; signal?: AbortSignal; lease?: { owner: string; leaseMs: number } } = {},
) {
  const total = { settled: 0, failed: 0 };
  const errors: unknown[] = [];
  for (const tenantId of scope.tenantIds ?? (await container.tenants.listIds())) {
    try {
      // Two batches at a time, on different orders: one reads its orders from VTEX while the
      // other writes, so neither VTEX nor the database waits for the other.
      const busyOrders = new BusyOrders();
      const lane = async () => {
        for (;;) {
          if (scope.signal?.aborted) return;
          const result = await processOrderEvents(container, tenantId, { busyOrders, ...(scope.lease ? { lease: scope.lease } : {}) });
          total.settled += result.settled;
          total.failed += result.failed;
          if (result.settled + result.failed < ORDER_BATCH) return;
        }
      };
      // Both lanes end before the next tenant (or the caller) goes on, even when one fails.
      const lanes = await Promise.allSettled(Array.from({ length: LANES }, lane));
      const failed = lanes.find((outcome) => outcome.status === 'rejected');
      if (failed) throw failed.reason;
      if (scope.signal?.aborted) return total;
    } catch (error) {
      errors.push(new Error(`order events of tenant ${tenantId}: ${failureText(error)}`, { cause: error }));
    }
  }
  if (errors.length > 0) throw new AggregateError(errors, `order events failed for ${errors.length} tenant(s); ${total.settled} settled for the others`);
  return total;
}
