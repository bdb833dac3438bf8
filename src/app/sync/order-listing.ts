// The order history import and the reconciliation both walk List orders through date windows:
// VTEX serves at most 30 pages of 100 per query, so a window holding more is split before it is
// read, and a sparse one makes the next window wider. Each listed order that may earn (or, when
// cancelled, give back) becomes an order event for the order job, which reads the order itself;
// orders already awarded are skipped, and the events' dedupe key makes a page read twice a no-op.
import { CANCELLED_STATUSES } from '../../domain/scoring';
import { reachedScoringStatus } from '../../domain/vtex-order-status';
import { newId } from '../ids';
import type { OrderContext } from '../orders/process-order-events';
import type { NewOrderEvent, OrderSummary } from '../ports';
import { dateField, numberField, valueOf, type StepResult, type StepState, type SyncDeps, type SyncJobDefinition } from './sync-step';

const PER_PAGE = 100;
const MAX_PAGES = 30;
/** What a window should hold: two thirds of what VTEX can page through, for orders arriving meanwhile. */
const TARGET_PER_WINDOW = 2_000;
const MIN_WINDOW_MS = 1_000;
const MAX_WINDOW_MS = 31 * 86_400_000;
/** Reconciliation re-reads this much before its last run, for orders that changed while it listed. */
export const RECONCILE_OVERLAP_MS = 15 * 60_000;
export const RECONCILE_EVERY_MS = 10 * 60_000;

type DateField = 'created' | 'invoiced';

interface Walk {
  field: DateField;
  from: string;
  /** Exclusive. */
  until: string;
  windowMs: number;
  page: number;
}

function readWalk(value: unknown): Walk | null {
  if (typeof value !== 'object' || value === null) return null;
  const walk = value as Record<string, unknown>;
  const from = dateField(walk, 'from');
  const until = dateField(walk, 'until');
  if (!from || !until || (walk.field !== 'created' && walk.field !== 'invoiced')) return null;
  return {
    field: walk.field,
    from: from.toISOString(),
    until: until.toISOString(),
    windowMs: Math.min(MAX_WINDOW_MS, Math.max(MIN_WINDOW_MS, numberField(walk, 'windowMs', 86_400_000))),
    page: Math.min(MAX_PAGES, Math.max(1, numberField(walk, 'page', 1))),
  };
}

interface WalkStep {
  /** null once the walk passed `until`. */
  next: Walk | null;
  listed: number;
  recorded: number;
  rejected: string[];
}

async function recordListed(deps: SyncDeps, context: OrderContext, orders: OrderSummary[], source: NewOrderEvent['source']): Promise<number> {
  if (orders.length === 0) return 0;
  const earned = await deps.ledger.referencesWithEarnings(context.tenantId, orders.map((order) => `order:${order.orderId}`));
  const scoring = context.settings.scoringStatuses as string[];
  const now = deps.clock.now();
  const events = orders
    .filter((order) => {
      const awarded = earned.has(`order:${order.orderId}`);
      if (CANCELLED_STATUSES.includes(order.status)) return awarded;
      return !awarded && reachedScoringStatus(order.status, scoring) !== null;
    })
    .map((order): NewOrderEvent => ({
      id: newId('evt', now.getTime()),
      orderId: order.orderId,
      state: order.status,
      lastState: null,
      // Listings carry no lastChange: one event per order and status, whichever listing saw it.
      lastChange: 'listed',
      currentChange: null,
      source,
      receivedAt: now,
    }));
  return deps.orderEvents.recordMany(context.tenantId, events);
}

