// The VTEX order hook: answer fast (VTEX wants 200 within 5 s), never call VTEX here, record the
// notification once per (order, state, last change) for the order jobs to process.
import { timingSafeEqual } from 'node:crypto';
import { DomainError, invalid } from '../../domain/errors';
import { parseOrderHook } from '../../domain/order-hook';
import { newId } from '../ids';
import type { Clock, OrderEventStore, SecretBox, StoredVtexIntegration, WorkSignal } from '../ports';
import type { RecentReads } from '../recent-reads';
import { secretContext } from './vtex-integration-view';

/** The header our hook config asks VTEX to send with every notification. */
export const HOOK_SECRET_HEADER = 'x-pontua-hook-secret';

export type HookOutcome = 'ping' | 'recorded' | 'duplicate' | 'ignored';

const isPing = (body: unknown) =>
  body !== null && typeof body === 'object' && (body as { hookConfig?: unknown }).hookConfig === 'ping';

const unauthorized = () => new DomainError('UNAUTHORIZED', `a valid ${HOOK_SECRET_HEADER} header is required`);

function sameSecret(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

/** Hook secrets already opened, by the integration reading they were sealed in (gone with it). */
const openedHookSecrets = new WeakMap<StoredVtexIntegration, string>();

/**
 * Errors: UNAUTHORIZED (unknown tenant, no integration, wrong secret — indistinguishable on
 * purpose), VALIDATION_FAILED (a body that is neither a ping nor a notification, or one from
 * another VTEX account).
 */
export async function receiveOrderHook(
  deps: {
    recentReads: Pick<RecentReads, 'integration' | 'freshIntegration'>;
    secrets: SecretBox;
    orderEvents: OrderEventStore;
    clock: Clock;
    orderEventsRecorded: WorkSignal;
  },
  command: { tenantId: string; secret: string | undefined; body: unknown },
): Promise<HookOutcome> {
  // VTEX pings the URL when the hook is saved, which activation does before the integration (and
  // its secret) is stored. A ping changes nothing, so it is answered without the secret.
  if (isPing(command.body)) return 'ping';
  if (!/^ten_[0-9A-Z]{26}$/.test(command.tenantId) || !command.secret) throw unauthorized();
  const given = command.secret;
  const accepts = (stored: StoredVtexIntegration | null): stored is StoredVtexIntegration => {
    if (stored === null) return false;
    // Opened once per reading kept (recent-reads.ts), not per notification: AES-GCM was 6 % of the hook's CPU.
    let hookSecret = openedHookSecrets.get(stored);
    if (hookSecret === undefined) {
      hookSecret = deps.secrets.open(stored.hookSecretSealed, secretContext(command.tenantId, 'hookSecret'));
      openedHookSecrets.set(stored, hookSecret);
    }
    return sameSecret(given, hookSecret);
  };
  // The integration as read a few seconds ago serves while it would record the notification; a
  // reading that would refuse it or ignore it (inactive) may be older than an activation or a new
  // hook secret, so the integration is read again before deciding.
  let stored = await deps.recentReads.integration(command.tenantId);
  if (!accepts(stored) || !stored.settings.active) stored = await deps.recentReads.freshIntegration(command.tenantId);
  if (!accepts(stored)) throw unauthorized();
  const message = parseOrderHook(command.body);
  if (message.kind === 'ping') return 'ping';
  const { notification } = message;
  if (notification.originAccount !== null && notification.originAccount.toLowerCase() !== stored.settings.accountName) {
    throw invalid('Origin.Account', "is not this store's VTEX account");
  }
  // Deactivated: VTEX may still deliver what it had queued. Accept it (or VTEX retries for days)
  // and keep nothing: nothing is scored while the integration is off.
  if (!stored.settings.active) return 'ignored';
  const now = deps.clock.now();
  const outcome = await deps.orderEvents.record(command.tenantId, {
    id: newId('evt', now.getTime()),
    orderId: notification.orderId,
    state: notification.state,
    lastState: notification.lastState,
    lastChange: notification.lastChange,
    currentChange: notification.currentChange,
    source: 'hook',
    receivedAt: now,
  });
  // A worker in this process settles it now instead of at its next round.
  if (outcome === 'recorded') deps.orderEventsRecorded.notify();
  return outcome;
}
