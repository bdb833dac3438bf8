// Settles recorded order events for every tenant: the work the hook receiver queued. Events are
// rows in order_events, so nothing queued is lost when a process dies; each step is idempotent,
// so a second process or a second run changes nothing twice. One tenant that cannot be worked on
// (its stored keys unreadable, say) does not hold up the others: its error is raised after them.
import { processOrderEvents } from '../app/orders/process-order-events';
import type { Container } from '../main/container';

export async function settleOrderEvents(container: Container, scope: { tenantIds?: string[]; signal?: AbortSignal } = {}) {
  const total = { settled: 0, failed: 0 };
  const errors: unknown[] = [];
  for (const tenantId of scope.tenantIds ?? (await container.tenants.listIds())) {
    try {
      for (;;) {
        if (scope.signal?.aborted) return total;
        const result = await processOrderEvents(container, tenantId);
        total.settled += result.settled;
        total.failed += result.failed;
        if (result.settled + result.failed < 100) break;
      }
    } catch (error) {
      errors.push(new Error(`order events of tenant ${tenantId}: ${error instanceof Error ? error.message : String(error)}`, { cause: error }));
    }
  }
  if (errors.length > 0) throw new AggregateError(errors, `order events failed for ${errors.length} tenant(s); ${total.settled} settled for the others`);
  return total;
}