async function walkStep(deps: SyncDeps, context: OrderContext, walk: Walk, source: NewOrderEvent['source']): Promise<WalkStep> {
  const from = new Date(walk.from);
  const until = new Date(walk.until);
  if (from >= until) return { next: null, listed: 0, recorded: 0, rejected: [] };
  const windowEnd = new Date(Math.min(from.getTime() + walk.windowMs, until.getTime()));
  const range = { from, to: new Date(windowEnd.getTime() - 1) };
  const label = `orders ${walk.field} ${range.from.toISOString()} – ${range.to.toISOString()}, page ${walk.page}`;
  const page = valueOf(await context.reader.listOrders({ [walk.field]: range, page: walk.page, perPage: PER_PAGE }), `listing ${label}`);
  if (walk.page === 1 && page.total > MAX_PAGES * PER_PAGE && walk.windowMs > MIN_WINDOW_MS) {
    const windowMs = Math.max(MIN_WINDOW_MS, Math.floor((walk.windowMs * TARGET_PER_WINDOW) / page.total));
    return { next: { ...walk, windowMs }, listed: 0, recorded: 0, rejected: [] };
  }
  const rejected = page.rejected.map((row) => `${label}: order ${row.orderId ?? '(no id)'}: ${row.reason}`);
  const recorded = await recordListed(deps, context, page.orders, source);
  const lastPage = Math.min(page.pages, MAX_PAGES);
  if (walk.page < lastPage) return { next: { ...walk, page: walk.page + 1 }, listed: page.orders.length, recorded, rejected };
  if (page.pages > MAX_PAGES) rejected.push(`${label}: ${page.total - MAX_PAGES * PER_PAGE} orders beyond page ${MAX_PAGES} of a ${walk.windowMs} ms window were not listed`);
  const windowMs = page.total < TARGET_PER_WINDOW / 4 ? Math.min(walk.windowMs * 2, MAX_WINDOW_MS) : walk.windowMs;
  const next = { ...walk, from: windowEnd.toISOString(), page: 1, windowMs };
  return { next: windowEnd >= until ? null : next, listed: page.orders.length, recorded, rejected };
}

function result(state: StepState, checkpoint: Record<string, unknown>, step: WalkStep, finished: boolean, total = state.total): StepResult {
  return {
    checkpoint,
    done: state.done + step.listed,
    total,
    newErrors: step.rejected.length,
    lastError: step.rejected.at(-1) ?? null,
    finished,
  };
}

/** The history import: orders created from `ordersImportSince` until the activation. */
export const ordersImport: SyncJobDefinition = {
  kind: 'orders.import',
  grows: 'orders',
  repeatEveryMs: null,
  async step(deps, context, state) {
    let walk = readWalk(state.checkpoint.walk);
    let total = state.total;
    if (!walk) {
      const since = context.settings.ordersImportSince;
      const until = dateField(state.checkpoint, 'until') ?? deps.clock.now();
      const from = since ? new Date(`${since}T00:00:00.000Z`) : until;
      if (from >= until) return { checkpoint: state.checkpoint, done: state.done, total: 0, newErrors: 0, lastError: null, finished: true };
      const range = { from, to: new Date(until.getTime() - 1) };
      total = valueOf(await context.reader.listOrders({ created: range, page: 1, perPage: 1 }), 'counting the orders to import').total;
      const spanMs = until.getTime() - from.getTime();
      const windowMs = total === 0 ? spanMs : Math.floor((spanMs * TARGET_PER_WINDOW) / total);
      walk = { field: 'created', from: from.toISOString(), until: until.toISOString(), windowMs: Math.min(MAX_WINDOW_MS, Math.max(MIN_WINDOW_MS, windowMs)), page: 1 };
    }
    const step = await walkStep(deps, context, walk, 'import');
    return result(state, { ...state.checkpoint, walk: step.next }, step, step.next === null, total);
  },
};

/**
 * Reconciliation: orders invoiced, then orders created, since the last run (with an overlap),
 * so an order whose hook was lost is still scored.
 */
export const ordersReconcile: SyncJobDefinition = {
  kind: 'orders.reconcile',
  grows: 'orders',
  repeatEveryMs: RECONCILE_EVERY_MS,
  async step(deps, context, state) {
    const now = deps.clock.now();
    const since = dateField(state.checkpoint, 'since') ?? new Date(now.getTime() - RECONCILE_EVERY_MS);
    const from = new Date(since.getTime() - RECONCILE_OVERLAP_MS).toISOString();
    const walk = readWalk(state.checkpoint.walk) ?? { field: 'invoiced', from, until: now.toISOString(), windowMs: MAX_WINDOW_MS, page: 1 };
    const checkpoint = { since: since.toISOString() };
    const step = await walkStep(deps, context, walk, 'reconciliation');
    if (step.next) return result(state, { ...checkpoint, walk: step.next }, step, false);
    if (walk.field === 'invoiced') {
      // The same span again by creation date: new orders that reached a scoring status before invoicing.
      const created: Walk = { field: 'created', from, until: walk.until, windowMs: MAX_WINDOW_MS, page: 1 };
      return result(state, { ...checkpoint, walk: created }, step, false);
    }
    return result(state, { since: walk.until }, step, true, null);
  },
};
