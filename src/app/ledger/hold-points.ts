import { notFound } from '../../domain/errors';
import { confirmHold, hold, refundHold, releaseHold } from '../../domain/ledger/commands';
import { requirePositivePoints } from '../../domain/points';
import { runLedgerCommand, type CommandResult, type LedgerCommand, type LedgerDeps } from './run-ledger-command';

// A redemption's points go through three steps, each its own idempotent ledger transaction keyed
// by the redemption id: hold (available → held), then confirm (held → redeemed) once the reward
// was issued, or release (held → available) when it was rejected or failed. An issued reward that
// is cancelled (or whose coupon expires unused, when the program says so) is refunded
// (redeemed → available). `alongside` writes the redemption's own change in the same transaction.

export function holdPoints(
  deps: LedgerDeps,
  command: { tenantId: string; memberId: string; redemptionId: string; points: number },
): Promise<CommandResult> {
  const points = requirePositivePoints(command.points);
  return runLedgerCommand(deps, {
    tenantId: command.tenantId,
    memberId: command.memberId,
    idempotencyKey: `redeem-hold:${command.redemptionId}`,
    input: { command: 'redeem-hold', redemptionId: command.redemptionId, points },
    needs: { lots: true },
    decide: (locked) => hold(locked.state, { holdId: command.redemptionId, points }),
  });
}

/** The hold's member; a caller that knows it (the redemption's) passes `memberId` and saves the look-up. */
async function ownerOfHold(deps: LedgerDeps, tenantId: string, redemptionId: string): Promise<string> {
  const memberId = await deps.ledger.ownerOf(tenantId, { holdId: redemptionId });
  if (memberId === null) throw notFound('hold');
  return memberId;
}

export async function confirmHeldPoints(
  deps: LedgerDeps,
  command: { tenantId: string; redemptionId: string; memberId?: string; alongside?: LedgerCommand['alongside']; relaxedCommit?: boolean },
): Promise<CommandResult> {
  return runLedgerCommand(deps, {
    tenantId: command.tenantId,
    memberId: command.memberId ?? (await ownerOfHold(deps, command.tenantId, command.redemptionId)),
    idempotencyKey: `redeem-confirm:${command.redemptionId}`,
    input: { command: 'redeem-confirm', redemptionId: command.redemptionId },
    needs: { holdId: command.redemptionId },
    decide: (locked) => {
      if (!locked.hold) throw notFound('hold');
      return confirmHold(locked.state, locked.hold);
    },
    ...(command.alongside ? { alongside: command.alongside } : {}),
    ...(command.relaxedCommit ? { relaxedCommit: true } : {}),
  });
}

type HoldStep = { tenantId: string; redemptionId: string; reason: string; alongside?: LedgerCommand['alongside'] };

/** Points back to the member from a hold: released while held, refunded once confirmed. */
async function givePointsBack(deps: LedgerDeps, command: HoldStep, step: 'redeem-release' | 'redeem-refund'): Promise<CommandResult> {
  const decideStep = step === 'redeem-release' ? releaseHold : refundHold;
  return runLedgerCommand(deps, {
    tenantId: command.tenantId,
    memberId: await ownerOfHold(deps, command.tenantId, command.redemptionId),
    idempotencyKey: `${step}:${command.redemptionId}`,
    input: { command: step, redemptionId: command.redemptionId, reason: command.reason },
    needs: { holdId: command.redemptionId },
    decide: (locked, { now }) => {
      if (!locked.hold) throw notFound('hold');
      return decideStep(locked.state, locked.hold, { reason: command.reason, now });
    },
    ...(command.alongside ? { alongside: command.alongside } : {}),
  });
}

export const refundRedeemedPoints = (deps: LedgerDeps, command: HoldStep) => givePointsBack(deps, command, 'redeem-refund');

export const releaseHeldPoints = (deps: LedgerDeps, command: HoldStep) => givePointsBack(deps, command, 'redeem-release');
