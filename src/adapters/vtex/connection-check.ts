// The connection check behind "Test connection", and the order hook's registration: one cheap read per capability the integration
// uses, each answer turned into ok / forbidden (with the resource to add) / unauthorized /
// unreachable. Reads only: nothing in the merchant's account changes.
import type {
  VtexCapability,
  VtexCapabilityStatus,
  VtexConnection,
  VtexConnectionChecker,
  VtexConnectionReport,
  VtexOrderHookGateway,
} from '../../app/ports';
import { createVtexClient } from './client';
import type { VtexClientOptions } from './http-transport';
import type { VtexResult } from './result';

function statusOf(result: VtexResult<unknown>, { notFoundIsOk = false } = {}): VtexCapabilityStatus {
  if (result.ok) return { status: 'ok' };
  const { error } = result;
  switch (error.kind) {
    case 'forbidden':
      return { status: 'forbidden', resource: error.resource ?? null, message: error.message };
    case 'unauthorized':
      return { status: 'unauthorized', message: error.message };
    case 'unreachable':
    case 'rate_limited':
    case 'server':
      return { status: 'unreachable', message: error.message };
    case 'not_found':
      return notFoundIsOk ? { status: 'ok' } : { status: 'error', message: error.message };
    default:
      return { status: 'error', message: error.message };
  }
}

type CheckerOptions = Pick<VtexClientOptions, 'baseUrlTemplate' | 'sleep'> & { timeoutMs?: number };

// A person is waiting for these answers: short timeouts and one retry, not an import's patience.
function interactiveClient(connection: VtexConnection, options: CheckerOptions) {
  return createVtexClient({
    account: connection.accountName,
    environment: connection.environment,
    appKey: connection.appKey,
    appToken: connection.appToken,
    timeoutMs: options.timeoutMs ?? 10_000,
    retry: { maxAttempts: 2, baseDelayMs: 200, maxRetryAfterMs: 2_000, rateLimitFloorMs: 1_000 },
    ...(options.baseUrlTemplate ? { baseUrlTemplate: options.baseUrlTemplate } : {}),
    ...(options.sleep ? { sleep: options.sleep } : {}),
  });
}

export function vtexOrderHookGateway(options: CheckerOptions = {}): VtexOrderHookGateway {
  return {
    async register(connection, registration) {
      const client = interactiveClient(connection, options);
      return statusOf(await client.setOrderHook(registration));
    },
    async remove(connection) {
      return statusOf(await interactiveClient(connection, options).deleteOrderHook(), { notFoundIsOk: true });
    },
  };
}

export function vtexConnectionChecker(
  options: CheckerOptions = {},
): VtexConnectionChecker {
  return {
    async check(connection: VtexConnection): Promise<VtexConnectionReport> {
      const client = interactiveClient(connection, options);
      const [customers, orders, orderHook, catalog, promotions, coupons] = await Promise.all([
        client.searchCustomers({ fields: ['id'], range: [0, 1] }),
        client.listOrders({ page: 1, perPage: 1 }),
        client.getOrderHook(),
        client.listSkuIds(1, 1),
        client.listPromotions(),
        // An unknown code answers 404 to a key that may read coupons, 403 to one that may not.
        client.getCoupon('PONTUACHECK'),
      ]);
      const capabilities: Record<VtexCapability, VtexCapabilityStatus> = {
        customers: statusOf(customers),
        orders: statusOf(orders),
        orderHook: statusOf(orderHook),
        catalog: statusOf(catalog),
        promotions: statusOf(promotions),
        coupons: statusOf(coupons, { notFoundIsOk: true }),
      };
      return {
        capabilities,
        customerCount: customers.ok ? customers.value.total : null,
        orderCount: orders.ok ? orders.value.paging.total : null,
      };
    },
  };
}
