// List orders: parse the query the way VTEX validates it, then answer from the compact
// per-order arrays. Creation time grows with the index, so a date window is a binary search;
// counts and stats of a filter are cached until the account's orders change.

import type { Account } from '../core/account';
import { MAX_SEEDED_INVOICE_DELAY_MS } from '../data/order-facts';
import { isOrderStatus, statusCode } from '../data/order-statuses';

export const MAX_PAGE = 30;
export const MAX_PER_PAGE = 100;
export const DEFAULT_PER_PAGE = 15;

const ORDER_FIELDS = ['creationDate', 'orderId', 'items', 'totalValue', 'origin'] as const;
type OrderField = (typeof ORDER_FIELDS)[number];

export interface OrderQuery {
  page: number;
  perPage: number;
  orderBy: { field: OrderField; descending: boolean };
  creation: DateRange | null;
  invoiced: DateRange | null;
  authorized: DateRange | null;
  /** null = any status; an empty set matches nothing (unknown status names). */
  statusCodes: Set<number> | null;
  customerIndex: number | null;
  orderIndex: number | null;
}

interface DateRange {
  fromMs: number;
  toMs: number;
}

export type Parsed<T> = { ok: true; value: T } | { ok: false; message: string };

type QueryString = Record<string, string | string[] | undefined>;

function single(query: QueryString, name: string): string | undefined {
  const value = query[name];
  return Array.isArray(value) ? value[0] : value;
}

function parsePositiveInt(text: string | undefined): number | undefined {
  if (text === undefined || !/^\d+$/.test(text)) return undefined;
  return Number(text);
}

/** "creationDate:[2024-01-01T00:00:00.000Z TO 2024-01-31T23:59:59.999Z]" */
function parseRange(text: string | undefined, field: string): Parsed<DateRange | null> {
  if (text === undefined || text === '') return { ok: true, value: null };
  const match = new RegExp(`^${field}:\\[(\\S+) TO (\\S+)\\]$`).exec(text.trim());
  const fromMs = match?.[1] === '*' ? 0 : Date.parse(match?.[1] ?? '');
  const toMs = match?.[2] === '*' ? Number.MAX_SAFE_INTEGER : Date.parse(match?.[2] ?? '');
  if (!match || Number.isNaN(fromMs) || Number.isNaN(toMs)) {
    return { ok: false, message: `Invalid f_${field} filter. Expected ${field}:[<ISO date> TO <ISO date>]` };
  }
  return { ok: true, value: { fromMs, toMs } };
}

export function parseOrderQuery(query: QueryString, account: Account): Parsed<OrderQuery> {
  const pageText = single(query, 'page');
  const page = pageText === undefined ? 1 : parsePositiveInt(pageText);
  if (page === undefined || page < 1) return { ok: false, message: 'The page parameter must be a positive integer' };
  if (page > MAX_PAGE) return { ok: false, message: `Max page exceed (${MAX_PAGE}), refine filter` };
  const perPageText = single(query, 'per_page');
  const perPage = perPageText === undefined ? DEFAULT_PER_PAGE : parsePositiveInt(perPageText);
  if (perPage === undefined || perPage < 1) return { ok: false, message: 'The per_page parameter must be a positive integer' };
  if (perPage > MAX_PER_PAGE) return { ok: false, message: `Max per_page exceed (${MAX_PER_PAGE})` };

  const orderByText = single(query, 'orderBy') ?? 'creationDate,desc';
  const [field, direction = 'asc'] = orderByText.split(',');
  const orderField = ORDER_FIELDS.find((f) => f === field);
  if (!orderField || (direction !== 'asc' && direction !== 'desc')) {
    return { ok: false, message: `Invalid orderBy. Use {field},{asc|desc} with field in ${ORDER_FIELDS.join(', ')}` };
  }

  const creation = parseRange(single(query, 'f_creationDate'), 'creationDate');
  if (!creation.ok) return creation;
  const invoiced = parseRange(single(query, 'f_invoicedDate'), 'invoicedDate');
  if (!invoiced.ok) return invoiced;
  const authorized = parseRange(single(query, 'f_authorizedDate'), 'authorizedDate');
  if (!authorized.ok) return authorized;

  const statusText = single(query, 'f_status');
  let statusCodes: Set<number> | null = null;
  if (statusText !== undefined && statusText !== '') {
    statusCodes = new Set();
    for (const status of statusText.split(',').map((s) => s.trim())) {
      if (isOrderStatus(status)) statusCodes.add(statusCode(status));
    }
  }

  let customerIndex: number | null = null;
  let orderIndex: number | null = null;
  const q = single(query, 'q');
  if (q !== undefined && q !== '') {
    if (q.includes('+')) return { ok: false, message: "The character '+' is not allowed in fulltext search" };
    orderIndex = account.orders.indexOf(q.trim()) ?? -1;
    if (orderIndex < 0) {
      orderIndex = null;
      customerIndex = account.customers.indexOfDocument(q.trim()) ?? account.customers.indexOfEmail(q.trim()) ?? -1;
    }
  }

  return {
    ok: true,
    value: {
      page, perPage, orderBy: { field: orderField, descending: direction === 'desc' },
      creation: creation.value, invoiced: invoiced.value, authorized: authorized.value,
      statusCodes, customerIndex, orderIndex,
    },
  };
}

