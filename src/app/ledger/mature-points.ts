import { notFound } from '../../domain/errors';
import { mature } from '../../domain/ledger/commands';
import { newId } from '../ids';
import { expiryFrom, runLedgerCommand, type CommandResult, type LedgerDeps } from './run-ledger-command';

/**
 * Makes an earning's points available once due: pending → available, as a lot that expires after
 * the tenant's expiry period. Safe to run any number of times (`mature:{earningId}`).
 */
export async function maturePoints(
  deps: LedgerDeps,
  command: { tenantId: string; earningId: string; /** When the caller already knows it (the sweep). */ memberId?: string },
): Promise<CommandResult> {
  const memberId = command.memberId ?? (await deps.ledger.ownerOf(command.tenantId, { earningId: command.earningId }));
  if (memberId === null) throw notFound('earning');
  return runLedgerCommand(deps, {
    tenantId: command.tenantId,
    memberId,
    idempotencyKey: `mature:${command.earningId}`,
    input: { command: 'mature', earningId: command.earningId },
    needs: { earningId: command.earningId },
    decide: (locked, { now }) => {
      if (!locked.earning) throw notFound('earning');
      return mature(locked.state, locked.earning, {
        now,
        lotId: newId('lot', now.getTime()),
        expiresAt: expiryFrom(now, locked.pointsExpiryDays),
      });
    },
  });
}
