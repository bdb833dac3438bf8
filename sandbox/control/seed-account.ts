// Seeding: N customers and M orders over a date range, replacing the account's data. Only the
// plans are stored; records are generated from (seed, index) when read.

import type { Account } from '../core/account';

export interface SeedRequest {
  customers?: unknown;
  orders?: unknown;
  /** ISO dates; orders are created in [from, to). Default: the 365 days before today (UTC). */
  from?: unknown;
  to?: unknown;
}

export interface SeedResult {
  customers: number;
  orders: number;
  from: string;
  to: string;
  seconds: number;
}

const DAY_MS = 86_400_000;
const MAX_CUSTOMERS = 10_000_000;
const MAX_ORDERS = 10_000_000;

function count(value: unknown, name: string, max: number): number | string {
  if (value === undefined) return 0;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 0 || value > max) return `${name} must be an integer between 0 and ${max}`;
  return value;
}

export function seedAccount(account: Account, request: SeedRequest, nowMs: number): SeedResult | string {
  const customers = count(request.customers, 'customers', MAX_CUSTOMERS);
  if (typeof customers === 'string') return customers;
  const orders = count(request.orders, 'orders', MAX_ORDERS);
  if (typeof orders === 'string') return orders;
  if (orders > 0 && customers === 0) return 'orders need customers: seed at least one customer';
  const today = Math.floor(nowMs / DAY_MS) * DAY_MS;
  const toMs = request.to === undefined ? today : typeof request.to === 'string' ? Date.parse(request.to) : NaN;
  const fromMs = request.from === undefined ? toMs - 365 * DAY_MS : typeof request.from === 'string' ? Date.parse(request.from) : NaN;
  if (Number.isNaN(fromMs) || Number.isNaN(toMs) || fromMs >= toMs) return 'from and to must be ISO dates with from < to';
  const stepMs = orders === 0 ? 1 : Math.floor((toMs - fromMs) / orders);
  if (stepMs < 1) return 'the date range is too short: orders need distinct creation milliseconds';
  const started = performance.now();
  // Customers signed up during the two years before the first order.
  account.customers.reseed({ count: customers, createdFromMs: fromMs - 730 * DAY_MS, createdToMs: fromMs });
  account.orders.reseed({ count: orders, fromMs, toMs, stepMs, customerCount: customers });
  return {
    customers,
    orders,
    from: new Date(fromMs).toISOString(),
    to: new Date(toMs).toISOString(),
    seconds: Math.round((performance.now() - started) / 10) / 100,
  };
}
