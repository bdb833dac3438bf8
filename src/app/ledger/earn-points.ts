import { invalid } from '../../domain/errors';
import { earn } from '../../domain/ledger/commands';
import { requirePositivePoints } from '../../domain/points';
import { asError, runLockFreeCredit, runLockFreeCredits, type CommandResult, type LedgerDeps } from './run-ledger-command';

export interface EarnPoints {
  tenantId: string;
  memberId: string;
  points: number;
  /** What the points are for, e.g. `order:1234567-01`. */
  reference: string;
  /** When the points become available (the maturing job moves them then). */
  dueAt: Date;
  idempotencyKey: string;
  /** The inputs the points were computed from, shown in the member's history. */
  details?: Record<string, string | number | null>;
}

/** Credits points as pending: issued → pending, due at `dueAt`. */
export function earnPoints(deps: LedgerDeps, command: EarnPoints): Promise<CommandResult> {
  return runLockFreeCredit(deps, earnCredit(command));
}

/**
 * Several earns of one tenant in one write (the order job's batch); each item answers as
 * `earnPoints` would, with its result or its error.
 */
export function earnPointsMany(deps: LedgerDeps, tenantId: string, commands: EarnPoints[]): Promise<(CommandResult | Error)[]> {
  return runLockFreeCredits(
    deps,
    tenantId,
    commands.map((command) => {
      try {
        return earnCredit(command);
      } catch (error) {
        return asError(error);
      }
    }),
  );
}

function earnCredit(command: EarnPoints) {
  const points = requirePositivePoints(command.points);
  if (command.reference.length === 0 || command.reference.length > 200) throw invalid('reference', 'must be 1 to 200 characters');
  if (Number.isNaN(command.dueAt.getTime())) throw invalid('dueAt', 'must be a valid date');
  return {
    tenantId: command.tenantId,
    memberId: command.memberId,
    idempotencyKey: command.idempotencyKey,
    input: { command: 'earn', points, reference: command.reference, dueAt: command.dueAt, details: command.details },
    decide: ({ transactionId }: { transactionId: string }) =>
      earn(command.memberId, {
        earningId: transactionId,
        points,
        reference: command.reference,
        dueAt: command.dueAt,
        ...(command.details ? { details: command.details } : {}),
      }),
  };
}
