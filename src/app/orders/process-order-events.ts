// The order job: each recorded order event is settled against the order as VTEX has it now. The
// first time an order is seen in a scoring status it earns (pending until status time + the
// credit delay); a cancelled order gives back what it earned; returns give back what the refunded
// value had earned. Every ledger step has a key derived from the order, so events delivered twice,
// out of order or after another event already handled the change produce one award.
import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import { DomainError } from '../../domain/errors';
import type { Earning } from '../../domain/ledger/commands';
import { awardFor, CANCELLED_STATUSES, pointsKeptAfterReturns } from '../../domain/scoring';
import { reachedScoringStatus } from '../../domain/vtex-order-status';
import { earnPointsMany } from '../ledger/earn-points';
import { reversePoints } from '../ledger/reverse-points';
import type { LedgerDeps } from '../ledger/run-ledger-command';
import { getVtexCredentials } from '../integrations/get-vtex-credentials';
import type { MemberStore, OrderEventStore, OrderFacts, PendingOrderEvent, SecretBox, TenantStore, VtexIntegrationStore, VtexOrderReader, VtexOrderReaderFactory } from '../ports';
import type { VtexIntegrationSettings } from '../../domain/integration';
import type { Member } from '../../domain/member';
import { OrderProcessingError, resolveOrderMember } from './resolve-order-member';
import type { RedemptionStore } from '../rewards/ports';
import { failureText } from '../failure-text';