/** Indexes [low, high) that can match; every match is inside. */
function candidateRange(account: Account, query: OrderQuery): [number, number] {
  const { orders } = account;
  if (query.orderIndex !== null) return [query.orderIndex, query.orderIndex + 1];
  let low = 0;
  let high = orders.count;
  if (query.creation) {
    low = Math.max(low, orders.firstIndexCreatedAtOrAfter(query.creation.fromMs));
    high = Math.min(high, orders.firstIndexCreatedAtOrAfter(query.creation.toMs + 1));
  }
  // Invoicing and authorization happen after creation, at most MAX_SEEDED_INVOICE_DELAY_MS
  // later for untouched seeded orders; orders moved since then may be anywhere before.
  for (const range of [query.invoiced, query.authorized]) {
    if (!range) continue;
    high = Math.min(high, orders.firstIndexCreatedAtOrAfter(range.toMs + 1));
    const earliest = orders.firstIndexCreatedAtOrAfter(range.fromMs - MAX_SEEDED_INVOICE_DELAY_MS);
    low = Math.max(low, Math.min(earliest, orders.lowestChangedIndex()));
  }
  return [low, Math.max(low, high)];
}

function needsPredicate(query: OrderQuery): boolean {
  return query.statusCodes !== null || query.invoiced !== null || query.authorized !== null || query.customerIndex !== null;
}

function matches(account: Account, query: OrderQuery, index: number): boolean {
  const { orders } = account;
  if (query.statusCodes && !query.statusCodes.has(orders.statusCodeAt(index))) return false;
  if (query.customerIndex !== null && orders.customerIndexAt(index) !== query.customerIndex) return false;
  if (query.invoiced || query.authorized) {
    const dates = orders.datesAt(index);
    if (query.invoiced && !inRange(dates.invoicedMs, query.invoiced)) return false;
    if (query.authorized && !inRange(dates.authorizedMs, query.authorized)) return false;
  }
  return true;
}

function inRange(ms: number | null, range: DateRange): boolean {
  return ms !== null && ms >= range.fromMs && ms <= range.toMs;
}

export interface NumberStats {
  Count: number; Max: number; Mean: number; Min: number; Missing: number; StdDev: number; Sum: number; SumOfSquares: number;
}

export interface QuerySummary {
  total: number;
  totalValue: NumberStats;
  totalItems: NumberStats;
}

class StatsAccumulator {
  count = 0; sum = 0; squares = 0; min = Number.POSITIVE_INFINITY; max = Number.NEGATIVE_INFINITY;

  add(value: number): void {
    this.count += 1; this.sum += value; this.squares += value * value;
    if (value < this.min) this.min = value;
    if (value > this.max) this.max = value;
  }

  result(): NumberStats {
    const n = this.count;
    const mean = n === 0 ? 0 : this.sum / n;
    const variance = n === 0 ? 0 : Math.max(0, this.squares / n - mean * mean);
    return {
      Count: n, Max: n === 0 ? 0 : this.max, Mean: mean, Min: n === 0 ? 0 : this.min, Missing: 0,
      StdDev: Math.sqrt(variance), Sum: this.sum, SumOfSquares: this.squares,
    };
  }
}

export function summarize(account: Account, query: OrderQuery): QuerySummary {
  const [low, high] = candidateRange(account, query);
  const { orders } = account;
  const values = new StatsAccumulator();
  const quantities = new StatsAccumulator();
  const filter = needsPredicate(query);
  for (let i = low; i < high; i += 1) {
    if (filter && !matches(account, query, i)) continue;
    values.add(orders.totalValueAt(i));
    quantities.add(orders.totalQuantityAt(i));
  }
  return { total: values.count, totalValue: values.result(), totalItems: quantities.result() };
}

/** The indexes on the requested page, in the requested order. */
export function pageIndexes(account: Account, query: OrderQuery): number[] {
  const [low, high] = candidateRange(account, query);
  const skip = (query.page - 1) * query.perPage;
  const filter = needsPredicate(query);
  const { field, descending } = query.orderBy;
  if (field === 'totalValue' || field === 'items') {
    const all: number[] = [];
    for (let i = low; i < high; i += 1) if (!filter || matches(account, query, i)) all.push(i);
    const key = (i: number): number => (field === 'totalValue' ? account.orders.totalValueAt(i) : account.orders.totalQuantityAt(i));
    all.sort((a, b) => (key(a) - key(b) || a - b) * (descending ? -1 : 1));
    return all.slice(skip, skip + query.perPage);
  }
  // creationDate, orderId (time-based ids) and origin (all "Marketplace") follow index order.
  const page: number[] = [];
  let seen = 0;
  const step = descending ? -1 : 1;
  for (let i = descending ? high - 1 : low; i >= low && i < high && page.length < query.perPage; i += step) {
    if (filter && !matches(account, query, i)) continue;
    if (seen >= skip) page.push(i);
    seen += 1;
  }
  return page;
}

/** The key under which a filter's summary is cached (page, size and order do not change it). */
export function summaryKey(query: OrderQuery): string {
  const { creation, invoiced, authorized, statusCodes, customerIndex, orderIndex } = query;
  return JSON.stringify([creation, invoiced, authorized, statusCodes ? [...statusCodes].sort() : null, customerIndex, orderIndex]);
}
