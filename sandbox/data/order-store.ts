// An account's orders. Seeded orders are generated from (seed, index); per order the store
// keeps only a status byte, its total and its item count (what list filters, sorting and
// stats read), plus the full state of orders that changed and the facts of created orders.

import {
  generateOrderFacts, orderTotals, seededCreationMs, seededCustomerIndex, seededDates, seededInitialStatus, seededPaymentSystem,
  type OrderFacts, type OrderSeedPlan,
} from './order-facts';
import { isAuthorized, statusCode, statusFromCode, type OrderStatus } from './order-statuses';
import type { SkuCatalog } from './sku-catalog';
import { returnedValue } from './unit-prices';

export interface OrderReturn {
  returnedMs: number;
  items: { itemIndex: number; quantity: number }[];
  /** Integer cents refunded. */
  refundValue: number;
  invoiceNumber: string;
}

export interface OrderState {
  status: OrderStatus;
  authorizedMs: number | null;
  invoicedMs: number | null;
  canceledMs: number | null;
  cancelReason: string | null;
  lastChangeMs: number;
  returns: OrderReturn[];
}

export interface OrderChange {
  /** `status` for workflow moves; `document` for changes that keep the status (returns). */
  kind: 'status' | 'document';
  index: number;
  orderId: string;
  from: OrderStatus;
  to: OrderStatus;
  lastChangeMs: number;
  currentChangeMs: number;
}

export type NewOrder = Omit<OrderFacts, 'index' | 'creationMs' | 'authorizedMs' | 'invoicedMs' | 'canceledMs' | 'seededReturn'>;

const FIRST_SEQUENCE = 500_000;
const EMPTY_PLAN: OrderSeedPlan = { count: 0, fromMs: 0, toMs: 0, stepMs: 1, customerCount: 0 };

export class OrderStore {
  private plan: OrderSeedPlan = EMPTY_PLAN;
  private statuses = new Uint8Array(0);
  private totalValues = new Uint32Array(0);
  private totalQuantities = new Uint16Array(0);
  private readonly created: OrderFacts[] = [];
  private readonly changed = new Map<number, OrderState>();
  private readonly listeners: ((change: OrderChange) => void)[] = [];
  /** Bumped on every write, so query caches know when they are stale. */
  version = 0;

  constructor(private readonly seed: number, private readonly catalog: SkuCatalog) {}

  get count(): number {
    return this.plan.count + this.created.length;
  }

  get seedPlan(): OrderSeedPlan {
    return this.plan;
  }

  reseed(plan: OrderSeedPlan): void {
    this.plan = plan;
    this.created.length = 0;
    this.changed.clear();
    this.statuses = new Uint8Array(plan.count + 64);
    this.totalValues = new Uint32Array(plan.count + 64);
    this.totalQuantities = new Uint16Array(plan.count + 64);
    for (let i = 0; i < plan.count; i += 1) {
      const facts = generateOrderFacts(this.seed, plan, this.catalog, i);
      this.record(i, facts);
    }
    this.version += 1;
  }

  onChange(listener: (change: OrderChange) => void): void {
    this.listeners.push(listener);
  }

  facts(index: number): OrderFacts | undefined {
    if (index < 0 || index >= this.count) return undefined;
    if (index < this.plan.count) return generateOrderFacts(this.seed, this.plan, this.catalog, index);
    return this.created[index - this.plan.count];
  }

  state(index: number, facts: OrderFacts): OrderState {
    return this.changed.get(index) ?? initialState(facts);
  }

  creationMs(index: number): number {
    if (index < this.plan.count) return seededCreationMs(this.seed, this.plan, index);
    return this.created[index - this.plan.count]?.creationMs ?? Number.MAX_SAFE_INTEGER;
  }

  customerIndexAt(index: number): number {
    if (index < this.plan.count) return seededCustomerIndex(this.seed, this.plan, index);
    return this.created[index - this.plan.count]?.customerIndex ?? 0;
  }

  paymentNameAt(index: number): string {
    if (index < this.plan.count) return seededPaymentSystem(this.seed, index);
    return this.created[index - this.plan.count]?.paymentSystemName ?? '';
  }

  statusAt(index: number): OrderStatus {
    return statusFromCode(this.statuses[index] ?? 0);
  }

  statusCodeAt(index: number): number {
    return this.statuses[index] ?? 0;
  }

  totalValueAt(index: number): number {
    return this.totalValues[index] ?? 0;
  }

  totalQuantityAt(index: number): number {
    return this.totalQuantities[index] ?? 0;
  }

  /** Without generating the items: what the f_invoicedDate / f_authorizedDate filters read. */
  datesAt(index: number): { authorizedMs: number | null; invoicedMs: number | null } {
    const changed = this.changed.get(index);
    if (changed) return changed;
    if (index < this.plan.count) {
      return seededDates(this.seed, this.plan, index, seededInitialStatus(this.seed, this.plan, index));
    }
    const facts = this.created[index - this.plan.count];
    return { authorizedMs: facts?.authorizedMs ?? null, invoicedMs: facts?.invoicedMs ?? null };
  }

  /** Lowest index whose order had an invoice date moved after creation (for bounded scans). */
  lowestChangedIndex(): number {
    let lowest = Number.MAX_SAFE_INTEGER;
    for (const index of this.changed.keys()) lowest = Math.min(lowest, index);
    return lowest;
  }

  orderIdAt(index: number): string {
    // Order groups are 13 digits like VTEX's; creation times are unique, so they make one.
    return `${this.creationMs(index)}-01`;
  }

  sequenceAt(index: number): string {
    return String(FIRST_SEQUENCE + index);
  }

