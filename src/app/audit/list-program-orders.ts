// Every order VTEX lists in a date range, in one go: VTEX pages at most 30 × 100 per query, so the
// range is walked in windows sized for about 2,000 orders (as the import does), a window found to
// hold more than 3,000 is halved down before it is read, and a sparse one doubles the next.
import { DomainError } from '../../domain/errors';
import type { OrderListQuery, OrderSummary, VtexOrderReader, VtexRead } from '../ports';

const PER_PAGE = 100;
const MAX_PAGES = 30;
const TARGET_PER_WINDOW = 2_000;
const MIN_WINDOW_MS = 1_000;
const MAX_WINDOW_MS = 31 * 86_400_000;

export interface OrderListing {
  orders: Map<string, OrderSummary>;
  /** Rows VTEX sent that could not be read, and orders past page 30 of a one-second window. */
  unlisted: { orderId: string | null; reason: string }[];
}

function valueOf<T>(read: VtexRead<T>, what: string): T {
  if (!read.ok) throw new DomainError('VTEX_UNAVAILABLE', `VTEX could not be read (${what}): ${read.message}`);
  return read.value;
}

/** Adds the orders VTEX lists with `field` (creation or invoice date) in [from, until) to `listing`. */
export async function listOrdersBetween(reader: VtexOrderReader, field: 'created' | 'invoiced', from: Date, until: Date, listing: OrderListing): Promise<void> {
  if (from >= until) return;
  const query = (start: Date, end: Date, page: number, perPage: number): OrderListQuery => ({ [field]: { from: start, to: new Date(end.getTime() - 1) }, page, perPage });
  const total = valueOf(await reader.listOrders(query(from, until, 1, 1)), `counting the orders ${field} since ${from.toISOString()}`).total;
  if (total === 0) return;
  const clamp = (ms: number) => Math.min(MAX_WINDOW_MS, Math.max(MIN_WINDOW_MS, Math.floor(ms)));
  let windowMs = clamp(((until.getTime() - from.getTime()) * TARGET_PER_WINDOW) / total);
  let start = from;
  while (start < until) {
    const end = new Date(Math.min(start.getTime() + windowMs, until.getTime()));
    const label = `orders ${field} ${start.toISOString()} – ${end.toISOString()}`;
    const first = valueOf(await reader.listOrders(query(start, end, 1, PER_PAGE)), label);
    if (first.total > MAX_PAGES * PER_PAGE && windowMs > MIN_WINDOW_MS) {
      windowMs = clamp((windowMs * TARGET_PER_WINDOW) / first.total);
      continue;
    }
    const pages = [first];
    for (let page = 2; page <= Math.min(first.pages, MAX_PAGES); page++) pages.push(valueOf(await reader.listOrders(query(start, end, page, PER_PAGE)), `${label}, page ${page}`));
    for (const page of pages) {
      for (const order of page.orders) listing.orders.set(order.orderId, order);
      listing.unlisted.push(...page.rejected);
    }
    if (first.pages > MAX_PAGES) listing.unlisted.push({ orderId: null, reason: `${label}: ${first.total - MAX_PAGES * PER_PAGE} orders beyond page ${MAX_PAGES} could not be listed` });
    if (first.total < TARGET_PER_WINDOW / 4) windowMs = clamp(windowMs * 2);
    start = end;
  }
}
