// OMS: List orders (history import and reconciliation), Get order, and the order hook config
// (VTEX-API.md §4.2–4.4).

import type { VtexTransport } from './http-transport';
import { asObject, asString, decode, optionalArray, optionalObject, optionalString, requiredObject, requiredString } from './json-reader';
import { readOrder, readOrderPage, type VtexOrder, type VtexOrderPage } from './order-mapper';
import { badInput, mapResult, ok, type VtexResult } from './result';

export interface DateRange {
  from: Date;
  to: Date;
}

export type OrderSortField = 'creationDate' | 'orderId' | 'items' | 'totalValue' | 'origin';

export interface ListOrdersQuery {
  /** 1–30: VTEX refuses deeper pages, so large imports slice by date instead. */
  page: number;
  /** 1–100. */
  perPage: number;
  creationDate?: DateRange;
  invoicedDate?: DateRange;
  statuses?: readonly string[];
  orderBy?: { field: OrderSortField; direction: 'asc' | 'desc' };
}

export interface VtexOrderHook {
  filterType: 'FromWorkflow' | 'FromOrders';
  /** FromWorkflow: the statuses that fire; null = every status change. */
  statuses: string[] | null;
  /** FromOrders: the JSONata expression. */
  expression: string | null;
  url: string;
  headers: Record<string, string>;
}

export interface SetOrderHookInput {
  url: string;
  /** Sent by VTEX with every notification: Pontua's per-tenant secret goes here. */
  headers: Readonly<Record<string, string>>;
  /** Omitted or empty: every status change. */
  statuses?: readonly string[];
}

export const MAX_ORDER_PAGE = 30;
export const MAX_ORDERS_PER_PAGE = 100;
const ORDER_ID = /^[A-Za-z0-9-]+$/;

function range(field: string, value: DateRange | undefined): string | undefined {
  if (value === undefined) return undefined;
  return `${field}:[${value.from.toISOString()} TO ${value.to.toISOString()}]`;
}

function checkRange(name: string, value: DateRange | undefined): string | undefined {
  if (value === undefined) return undefined;
  if (Number.isNaN(value.from.getTime()) || Number.isNaN(value.to.getTime())) return `${name} has an invalid date`;
  return value.from.getTime() > value.to.getTime() ? `${name} ends before it starts` : undefined;
}

function readHook(body: unknown): VtexOrderHook {
  const config = asObject(body, 'hook config');
  const filter = requiredObject(config, 'filter', 'hook config');
  const hook = requiredObject(config, 'hook', 'hook config');
  const filterType = requiredString(filter, 'type', 'hook config.filter');
  const statuses = optionalArray(filter, 'status', 'hook config.filter').map((status, index) => asString(status, `hook config.filter.status[${index}]`));
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(optionalObject(hook, 'headers', 'hook config.hook') ?? {})) {
    if (typeof value === 'string') headers[name] = value;
  }
  return {
    filterType: filterType === 'FromOrders' ? 'FromOrders' : 'FromWorkflow',
    statuses: statuses.length === 0 ? null : statuses,
    expression: optionalString(filter, 'expression', 'hook config.filter'),
    url: requiredString(hook, 'url', 'hook config.hook'),
    headers,
  };
}

export function orderEndpoints(transport: VtexTransport) {
  return {
    async listOrders(query: ListOrdersQuery): Promise<VtexResult<VtexOrderPage>> {
      if (!Number.isInteger(query.page) || query.page < 1 || query.page > MAX_ORDER_PAGE) {
        return badInput(`page must be an integer from 1 to ${MAX_ORDER_PAGE}: slice the date range to reach older orders`);
      }
      if (!Number.isInteger(query.perPage) || query.perPage < 1 || query.perPage > MAX_ORDERS_PER_PAGE) {
        return badInput(`perPage must be an integer from 1 to ${MAX_ORDERS_PER_PAGE}`);
      }
      const rangeProblem = checkRange('creationDate', query.creationDate) ?? checkRange('invoicedDate', query.invoicedDate);
      if (rangeProblem !== undefined) return badInput(rangeProblem);
      const orderBy = query.orderBy ?? { field: 'creationDate', direction: 'asc' };
      const response = await transport.send({
        endpoint: 'listOrders',
        method: 'GET',
        path: '/api/oms/pvt/orders',
        query: {
          page: String(query.page),
          per_page: String(query.perPage),
          orderBy: `${orderBy.field},${orderBy.direction}`,
          f_creationDate: range('creationDate', query.creationDate),
          f_invoicedDate: range('invoicedDate', query.invoicedDate),
          f_status: query.statuses === undefined || query.statuses.length === 0 ? undefined : query.statuses.join(','),
        },
      });
      return mapResult(response, ({ body }) => decode('List orders', body, readOrderPage));
    },

    /** `orderId` may also be `seq{sequence}`. not_found for an unknown order (or one older than two years). */
    async getOrder(orderId: string): Promise<VtexResult<VtexOrder>> {
      if (!ORDER_ID.test(orderId)) return badInput('orderId must be letters, digits and dashes');
      const response = await transport.send({ endpoint: 'getOrder', method: 'GET', path: `/api/oms/pvt/orders/${orderId}` });
      return mapResult(response, ({ body }) => decode(`Get order ${orderId}`, body, readOrder));
    },

    /** null when this app key has no hook (VTEX drops a hook after 3 days without notifications). */
    async getOrderHook(): Promise<VtexResult<VtexOrderHook | null>> {
      const response = await transport.send({ endpoint: 'getOrderHook', method: 'GET', path: '/api/orders/hook/config' });
      if (!response.ok) return response.error.kind === 'not_found' ? ok(null) : response;
      if (response.value.body === null) return ok(null);
      return decode('hook config', response.value.body, readHook);
    },

    /**
     * Creates or replaces the hook of this app key. VTEX pings the URL first and answers 400
     * (bad_request) when the ping does not get a 200.
     */
    async setOrderHook(input: SetOrderHookInput): Promise<VtexResult<void>> {
      if (!URL.canParse(input.url)) return badInput('the hook URL must be absolute');
      const filter = input.statuses === undefined || input.statuses.length === 0
        ? { type: 'FromWorkflow' }
        : { type: 'FromWorkflow', status: [...input.statuses] };
      const response = await transport.send({
        endpoint: 'setOrderHook',
        method: 'POST',
        path: '/api/orders/hook/config',
        body: { filter, hook: { url: input.url, headers: { ...input.headers } } },
      });
      return mapResult(response, () => ok(undefined));
    },

    /** Succeeds when there was no hook to delete, so deactivation can be repeated. */
    async deleteOrderHook(): Promise<VtexResult<void>> {
      const response = await transport.send({ endpoint: 'deleteOrderHook', method: 'DELETE', path: '/api/orders/hook/config' });
      if (!response.ok && response.error.kind === 'not_found') return ok(undefined);
      return mapResult(response, () => ok(undefined));
    },
  };
}
