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
