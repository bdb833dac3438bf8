// Periodic ledger work: pending points whose day has come become available — an order's only after
// the order was read again and any cancellation or return applied — and lots past their expiry
// expire. Each step is an idempotent ledger command, so a sweep that runs twice, or on two
// processes at once, changes nothing the second time.
import { DomainError } from '../domain/errors';
import { expireLot } from '../app/ledger/expire-lot';
import { maturePoints } from '../app/ledger/mature-points';
import type { OrderContext, OrderDeps } from '../app/orders/process-order-events';
import { recheckOrderAtMaturity } from '../app/orders/recheck-order-at-maturity';

const BATCH = 500;
/** Earnings matured side by side (each waits for its order's VTEX read first). */
const LANES = 8;

/** Skips what another run already did or what no longer applies; anything else is a real failure. */
function isSettled(error: unknown): boolean {
  return error instanceof DomainError && ['INVALID_STATE', 'NOT_DUE', 'NOT_FOUND'].includes(error.code);
}

export interface SweepResult {
  matured: number;
  expired: number;
  /** Order earnings due but not matured yet: their order could not be re-read now. */
  waiting: number;
}

/** `signal`: stop between steps (the worker is shutting down); the next sweep goes on from there. */
export async function sweepLedger(deps: OrderDeps, scope: { tenantIds?: string[]; signal?: AbortSignal } = {}): Promise<SweepResult> {
  const result: SweepResult = { matured: 0, expired: 0, waiting: 0 };
  const now = deps.clock.now();
  const contexts = new Map<string, Promise<OrderContext | null | undefined>>();
  for (const tenantId of scope.tenantIds ?? (await deps.tenants.listIds())) {
    for (;;) {
      const due = await deps.ledger.dueEarnings(tenantId, now, BATCH);
      let waiting = 0;
      // Each order is read again from VTEX before its points mature: LANES of them at a time, so
      // the sweep waits for VTEX once per LANES earnings instead of once per earning.
      let next = 0;
      const lane = async () => {
        for (let item = due[next++]; item !== undefined && !scope.signal?.aborted; item = due[next++]) {
          const { earningId, memberId, reference } = item;
          if ((await recheckOrderAtMaturity(deps, contexts, tenantId, reference)) === 'wait') {
            waiting++;
            continue;
          }
          try {
            const { replayed } = await maturePoints(deps, { tenantId, earningId, memberId });
            if (!replayed) result.matured++;
          } catch (error) {
            if (!isSettled(error)) throw error;
          }
        }
      };
      // Every lane ends before the sweep goes on (or fails), even when one of them fails.
      const lanes = await Promise.allSettled(Array.from({ length: Math.min(LANES, due.length) }, lane));
      const failed = lanes.find((outcome) => outcome.status === 'rejected');
      if (failed) throw failed.reason;
      if (scope.signal?.aborted) return result;
      result.waiting += waiting;
      // A full page that only waited would come back the same: the next sweep tries again.
      if (due.length < BATCH || waiting === due.length) break;
    }
    for (;;) {
      const lots = await deps.ledger.expiredLots(tenantId, now, BATCH);
      for (const { lotId, memberId } of lots) {
        if (scope.signal?.aborted) return result;
        try {
          const { replayed } = await expireLot(deps, { tenantId, lotId, memberId });
          if (!replayed) result.expired++;
        } catch (error) {
          if (!isSettled(error)) throw error;
        }
      }
      if (lots.length < BATCH) break;
    }
  }
  return result;
}
