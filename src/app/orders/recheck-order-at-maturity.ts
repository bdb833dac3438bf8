// Before an order's points become available the order is read again: a cancellation or a return
// whose hook was lost is applied first, so points are never released for an order that was undone.
import type { OrderContext, OrderDeps } from './process-order-events';
import { applyOrderReversals, orderContext } from './process-order-events';

export type MaturityCheck = 'mature' | 'wait';

/**
 * 'mature' once the order was read and any reversal applied (maturing moves what is left), or when
 * the program has no VTEX integration to read from (points earned through the API); 'wait' while
 * the integration is inactive or VTEX cannot be read now — the next sweep tries again.
 */
export async function recheckOrderAtMaturity(
  deps: OrderDeps,
  /** Per sweep, made once per tenant however many lanes ask at once: undefined = no integration, null = inactive. */
  contexts: Map<string, Promise<OrderContext | null | undefined>>,
  tenantId: string,
  reference: string,
): Promise<MaturityCheck> {
  if (!reference.startsWith('order:')) return 'mature';
  let made = contexts.get(tenantId);
  if (!made) {
    made = (async () => ((await deps.vtexIntegrations.get(tenantId)) !== null ? await orderContext(deps, tenantId) : undefined))();
    contexts.set(tenantId, made);
  }
  const context = await made;
  if (context === undefined) return 'mature';
  if (context === null) return 'wait';
  const read = await context.reader.getOrder(reference.slice('order:'.length));
  if (!read.ok) return read.retryable ? 'wait' : 'mature';
  await applyOrderReversals(deps, context, read.value);
  return 'mature';
}
