// Periodic ledger work: pending points whose day has come become available, and lots past their
// expiry expire. Each step is an idempotent ledger command, so a sweep that runs twice, or on two
// processes at once, changes nothing the second time.
import { DomainError } from '../domain/errors';
import { expireLot } from '../app/ledger/expire-lot';
import { maturePoints } from '../app/ledger/mature-points';
import type { LedgerDeps } from '../app/ledger/run-ledger-command';
import type { TenantStore } from '../app/ports';

const BATCH = 500;

/** Skips what another run already did or what no longer applies; anything else is a real failure. */
function isSettled(error: unknown): boolean {
  return error instanceof DomainError && ['INVALID_STATE', 'NOT_DUE', 'NOT_FOUND'].includes(error.code);
}

export interface SweepResult {
  matured: number;
  expired: number;
}

export async function sweepLedger(
  deps: LedgerDeps & { tenants: TenantStore },
  scope: { tenantIds?: string[] } = {},
): Promise<SweepResult> {
  const result: SweepResult = { matured: 0, expired: 0 };
  const now = deps.clock.now();
  for (const tenantId of scope.tenantIds ?? (await deps.tenants.listIds())) {
    for (;;) {
      const due = await deps.ledger.dueEarnings(tenantId, now, BATCH);
      for (const { earningId, memberId } of due) {
        try {
          const { replayed } = await maturePoints(deps, { tenantId, earningId, memberId });
          if (!replayed) result.matured++;
        } catch (error) {
          if (!isSettled(error)) throw error;
        }
      }
      if (due.length < BATCH) break;
    }
    for (;;) {
      const lots = await deps.ledger.expiredLots(tenantId, now, BATCH);
      for (const { lotId, memberId } of lots) {
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