  /** Accepts an orderId ("1706000000000-01") or "seq<sequence>", as Get order does. */
  indexOf(orderIdOrSequence: string): number | undefined {
    const seq = /^seq(\d+)$/.exec(orderIdOrSequence);
    if (seq?.[1]) {
      const index = Number(seq[1]) - FIRST_SEQUENCE;
      return index >= 0 && index < this.count ? index : undefined;
    }
    const id = /^(\d{13})-01$/.exec(orderIdOrSequence);
    if (!id?.[1]) return undefined;
    const creationMs = Number(id[1]);
    const index = this.firstIndexCreatedAtOrAfter(creationMs);
    return index < this.count && this.creationMs(index) === creationMs ? index : undefined;
  }

  /** Binary search: creation time strictly increases with the index. */
  firstIndexCreatedAtOrAfter(ms: number): number {
    let low = 0;
    let high = this.count;
    while (low < high) {
      const mid = (low + high) >>> 1;
      if (this.creationMs(mid) < ms) low = mid + 1;
      else high = mid;
    }
    return low;
  }

  create(order: NewOrder, nowMs: number): number {
    const index = this.count;
    const creationMs = Math.max(nowMs, index > 0 ? this.creationMs(index - 1) + 1 : nowMs);
    const facts: OrderFacts = {
      ...order,
      index,
      creationMs,
      authorizedMs: isAuthorized(order.initialStatus) ? creationMs : null,
      invoicedMs: order.initialStatus === 'invoiced' ? creationMs : null,
      canceledMs: order.initialStatus === 'canceled' ? creationMs : null,
      seededReturn: null,
    };
    this.created.push(facts);
    this.ensureCapacity(index + 1);
    this.record(index, facts);
    this.version += 1;
    return index;
  }

  moveStatus(index: number, to: OrderStatus, nowMs: number, cancelReason?: string): OrderChange | undefined {
    const facts = this.facts(index);
    if (!facts) return undefined;
    const before = this.state(index, facts);
    const currentChangeMs = Math.max(nowMs, before.lastChangeMs + 1);
    const after: OrderState = {
      ...before,
      status: to,
      authorizedMs: before.authorizedMs ?? (isAuthorized(to) ? currentChangeMs : null),
      invoicedMs: to === 'invoiced' ? (before.invoicedMs ?? currentChangeMs) : before.invoicedMs,
      canceledMs: to === 'canceled' ? currentChangeMs : before.canceledMs,
      cancelReason: cancelReason ?? before.cancelReason,
      lastChangeMs: currentChangeMs,
    };
    return this.apply(index, facts, before, after, 'status');
  }

  addReturn(index: number, orderReturn: Omit<OrderReturn, 'returnedMs'>, nowMs: number): OrderChange | undefined {
    const facts = this.facts(index);
    if (!facts) return undefined;
    const before = this.state(index, facts);
    const returnedMs = Math.max(nowMs, before.lastChangeMs + 1);
    const after: OrderState = { ...before, returns: [...before.returns, { ...orderReturn, returnedMs }], lastChangeMs: returnedMs };
    return this.apply(index, facts, before, after, 'document');
  }

  private apply(index: number, facts: OrderFacts, before: OrderState, after: OrderState, kind: OrderChange['kind']): OrderChange {
    this.changed.set(index, after);
    this.statuses[index] = statusCode(after.status);
    this.version += 1;
    const change: OrderChange = {
      kind, index, orderId: this.orderIdAt(facts.index), from: before.status, to: after.status,
      lastChangeMs: before.lastChangeMs, currentChangeMs: after.lastChangeMs,
    };
    for (const listener of this.listeners) listener(change);
    return change;
  }

  private record(index: number, facts: OrderFacts): void {
    this.statuses[index] = statusCode(facts.initialStatus);
    this.totalValues[index] = orderTotals(facts).value;
    this.totalQuantities[index] = facts.items.reduce((sum, item) => sum + item.quantity, 0);
  }

  private ensureCapacity(size: number): void {
    if (size <= this.statuses.length) return;
    const capacity = Math.max(size, this.statuses.length * 2);
    const grow = <T extends Uint8Array | Uint16Array | Uint32Array>(old: T, make: (n: number) => T): T => {
      const next = make(capacity);
      next.set(old);
      return next;
    };
    this.statuses = grow(this.statuses, (n) => new Uint8Array(n));
    this.totalValues = grow(this.totalValues, (n) => new Uint32Array(n));
    this.totalQuantities = grow(this.totalQuantities, (n) => new Uint16Array(n));
  }
}

function initialState(facts: OrderFacts): OrderState {
  const returns: OrderReturn[] = [];
  const first = facts.items[0];
  if (facts.seededReturn && first) {
    const quantity = Math.min(first.quantity, facts.seededReturn.quantity);
    returns.push({
      returnedMs: facts.seededReturn.returnedMs,
      items: [{ itemIndex: 0, quantity }],
      refundValue: returnedValue(first, 0, quantity),
      invoiceNumber: `DEV-${facts.index}`,
    });
  }
  const lastChangeMs = Math.max(
    facts.creationMs, facts.authorizedMs ?? 0, facts.invoicedMs ?? 0, facts.canceledMs ?? 0,
    ...returns.map((r) => r.returnedMs),
  );
  return {
    status: facts.initialStatus,
    authorizedMs: facts.authorizedMs,
    invoicedMs: facts.invoicedMs,
    canceledMs: facts.canceledMs,
    cancelReason: facts.initialStatus === 'canceled' ? 'Cancelado pelo cliente' : null,
    lastChangeMs,
    returns,
  };
}
