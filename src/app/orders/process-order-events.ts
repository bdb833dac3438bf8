// The order job: each recorded order event is settled against the order as VTEX has it now. The
// first time an order is seen in a scoring status it earns (pending until status time + the
// credit delay); a cancelled order gives back what it earned; returns give back what the refunded
// value had earned. Every ledger step has a key derived from the order, so events delivered twice,
// out of order or after another event already handled the change produce one award.
import { DomainError } from '../../domain/errors';
import type { Earning } from '../../domain/ledger/commands';
import { awardFor, CANCELLED_STATUSES, pointsKeptAfterReturns } from '../../domain/scoring';
import { reachedScoringStatus } from '../../domain/vtex-order-status';
import { earnPoints } from '../ledger/earn-points';
import { reversePoints } from '../ledger/reverse-points';
import type { LedgerDeps } from '../ledger/run-ledger-command';
import { getVtexCredentials } from '../integrations/get-vtex-credentials';
import type { MemberStore, OrderEventStore, OrderFacts, PendingOrderEvent, SecretBox, TenantStore, VtexIntegrationStore, VtexOrderReader, VtexOrderReaderFactory } from '../ports';
import type { VtexIntegrationSettings } from '../../domain/integration';
import { OrderProcessingError, resolveOrderMember } from './resolve-order-member';

export type OrderDeps = LedgerDeps & {
  members: MemberStore;
  tenants: TenantStore;
  vtexIntegrations: VtexIntegrationStore;
  secrets: SecretBox;
  orderEvents: OrderEventStore;
  vtexOrders: VtexOrderReaderFactory;
};

const DAY_MS = 86_400_000;
const MAX_ATTEMPTS = 8;
const retryDelayMs = (attempts: number) => Math.min(60 * 60_000, 30_000 * 2 ** attempts);
/** VTEX refused the key: no point asking again soon. */
const REFUSED_RETRY_MS = 60 * 60_000;

export interface OrderContext {
  tenantId: string;
  settings: VtexIntegrationSettings;
  rate: string;
  reader: VtexOrderReader;
}
type Context = OrderContext;

/** The tenant's connection for order work; null while the integration is missing or inactive. */
export async function orderContext(deps: OrderDeps, tenantId: string): Promise<OrderContext | null> {
  const stored = await deps.vtexIntegrations.get(tenantId);
  if (!stored?.settings.active) return null;
  const [credentials, program] = await Promise.all([getVtexCredentials(deps, tenantId), deps.tenants.get(tenantId)]);
  if (!credentials || !program) return null;
  return { tenantId, settings: stored.settings, rate: program.pointsPerCurrencyUnit.toFixed(4), reader: deps.vtexOrders(credentials) };
}

/**
 * Gives back what the order's current state says it should: all that is left when it is
 * cancelled, what the refunded value earned after returns. Returns what it did, or null.
 */
export async function applyOrderReversals(deps: OrderDeps, context: Context, order: OrderFacts): Promise<string | null> {
  // Neither cancelled nor returned: nothing to give back, and no need to read the earning.
  if (!CANCELLED_STATUSES.includes(order.status) && order.refundedCents <= 0) return null;
  const reference = `order:${order.orderId}`;
  const earning = await deps.ledger.earningByReference(context.tenantId, reference);
  if (!earning) return null;
  if (CANCELLED_STATUSES.includes(order.status)) {
    const reversed = await reverseAbove(deps, context, earning, 0, `reverse:${reference}:cancel`, `order ${order.status}`);
    return reversed > 0 ? `cancelled: reversed ${reversed}` : null;
  }
  if (order.refundedCents <= 0) return null;
  const eligibleCents = Number(earning.metadata.eligibleCents);
  const rate = String(earning.metadata.rate);
  const keep = Number.isSafeInteger(eligibleCents) ? pointsKeptAfterReturns({ eligibleCents, rate, points: earning.points }, order.refundedCents) : 0;
  const reversed = await reverseAbove(deps, context, earning, keep, `reverse:${reference}:refunded:${order.refundedCents}`, `returned ${order.refundedCents} cents`);
  return reversed > 0 ? `returned: reversed ${reversed}` : null;
}

/** Reverses what the earning has left above `keep`. */
async function reverseAbove(deps: OrderDeps, context: Context, earning: Earning, keep: number, key: string, reason: string): Promise<number> {
  const left = earning.points - earning.reversedPoints;
  if (left <= keep) return 0;
  const result = await reversePoints(deps, { tenantId: context.tenantId, earningId: earning.id, points: left - keep, reason, idempotencyKey: key });
  return result.transaction.points;
}

/** When the order reached the status that scores: the invoice date, the event's time, or now. */
function statusTime(order: OrderFacts, event: PendingOrderEvent, status: string, now: Date): string {
  const invoicedAt = order.invoicedDate && !Number.isNaN(Date.parse(order.invoicedDate)) ? order.invoicedDate : null;
  if (status === 'invoiced' && invoicedAt) return invoicedAt;
  if (event.state === status && !Number.isNaN(Date.parse(event.lastChange))) return event.lastChange;
  // Seen only further along (a listed order, a lost hook): it was there by the time it was invoiced.
  if (order.status !== status && invoicedAt) return invoicedAt;
  return now.toISOString();
}

/** `awarded`: whether the order had an earning when its batch was read (saves a read per order). */
/** What settling an event did, and whether the order has an award now. */
interface Settled {
  outcome: string;
  awarded: boolean;
}

