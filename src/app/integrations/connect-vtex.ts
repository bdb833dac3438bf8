// Activation's conversation with VTEX: before an active integration is saved, its keys must reach
// everything the program uses, and the order hook must be registered to our webhook with the
// tenant's secret. Deactivating removes the hook. Errors name `active` with what to fix.
import { invalidFields, type FieldError } from '../../domain/errors';
import type { VtexIntegrationSettings } from '../../domain/integration';
import type {
  VtexCapability,
  VtexCapabilityStatus,
  VtexConnection,
  VtexConnectionChecker,
  VtexOrderHookGateway,
} from '../ports';
import { HOOK_SECRET_HEADER } from './receive-order-hook';

export interface VtexLinkDeps {
  vtexChecker: VtexConnectionChecker;
  vtexHooks: VtexOrderHookGateway;
  /** PONTUA_PUBLIC_URL: where VTEX reaches this server. */
  publicUrl: string;
}

/** Cancellations reverse points, so their statuses are hooked besides the scoring ones. */
const CANCEL_STATUSES = ['cancel', 'canceled'];

function describe(capability: string, status: VtexCapabilityStatus): string {
  switch (status.status) {
    case 'forbidden':
      return `VTEX refused ${capability}: add the resource "${status.resource ?? 'unknown'}" to the app key's role`;
    case 'unauthorized':
      return `VTEX did not accept the app key and token (${capability})`;
    case 'unreachable':
      return `VTEX did not answer (${capability}): ${status.message}`;
    case 'error':
      return `VTEX answered ${capability} unexpectedly: ${status.message}`;
    default:
      return `${capability}: ok`;
  }
}

/** What an active program needs: orders and the hook always, customers for real e-mails, the rest as enabled. */
function required(settings: VtexIntegrationSettings): VtexCapability[] {
  return [
    'orders',
    'orderHook',
    'customers',
    'promotions',
    'coupons',
    ...(settings.importProducts || settings.productsAreGifts ? (['catalog'] as const) : []),
  ];
}

export const webhookUrl = (publicUrl: string, tenantId: string) => `${publicUrl}/webhooks/vtex/${tenantId}/orders`;

/** Errors: VALIDATION_FAILED on `active`, one entry per capability VTEX refused. */
export async function connectVtex(
  deps: VtexLinkDeps,
  tenantId: string,
  connection: VtexConnection,
  settings: VtexIntegrationSettings,
  hookSecret: string,
): Promise<void> {
  const report = await deps.vtexChecker.check(connection);
  const problems: FieldError[] = required(settings)
    .filter((capability) => report.capabilities[capability].status !== 'ok')
    .map((capability) => ({ field: 'active', message: describe(capability, report.capabilities[capability]) }));
  if (problems.length > 0) throw invalidFields(problems);
  const registered = await deps.vtexHooks.register(connection, {
    url: webhookUrl(deps.publicUrl, tenantId),
    headers: { [HOOK_SECRET_HEADER]: hookSecret },
    statuses: [...new Set([...settings.scoringStatuses, ...CANCEL_STATUSES])],
  });
  if (registered.status !== 'ok') {
    const hint =
      registered.status === 'error' ? ` — VTEX must reach ${webhookUrl(deps.publicUrl, tenantId)} (set PONTUA_PUBLIC_URL)` : '';
    throw invalidFields([{ field: 'active', message: `${describe('the order hook', registered)}${hint}` }]);
  }
}

/** Best effort: a hook left behind only delivers notifications the receiver ignores while inactive. */
export async function disconnectVtex(deps: VtexLinkDeps, connection: VtexConnection): Promise<VtexCapabilityStatus> {
  return deps.vtexHooks.remove(connection);
}
