// The `filter` object shared by hook and feed configs: FromWorkflow (status list) or
// FromOrders (expression on the order document). Mixing the two sets of fields is a 409,
// as VTEX-API.md §2 lists.

import type { OrderChange } from '../data/order-store';
import { compileOrderExpression, type OrderExpression } from './order-expression';

export type EventFilter =
  | { type: 'FromWorkflow'; status: string[] | null }
  | { type: 'FromOrders'; expression: OrderExpression; disableSingleFire: boolean };

export type FilterParse =
  | { ok: true; filter: EventFilter }
  | { ok: false; status: 400 | 409; message: string };

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function parseEventFilter(input: unknown): FilterParse {
  if (!isRecord(input)) return { ok: false, status: 400, message: 'filter is required' };
  const { type, status, expression, disableSingleFire } = input;
  if (type === 'FromWorkflow') {
    if (expression !== undefined || disableSingleFire !== undefined) {
      return { ok: false, status: 409, message: 'FromWorkflow filters cannot have expression or disableSingleFire' };
    }
    if (status !== undefined && (!Array.isArray(status) || !status.every((s) => typeof s === 'string'))) {
      return { ok: false, status: 400, message: 'filter.status must be a list of status names' };
    }
    return { ok: true, filter: { type, status: status === undefined || status.length === 0 ? null : status } };
  }
  if (type === 'FromOrders') {
    if (status !== undefined) return { ok: false, status: 409, message: 'FromOrders filters cannot have status' };
    if (typeof expression !== 'string' || expression.trim() === '') {
      return { ok: false, status: 400, message: 'filter.expression is required for FromOrders' };
    }
    try {
      return {
        ok: true,
        filter: { type, expression: compileOrderExpression(expression), disableSingleFire: disableSingleFire === true },
      };
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      return { ok: false, status: 400, message: `Invalid expression (the sandbox supports a JSONata subset): ${reason}` };
    }
  }
  return { ok: false, status: 400, message: 'filter.type must be FromWorkflow or FromOrders' };
}

export function describeFilter(filter: EventFilter): Record<string, unknown> {
  if (filter.type === 'FromWorkflow') return { type: filter.type, status: filter.status ?? [] };
  return { type: filter.type, expression: filter.expression.source, disableSingleFire: filter.disableSingleFire };
}

/**
 * Whether a change reaches a subscriber. `firedOrders` implements single fire: unless
 * disableSingleFire, a FromOrders subscriber hears about an order once.
 */
export function filterAccepts(
  filter: EventFilter, change: OrderChange, document: () => unknown, firedOrders: Set<string>,
): boolean {
  if (filter.type === 'FromWorkflow') {
    return change.kind === 'status' && (filter.status === null || filter.status.includes(change.to));
  }
  if (!filter.disableSingleFire && firedOrders.has(change.orderId)) return false;
  if (!filter.expression.test(document())) return false;
  firedOrders.add(change.orderId);
  return true;
}
