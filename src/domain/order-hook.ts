// What VTEX's order hook sends: a ping when the hook is saved, then one notification per status
// change. The notification carries no order data — only which order changed, to what, and when.
import { DomainError, invalid } from './errors';

export interface OrderHookNotification {
  orderId: string;
  state: string;
  lastState: string | null;
  /** Kept as VTEX wrote it: the deduplication key compares it as text. */
  lastChange: string;
  currentChange: string | null;
  originAccount: string | null;
  originKey: string | null;
}

export type OrderHookMessage = { kind: 'ping' } | { kind: 'notification'; notification: OrderHookNotification };

const ORDER_ID = /^[A-Za-z0-9_-]{1,64}$/;
const STATUS = /^[a-z][a-z-]{0,63}$/;
const TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,9})?(Z|[+-]\d{2}:\d{2})$/;

function text(body: Record<string, unknown>, field: string, required: boolean, max = 200): string | null {
  const value = body[field];
  if (value === undefined || value === null) {
    if (required) throw invalid(field, 'is required');
    return null;
  }
  if (typeof value !== 'string' || value.length === 0 || value.length > max) throw invalid(field, `must be a text of 1 to ${max} characters`);
  return value;
}

function timestamp(body: Record<string, unknown>, field: string, required: boolean): string | null {
  const value = text(body, field, required, 40);
  if (value !== null && (!TIMESTAMP.test(value) || Number.isNaN(Date.parse(value)))) throw invalid(field, 'must be an ISO 8601 date-time');
  return value;
}

/** Errors: VALIDATION_FAILED naming the field, for anything that is neither a ping nor a notification. */
export function parseOrderHook(body: unknown): OrderHookMessage {
  if (body === null || typeof body !== 'object' || Array.isArray(body)) {
    throw new DomainError('VALIDATION_FAILED', 'body: must be a JSON object', 'body');
  }
  const fields = body as Record<string, unknown>;
  if (fields.hookConfig !== undefined) {
    if (fields.hookConfig !== 'ping') throw invalid('hookConfig', 'must be "ping"');
    return { kind: 'ping' };
  }
  const orderId = text(fields, 'OrderId', true, 64)!;
  if (!ORDER_ID.test(orderId)) throw invalid('OrderId', 'is not a VTEX order id');
  const state = text(fields, 'State', true, 64)!;
  // A status VTEX adds later is still recorded (processing decides what it means): refusing it
  // would only make VTEX retry the delivery for days.
  if (!STATUS.test(state)) throw invalid('State', 'is not a VTEX order status');
  const lastState = text(fields, 'LastState', false, 64);
  const origin = fields.Origin;
  if (origin !== undefined && origin !== null && (typeof origin !== 'object' || Array.isArray(origin))) throw invalid('Origin', 'must be an object');
  const originFields = (origin ?? {}) as Record<string, unknown>;
  return {
    kind: 'notification',
    notification: {
      orderId,
      state,
      lastState,
      lastChange: timestamp(fields, 'LastChange', true)!,
      currentChange: timestamp(fields, 'CurrentChange', false),
      originAccount: text(originFields, 'Account', false, 100),
      originKey: text(originFields, 'Key', false, 200),
    },
  };
}