export type OrderDeps = LedgerDeps & {
  members: MemberStore;
  tenants: TenantStore;
  vtexIntegrations: VtexIntegrationStore;
  secrets: SecretBox;
  orderEvents: OrderEventStore;
  vtexOrders: VtexOrderReaderFactory;
  redemptions: Pick<RedemptionStore, 'markUsed'>;
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

/** One order's due events in the batch, settled together against the order as VTEX has it. */
interface OrderWork {
  orderId: string;
  events: PendingOrderEvent[];
  /** Whether the order had an earning when the batch was read. */
  awarded: boolean;
  order?: OrderFacts;
  /** Set once the order's settling failed: its events are retried (or given up) with this. */
  error?: unknown;
  outcomes: string[];
  earn?: { scoredStatus: string; statusAt: string; award: ReturnType<typeof awardFor>; member?: Member };
}

/** Order events settled at once per tenant: VTEX reads overlap (the client caps them per tenant). */
const CONCURRENT_ORDERS = 8;
/** Earning orders written together (one member look-up, one ledger statement). */
const EARN_CHUNK = 25;

/** Runs `work` over the items, at most `limit` at a time. */
async function eachConcurrently<T>(items: T[], limit: number, work: (item: T) => Promise<void>): Promise<void> {
  const queue = [...items];
  const next = async (): Promise<void> => {
    for (let item = queue.shift(); item !== undefined; item = queue.shift()) await work(item);
  };
  await Promise.all(Array.from({ length: Math.min(limit, queue.length) }, next));
}

/** Catches a failure of one order's step so the rest of the batch goes on. */
const guarded = (step: (work: OrderWork) => Promise<void>) => async (work: OrderWork) => {
  if (work.error !== undefined) return;
  try {
    await step(work);
  } catch (error) {
    work.error = error;
  }
};

/** Reads the order; decides whether it earns now and from when (what, not yet for whom). */
async function readAndPlan(deps: OrderDeps, context: Context, work: OrderWork): Promise<void> {
  const read = await context.reader.getOrder(work.orderId);
  if (!read.ok) throw new OrderProcessingError(`reading the order: ${read.message}`, read.retryable, read.refused !== undefined);
  const order = (work.order = read.value);
  if (work.awarded || CANCELLED_STATUSES.includes(order.status)) return;
  const scoring = context.settings.scoringStatuses as string[];
  // An event says the order reached its state even if it has moved on since (handling → invoiced);
  // an order seen further along the workflow has passed the scoring status on its way.
  const scoringEvent = work.events.find((event) => reachedScoringStatus(event.state, scoring) !== null);
  const scoredStatus = (scoringEvent && reachedScoringStatus(scoringEvent.state, scoring)) ?? reachedScoringStatus(order.status, scoring);
  if (!scoredStatus) return;
  const award = awardFor(order, { rate: context.rate, includeShipping: context.settings.includeShipping });
  if (award.points === 0) {
    work.outcomes.push(`status ${scoredStatus}: the eligible value earns no points`);
    return;
  }
  const statusAt = statusTime(order, scoringEvent ?? work.events[0]!, scoredStatus, deps.clock.now());
  work.earn = { scoredStatus, statusAt, award };
}

/** The members of the orders that earn: one look-up for those already linked, then the others one by one. */
async function findMembers(deps: OrderDeps, context: Context, earning: OrderWork[]): Promise<void> {
  const userIds = [...new Set(earning.flatMap((work) => (work.order?.userProfileId ? [work.order.userProfileId] : [])))];
  const linked = await deps.members.findByVtexUserIds(context.tenantId, userIds);
  const missing: OrderWork[] = [];
  for (const work of earning) {
    const member = work.order?.userProfileId ? linked.get(work.order.userProfileId) : undefined;
    if (member && work.earn) work.earn.member = member;
    else missing.push(work);
  }
  await eachConcurrently(
    missing,
    CONCURRENT_ORDERS,
    guarded(async (work) => {
      if (work.earn && work.order) work.earn.member = await resolveOrderMember(deps, context.reader, context.tenantId, work.order);
    }),
  );
}

/** Finds the members of a chunk of earning orders and writes their earns; never rejects. */
async function writeEarns(deps: OrderDeps, context: Context, chunk: OrderWork[]): Promise<void> {
  try {
    await findMembers(deps, context, chunk);
    await earnAll(deps, context, chunk);
  } catch (error) {
    for (const work of chunk) if (work.error === undefined && !work.awarded) work.error = error;
  }
}

/** The earns of a chunk in one ledger write. */
async function earnAll(deps: OrderDeps, context: Context, earning: OrderWork[]): Promise<void> {
  const ready = earning.filter((work) => work.error === undefined && work.earn?.member && work.order);
  const results = await earnPointsMany(
    deps,
    context.tenantId,
    ready.map((work) => {
      const { order, earn } = work as Required<Pick<OrderWork, 'order' | 'earn'>>;
      const reference = `order:${order.orderId}`;
      return {
        tenantId: context.tenantId,
        memberId: earn.member!.id,
        points: earn.award.points,
        reference,
        dueAt: new Date(Date.parse(earn.statusAt) + context.settings.creditDelayDays * DAY_MS),
        idempotencyKey: `earn:${reference}`,
        details: {
          orderId: order.orderId,
          status: earn.scoredStatus,
          statusAt: earn.statusAt,
          itemsCents: order.itemsCents,
          discountsCents: order.discountsCents,
          shippingCents: order.shippingCents,
          eligibleCents: earn.award.eligibleCents,
          rate: earn.award.rate,
          includeShipping: earn.award.includeShipping ? 1 : 0,
        },
      };
    }),
  );
  ready.forEach((work, index) => {
    const result = results[index]!;
    if (!(result instanceof Error)) work.outcomes.push(result.replayed ? 'already awarded' : `earned ${result.transaction.points}`);
    // Another worker awarded this order first (its input differs only by timing): one award.
    else if (!(result instanceof DomainError && result.code === 'IDEMPOTENCY_CONFLICT')) {
      work.error = result;
      return;
    }
    work.awarded = true;
  });
}

/**
 * A reward's coupon in an order's marketingData marks its redemption used, with the order.
 * An order whose read failed is left for its retry; a failure here fails the batch's coupon orders.
 */
async function markCouponsUsed(deps: OrderDeps, context: Context, orders: OrderWork[]): Promise<void> {
  const withCoupon = orders.filter((work) => work.error === undefined && work.order?.coupon);
  if (withCoupon.length === 0) return;
  try {
    const marked = await deps.redemptions.markUsed(
      context.tenantId,
      withCoupon.map((work) => ({ couponCode: work.order!.coupon!, orderId: work.orderId })),
      deps.clock.now(),
    );
    const byOrder = new Map(withCoupon.map((work) => [work.orderId, work]));
    for (const redemption of marked) byOrder.get(redemption.orderId ?? '')?.outcomes.push(`used the coupon of redemption ${redemption.id}`);
  } catch (error) {
    for (const work of withCoupon) work.error = error;
  }
}

/** Order events read per batch. */
export const ORDER_BATCH = 100;

/**
 * The orders that batches of this process are settling, so that batches running side by side
 * never hold events of the same order: a batch picks its events alone, leaving out busy orders,
 * and its orders stay busy until it has settled them.
 */
export class BusyOrders {
  private readonly orders = new Set<string>();
  private picking: Promise<unknown> = Promise.resolve();

  /** Runs `pick` once no other batch is picking; the orders of the events it answers become busy. */
  pick(pick: (busy: readonly string[]) => Promise<PendingOrderEvent[]>): Promise<PendingOrderEvent[]> {
    const picked = this.picking.then(async () => {
      const events = await pick([...this.orders]);
      for (const event of events) this.orders.add(event.orderId);
      return events;
    });
    this.picking = picked.catch(() => undefined);
    return picked;
  }

  release(orderIds: Iterable<string>): void {
    for (const orderId of orderIds) this.orders.delete(orderId);
  }
}

/** Who claims events in this process, unless the caller names another owner. */
const PROCESS_OWNER = `${hostname()}:${process.pid}:${randomBytes(4).toString('hex')}`;
/** A batch's VTEX reads take seconds; a dead worker's claims run out after this. */
export const ORDER_CLAIM_MS = 60_000;

export interface BatchOptions {
  /** At most this many events (default ORDER_BATCH). */
  limit?: number;
  /** Whose claim the events are under, for how long (default: this process, ORDER_CLAIM_MS). */
  lease?: { owner: string; leaseMs: number };
  /** Shared by the batches of one tenant that run side by side. */
  busyOrders?: BusyOrders;
}

/**
 * Settles the tenant's due order events, at most `limit`. Does nothing while the integration is
 * inactive (events wait: reactivating resumes them). The batch's orders are read concurrently,
 * their members found and their earns written 25 at a time (one query and one statement each);
 * each order's events are settled together, the first that reached a scoring status dating the
 * award. A VTEX failure that
 * may pass is retried with back-off; one that will not (or after MAX_ATTEMPTS) settles the event
 * as failed with the reason.
 */
export async function processOrderEvents(deps: OrderDeps, tenantId: string, options: BatchOptions = {}): Promise<{ settled: number; failed: number }> {
  const context = await orderContext(deps, tenantId);
  if (!context) return { settled: 0, failed: 0 };
  const lease = options.lease ?? { owner: PROCESS_OWNER, leaseMs: ORDER_CLAIM_MS };
  const pick = (busy: readonly string[]) => deps.orderEvents.claim(tenantId, deps.clock.now(), options.limit ?? ORDER_BATCH, lease, busy);
  const events = options.busyOrders ? await options.busyOrders.pick(pick) : await pick([]);
  try {
    return await settleBatch(deps, context, events);
  } finally {
    options.busyOrders?.release(events.map((event) => event.orderId));
    // Settled and failed events are done with; any other (a batch cut short) goes back at once.
    // If the database is what failed, the claims simply run out.
    await deps.orderEvents.releaseClaims(tenantId, events.map((event) => event.id), lease.owner).catch(() => undefined);
  }
}

async function settleBatch(deps: OrderDeps, context: Context, events: PendingOrderEvent[]): Promise<{ settled: number; failed: number }> {
  const { tenantId } = context;
  const awarded = await deps.ledger.referencesWithEarnings(tenantId, [...new Set(events.map((event) => `order:${event.orderId}`))]);
  const byOrder = new Map<string, OrderWork>();
  for (const event of events) {
    const work = byOrder.get(event.orderId) ?? { orderId: event.orderId, events: [], awarded: awarded.has(`order:${event.orderId}`), outcomes: [] };
    work.events.push(event);
    byOrder.set(event.orderId, work);
  }
  const orders = [...byOrder.values()];
  // Earns are written a chunk at a time while the rest of the batch is still being read, so the
  // database and VTEX work side by side; chunks are written one after another.
  let ready: OrderWork[] = [];
  let writing = Promise.resolve();
  const flush = () => {
    const chunk = ready;
    ready = [];
    if (chunk.length > 0) writing = writing.then(() => writeEarns(deps, context, chunk));
  };
  await eachConcurrently(
    orders,
    CONCURRENT_ORDERS,
    guarded(async (work) => {
      await readAndPlan(deps, context, work);
      if (!work.earn) return;
      ready.push(work);
      if (ready.length >= EARN_CHUNK) flush();
    }),
  );
  flush();
  await writing;
  await markCouponsUsed(deps, context, orders);
  await eachConcurrently(
    orders,
    CONCURRENT_ORDERS,
    guarded(async (work) => {
      // Cancelled, or returned after the award: give back what the order's state says.
      if (!work.order || (!work.awarded && !CANCELLED_STATUSES.includes(work.order.status))) return;
      const reversals = await applyOrderReversals(deps, context, work.order);
      if (reversals) work.outcomes.push(reversals);
    }),
  );

  const result = { settled: 0, failed: 0 };
  const settled: { eventId: string; outcome: string }[] = [];
  for (const work of orders) {
    if (work.error !== undefined) {
      for (const event of work.events) await failEvent(deps, tenantId, event, work.error);
      result.failed += work.events.length;
      continue;
    }
    const [first, ...later] = work.events;
    settled.push({ eventId: first!.id, outcome: outcomeOf(work) });
    for (const event of later) settled.push({ eventId: event.id, outcome: `settled with event ${first!.id}` });
    result.settled += work.events.length;
  }
  // One write for the batch: a crash before it only means these events are settled again, which
  // the ledger's keys make a no-op.
  await deps.orderEvents.settleMany(tenantId, settled, deps.clock.now());
  return result;
}

function outcomeOf(work: OrderWork): string {
  if (work.outcomes.length > 0) return work.outcomes.join('; ');
  const status = work.order!.status;
  if (CANCELLED_STATUSES.includes(status)) return 'cancelled: nothing to reverse';
  return work.awarded ? `status ${status}: already awarded` : `status ${status}: does not score`;
}

/** Records a failed attempt: retried later with back-off, or given up with the reason. */
async function failEvent(deps: OrderDeps, tenantId: string, event: PendingOrderEvent, error: unknown): Promise<void> {
  const refused = error instanceof OrderProcessingError && error.refused;
  const retryable = refused || (error instanceof OrderProcessingError ? error.retryable : !(error instanceof DomainError));
  const now = deps.clock.now();
  const delayMs = refused ? REFUSED_RETRY_MS : retryDelayMs(event.attempts);
  const retryAt = retryable && event.attempts + 1 < MAX_ATTEMPTS ? new Date(now.getTime() + delayMs) : null;
  await deps.orderEvents.fail(tenantId, event.id, failureText(error), retryAt, now);
}
