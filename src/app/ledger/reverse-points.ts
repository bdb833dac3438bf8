import { invalid, notFound } from '../../domain/errors';
import { reverse } from '../../domain/ledger/commands';
import { requirePositivePoints } from '../../domain/points';
import { runLedgerCommand, type CommandResult, type LedgerDeps } from './run-ledger-command';

export interface ReversePoints {
  tenantId: string;
  earningId: string;
  /** Part of the earning to take back (a partial return); all that is left when omitted. */
  points?: number;
  reason: string;
  idempotencyKey: string;
}

/** Takes back exactly what an earning awarded, from pending or available, never below zero. */
export async function reversePoints(deps: LedgerDeps, command: ReversePoints): Promise<CommandResult> {
  const points = command.points === undefined ? undefined : requirePositivePoints(command.points);
  const reason = command.reason.trim();
  if (reason.length === 0 || reason.length > 500) throw invalid('reason', 'must be 1 to 500 characters');
  const memberId = await deps.ledger.ownerOf(command.tenantId, { earningId: command.earningId });
  if (memberId === null) throw notFound('earning');
  return runLedgerCommand(deps, {
    tenantId: command.tenantId,
    memberId,
    idempotencyKey: command.idempotencyKey,
    input: { command: 'reverse', earningId: command.earningId, points, reason },
    needs: { earningId: command.earningId, lots: true },
    decide: (locked) => {
      if (!locked.earning) throw notFound('earning');
      return reverse(locked.state, locked.earning, { ...(points === undefined ? {} : { points }), reason });
    },
  });
}
