import { notFound } from '../../domain/errors';
import { expireLot as expire } from '../../domain/ledger/commands';
import { runLedgerCommand, type CommandResult, type LedgerDeps } from './run-ledger-command';

/** Expires what is left of a lot past its expiry: available → expired (`expire:lot:{lotId}`). */
export async function expireLot(
  deps: LedgerDeps,
  command: { tenantId: string; lotId: string; /** When the caller already knows it (the sweep). */ memberId?: string },
): Promise<CommandResult> {
  const memberId = command.memberId ?? (await deps.ledger.ownerOf(command.tenantId, { lotId: command.lotId }));
  if (memberId === null) throw notFound('lot');
  return runLedgerCommand(deps, {
    tenantId: command.tenantId,
    memberId,
    idempotencyKey: `expire:lot:${command.lotId}`,
    input: { command: 'expire', lotId: command.lotId },
    needs: { lotId: command.lotId },
    decide: (locked, { now }) => {
      if (!locked.lot) throw notFound('lot');
      return expire(locked.state, locked.lot, { now });
    },
  });
}
