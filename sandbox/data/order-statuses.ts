// VTEX order statuses (VTEX-API.md §4.1), with a one-byte code so an account can keep the
// current status of a million orders in a Uint8Array and filter by status with a scan.

export const ORDER_STATUSES = [
  'order-created',
  'on-order-completed',
  'payment-pending',
  'waiting-for-sellers-confirmation',
  'payment-approved',
  'window-to-cancel',
  'ready-for-handling',
  'start-handling',
  'handling',
  'invoice',
  'invoiced',
  'request-cancel',
  'cancellation-requested',
  'cancel',
  'canceled',
  'waiting-for-authorization',
  'order-accepted',
  'authorize-fulfillment',
  'window-to-change-payment',
  'window-to-change-seller',
  'waiting-ffmt-authorization',
  'ready-for-invoicing',
] as const;

export type OrderStatus = (typeof ORDER_STATUSES)[number];

const CODES = new Map<string, number>(ORDER_STATUSES.map((status, code) => [status, code]));

export function isOrderStatus(value: string): value is OrderStatus {
  return CODES.has(value);
}

export function statusCode(status: OrderStatus): number {
  return CODES.get(status) ?? 0;
}

export function statusFromCode(code: number): OrderStatus {
  return ORDER_STATUSES[code] ?? 'order-created';
}

// What the Admin shows (pt-BR), as the field `statusDescription` carries it.
const DESCRIPTIONS: Record<OrderStatus, string> = {
  'order-created': 'Processando',
  'on-order-completed': 'Processando',
  'payment-pending': 'Pagamento Pendente',
  'waiting-for-sellers-confirmation': 'Aguardando confirmação do seller',
  'payment-approved': 'Pagamento Aprovado',
  'window-to-cancel': 'Carência para Cancelamento',
  'ready-for-handling': 'Pronto para o manuseio',
  'start-handling': 'Iniciar Manuseio',
  'handling': 'Preparando Entrega',
  'invoice': 'Verificando Envio',
  'invoiced': 'Faturado',
  'request-cancel': 'Solicitar Cancelamento',
  'cancellation-requested': 'Cancelamento solicitado',
  'cancel': 'Cancelando',
  'canceled': 'Cancelado',
  'waiting-for-authorization': 'Aguardando autorização',
  'order-accepted': 'Pedido aceito',
  'authorize-fulfillment': 'Aguardando Decisão do Seller',
  'window-to-change-payment': 'Janela para alterar pagamento',
  'window-to-change-seller': 'Janela para alterar seller',
  'waiting-ffmt-authorization': 'Aguardando autorização para despachar',
  'ready-for-invoicing': 'Pronto para faturar',
};

export function statusDescription(status: OrderStatus): string {
  return DESCRIPTIONS[status];
}

// Statuses reached only after the payment was authorised: they carry an authorizedDate.
const AFTER_AUTHORIZATION = new Set<OrderStatus>([
  'payment-approved', 'window-to-cancel', 'ready-for-handling', 'start-handling', 'handling',
  'invoice', 'invoiced', 'authorize-fulfillment', 'ready-for-invoicing',
]);

export function isAuthorized(status: OrderStatus): boolean {
  return AFTER_AUTHORIZATION.has(status);
}

export function isCancellation(status: OrderStatus): boolean {
  return status === 'cancel' || status === 'canceled' || status === 'request-cancel' || status === 'cancellation-requested';
}