async function settleOrder(deps: OrderDeps, context: Context, event: PendingOrderEvent, awarded: boolean): Promise<Settled> {
  const read = await context.reader.getOrder(event.orderId);
  if (!read.ok) throw new OrderProcessingError(`reading the order: ${read.message}`, read.retryable, read.refused !== undefined);
  const order = read.value;
  const reference = `order:${order.orderId}`;
  if (CANCELLED_STATUSES.includes(order.status)) {
    return { outcome: (await applyOrderReversals(deps, context, order)) ?? 'cancelled: nothing to reverse', awarded };
  }
  const outcomes: string[] = [];
  let hasAward = awarded;
  const scoring = context.settings.scoringStatuses as string[];
  // The event says the order reached its state even if it has moved on since (handling → invoiced);
  // an order seen further along the workflow has passed the scoring status on its way.
  const scoredStatus = reachedScoringStatus(event.state, scoring) ?? reachedScoringStatus(order.status, scoring);
  if (!hasAward && scoredStatus) {
    const award = awardFor(order, { rate: context.rate, includeShipping: context.settings.includeShipping });
    if (award.points === 0) return { outcome: `status ${scoredStatus}: the eligible value earns no points`, awarded: false };
    const member = await resolveOrderMember(deps, context.reader, context.tenantId, order);
    const statusAt = statusTime(order, event, scoredStatus, deps.clock.now());
    const dueAt = new Date(Date.parse(statusAt) + context.settings.creditDelayDays * DAY_MS);
    try {
      const earned = await earnPoints(deps, {
        tenantId: context.tenantId,
        memberId: member.id,
        points: award.points,
        reference,
        dueAt,
        idempotencyKey: `earn:${reference}`,
        details: {
          orderId: order.orderId,
          status: scoredStatus,
          statusAt,
          itemsCents: order.itemsCents,
          discountsCents: order.discountsCents,
          shippingCents: order.shippingCents,
          eligibleCents: award.eligibleCents,
          rate: award.rate,
          includeShipping: award.includeShipping ? 1 : 0,
        },
      });
      outcomes.push(`earned ${earned.transaction.points}`);
    } catch (error) {
      // Another worker awarded this order first (its input differs only by timing): one award.
      if (!(error instanceof DomainError && error.code === 'IDEMPOTENCY_CONFLICT')) throw error;
    }
    hasAward = true;
  }
  if (hasAward) {
    const reversals = await applyOrderReversals(deps, context, order);
    if (reversals) outcomes.push(reversals);
  }
  if (outcomes.length > 0) return { outcome: outcomes.join('; '), awarded: hasAward };
  return { outcome: hasAward ? `status ${order.status}: already awarded` : `status ${order.status}: does not score`, awarded: hasAward };
}

/** Order events settled at once per tenant: VTEX reads overlap (the client caps them per tenant). */
const CONCURRENT_ORDERS = 8;

/**
 * Settles the tenant's due order events, at most `limit`. Does nothing while the integration is
 * inactive (events wait: reactivating resumes them). Different orders are settled concurrently,
 * one order's events in the order they arrived. A VTEX failure that may pass is retried with
 * back-off; one that will not (or after MAX_ATTEMPTS) settles the event as failed with the reason.
 */
export async function processOrderEvents(deps: OrderDeps, tenantId: string, limit = 100): Promise<{ settled: number; failed: number }> {
  const context = await orderContext(deps, tenantId);
  if (!context) return { settled: 0, failed: 0 };
  const result = { settled: 0, failed: 0 };
  const events = await deps.orderEvents.pending(tenantId, deps.clock.now(), limit);
  const awarded = await deps.ledger.referencesWithEarnings(tenantId, [...new Set(events.map((event) => `order:${event.orderId}`))]);
  const byOrder = new Map<string, PendingOrderEvent[]>();
  for (const event of events) byOrder.set(event.orderId, [...(byOrder.get(event.orderId) ?? []), event]);
  const queue = [...byOrder.values()];
  const settled: { eventId: string; outcome: string }[] = [];
  const settleNext = async (): Promise<void> => {
    for (let orderEvents = queue.shift(); orderEvents; orderEvents = queue.shift()) {
      for (const event of orderEvents) {
        const done = await settleEvent(deps, context, event, awarded.has(`order:${event.orderId}`));
        if (done === null) {
          result.failed++;
          continue;
        }
        result.settled++;
        settled.push({ eventId: event.id, outcome: done.outcome });
        // A later event of the same order finds the award this one made.
        if (done.awarded) awarded.add(`order:${event.orderId}`);
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(CONCURRENT_ORDERS, queue.length) }, settleNext));
  // One write for the batch: a crash before it only means these events are settled again, which
  // the ledger's keys make a no-op.
  await deps.orderEvents.settleMany(tenantId, settled, deps.clock.now());
  return result;
}

/** The outcome when settled; null when the attempt failed (retried later, or given up). */
async function settleEvent(deps: OrderDeps, context: Context, event: PendingOrderEvent, awarded: boolean): Promise<Settled | null> {
  const { tenantId } = context;
  try {
    return await settleOrder(deps, context, event, awarded);
  } catch (error) {
    const refused = error instanceof OrderProcessingError && error.refused;
    const retryable = refused || (error instanceof OrderProcessingError ? error.retryable : !(error instanceof DomainError));
    const now = deps.clock.now();
    const delayMs = refused ? REFUSED_RETRY_MS : retryDelayMs(event.attempts);
    const retryAt = retryable && event.attempts + 1 < MAX_ATTEMPTS ? new Date(now.getTime() + delayMs) : null;
    await deps.orderEvents.fail(tenantId, event.id, error instanceof Error ? error.message : String(error), retryAt, now);
    return null;
  }
}
