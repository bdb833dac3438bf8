// VTEX order statuses, and which of them may earn points.
// Every order status string VTEX documents (VTEX-API.md §4.1: the Help Center table plus the
// extra strings the Feed/Hook filter accepts).
export const VTEX_ORDER_STATUSES = [
  'order-created',
  'on-order-completed',
  'on-order-completed-ffm',
  'waiting-for-authorization',
  'order-accepted',
  'payment-pending',
  'payment-approved',
  'window-to-change-payment',
  'window-to-change-seller',
  'waiting-ffmt-authorization',
  'waiting-for-manual-authorization',
  'waiting-for-fulfillment',
  'authorize-fulfillment',
  'waiting-for-mkt-authorization',
  'waiting-seller-handling',
  'window-to-cancel',
  'ready-for-handling',
  'start-handling',
  'handling',
  'ready-for-invoicing',
  'invoice',
  'invoiced',
  'request-cancel',
  'cancellation-requested',
  'cancel',
  'canceled',
  'waiting-for-order-authorization',
  'approve-payment',
  'waiting-for-seller-decision',
  'order-create-error',
  'order-creation-error',
  'invoice-after-cancellation-deny',
  'replaced',
] as const;
export type VtexOrderStatus = (typeof VTEX_ORDER_STATUSES)[number];

// Statuses that mean the sale is being undone or never happened: crediting points there would pay
// for cancelled orders, so they cannot be scoring statuses (they are what reverses points).
export const NOT_SCORING: readonly VtexOrderStatus[] = [
  'request-cancel',
  'cancellation-requested',
  'cancel',
  'canceled',
  'order-create-error',
  'order-creation-error',
  'replaced',
];
export const SCORING_STATUSES = VTEX_ORDER_STATUSES.filter((status) => !NOT_SCORING.includes(status));

// The main line of VTEX's order workflow, in order. An order further along it has passed through
// the statuses before (a list or a late hook shows only where it is now).
const MAIN_LINE: readonly string[] = [
  'order-created',
  'order-accepted',
  'payment-pending',
  'payment-approved',
  'ready-for-handling',
  'start-handling',
  'handling',
  'ready-for-invoicing',
  'invoice',
  'invoiced',
];

/** Whether `status` is on the workflow's main line, where how far an order got tells what it passed. */
export function isOnMainLine(status: string): boolean {
  return MAIN_LINE.includes(status);
}

/**
 * The scoring status an order in `current` has reached: `current` itself when it scores, else the
 * furthest scoring status behind it on the workflow's main line. Null when it reached none (or is
 * off the main line, as cancelled orders are).
 */
export function reachedScoringStatus(current: string, scoring: readonly string[]): string | null {
  if (scoring.includes(current)) return current;
  const at = MAIN_LINE.indexOf(current);
  if (at < 0) return null;
  for (let index = at - 1; index >= 0; index--) {
    const status = MAIN_LINE[index];
    if (status !== undefined && scoring.includes(status)) return status;
  }
  return null;
}
