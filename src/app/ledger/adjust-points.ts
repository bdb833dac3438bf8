import { invalid } from '../../domain/errors';
import { adjust } from '../../domain/ledger/commands';
import { requireSignedPoints } from '../../domain/points';
import { newId } from '../ids';
import { expiryFrom, runLedgerCommand, type CommandResult, type LedgerDeps } from './run-ledger-command';

export interface AdjustPoints {
  tenantId: string;
  memberId: string;
  /** Signed: a credit (> 0) or a debit (< 0). */
  points: number;
  reason: string;
  /** Who made the change: an admin user or API key id. */
  actor: string;
  idempotencyKey: string;
}

/** A manual correction by an admin. Errors: VALIDATION_FAILED, NOT_FOUND, INSUFFICIENT_POINTS, IDEMPOTENCY_CONFLICT. */
export function adjustPoints(deps: LedgerDeps, command: AdjustPoints): Promise<CommandResult> {
  const points = requireSignedPoints(command.points);
  const reason = command.reason.trim();
  if (reason.length === 0) throw invalid('reason', 'is required');
  if (reason.length > 500) throw invalid('reason', 'must be at most 500 characters');
  if (command.actor.length === 0) throw invalid('actor', 'is required');
  return runLedgerCommand(deps, {
    tenantId: command.tenantId,
    memberId: command.memberId,
    idempotencyKey: command.idempotencyKey,
    input: { command: 'adjust', points, reason },
    needs: { lots: points < 0 },
    decide: (locked, { now }) =>
      adjust(locked.state, {
        points,
        reason,
        actor: command.actor,
        lotId: newId('lot', now.getTime()),
        expiresAt: expiryFrom(now, locked.pointsExpiryDays),
      }),
  });
}
