// Every ledger write goes through here: one database transaction that locks the member, replays
// an earlier result for the same idempotency key (or refuses the key with other input), and
// otherwise records what the domain decided.
import { DomainError, invalid, notFound } from '../../domain/errors';
import type { LedgerEntry } from '../../domain/ledger/commands';
import { newId } from '../ids';
import { hashInput } from '../input-hash';
import { IdempotencyKeyTaken, type Clock, type LedgerStore, type LockedMember, type LockNeeds, type NewTransaction, type TransactionView } from '../ports';

export interface LedgerDeps {
  ledger: LedgerStore;
  clock: Clock;
}

export interface CommandResult {
  transaction: TransactionView;
  /** True when the idempotency key had been used before and this is the original result. */
  replayed: boolean;
}

const KEY_PATTERN = /^[\x21-\x7e]{1,200}$/;

export function requireIdempotencyKey(key: unknown, field = 'Idempotency-Key'): string {
  if (typeof key !== 'string' || !KEY_PATTERN.test(key)) {
    throw invalid(field, 'must be 1 to 200 printable ASCII characters without spaces');
  }
  return key;
}

export interface LedgerCommand {
  tenantId: string;
  memberId: string;
  idempotencyKey: string;
  /** Everything that defines the command; its hash is compared on replay. */
  input: Record<string, unknown>;
  needs: LockNeeds;
  decide(locked: LockedMember, context: { now: Date; transactionId: string }): LedgerEntry;
  /**
   * The commit need not wait for the disk: a database crash may undo this step, because a job
   * redoes it (a redemption's confirm: the redemption job issues an `issuing` redemption again).
   */
  relaxedCommit?: boolean;
  /** Writes of another store that belong to the same transaction (a redemption with its hold); throwing undoes all. */
  alongside?(handle: unknown, context: { now: Date; transactionId: string }): Promise<void>;
}

type LockFreeCredit = Omit<LedgerCommand, 'needs' | 'decide'> & { decide(context: { now: Date; transactionId: string }): LedgerEntry };

/** The transaction and entry a lock-free credit would write, decided before any I/O. */
function prepareLockFreeCredit(deps: LedgerDeps, command: LockFreeCredit) {
  const idempotencyKey = requireIdempotencyKey(command.idempotencyKey);
  const inputHash = hashInput({ memberId: command.memberId, ...command.input });
  const now = deps.clock.now();
  const transactionId = newId('txn', now.getTime());
  const entry = command.decide({ now, transactionId });
  return { transaction: { id: transactionId, idempotencyKey, inputHash, createdAt: now }, entry };
}

/** The answer when the credit's key was already taken: the original result, or a conflict. */
async function replayLockFreeCredit(deps: LedgerDeps, command: LockFreeCredit, inputHash: string): Promise<CommandResult> {
  const original = await deps.ledger.transactionByKey(command.tenantId, command.idempotencyKey);
  if (!original) throw notFound('member');
  if (original.inputHash !== inputHash) {
    throw new DomainError('IDEMPOTENCY_CONFLICT', 'this Idempotency-Key was already used with a different request');
  }
  return { transaction: original.transaction, replayed: true };
}

/**
 * A credit whose decision needs nothing from the member's state (an earn): written in one
 * statement without a lock. The idempotency key's unique index decides between concurrent
 * identical requests; the loser replays the winner's transaction.
 */
export async function runLockFreeCredit(deps: LedgerDeps, command: LockFreeCredit): Promise<CommandResult> {
  const { transaction, entry } = prepareLockFreeCredit(deps, command);
  const recorded = await deps.ledger.recordIfNew(command.tenantId, transaction, entry);
  if (recorded) return { transaction: recorded, replayed: false };
  return replayLockFreeCredit(deps, command, transaction.inputHash);
}

/**
 * Several lock-free credits of one tenant written in one statement; each answers as
 * `runLockFreeCredit` would (a command that cannot be prepared or replayed answers with its
 * error). If the shared statement fails, each command is tried alone, so one bad credit does not
 * hold back the others.
 */
export async function runLockFreeCredits(deps: LedgerDeps, tenantId: string, commands: (LockFreeCredit | Error)[]): Promise<(CommandResult | Error)[]> {
  const results: (CommandResult | Error)[] = [];
  const prepared: { index: number; command: LockFreeCredit; transaction: NewTransaction; entry: LedgerEntry }[] = [];
  commands.forEach((command, index) => {
    // A command its caller could not build (invalid input) answers its own error.
    if (command instanceof Error) {
      results[index] = command;
      return;
    }
    if (command.tenantId !== tenantId) throw new Error(`credit for tenant ${command.tenantId} in a batch of ${tenantId}`);
    try {
      prepared.push({ index, command, ...prepareLockFreeCredit(deps, command) });
    } catch (error) {
      results[index] = asError(error);
    }
  });
  let recorded: (TransactionView | null)[];
  try {
    recorded = await deps.ledger.recordManyIfNew(tenantId, prepared);
  } catch {
    recorded = [];
  }
  await Promise.all(
    prepared.map(async ({ index, command, transaction }, position) => {
      const written = recorded[position];
      try {
        if (written) results[index] = { transaction: written, replayed: false };
        else if (recorded.length > 0) results[index] = await replayLockFreeCredit(deps, command, transaction.inputHash);
        else results[index] = await runLockFreeCredit(deps, command);
      } catch (error) {
        results[index] = asError(error);
      }
    }),
  );
  return results;
}

export const asError = (error: unknown) => (error instanceof Error ? error : new Error(String(error)));

export async function runLedgerCommand(deps: LedgerDeps, command: LedgerCommand): Promise<CommandResult> {
  const idempotencyKey = requireIdempotencyKey(command.idempotencyKey);
  const inputHash = hashInput({ memberId: command.memberId, ...command.input });
  for (let attempt = 1; ; attempt++) {
    try {
      return await deps.ledger.inTransaction(async (session) => {
        const locked = await session.lockMember(command.tenantId, command.memberId, idempotencyKey, command.needs);
        if (!locked) throw notFound('member');
        if (locked.existing) {
          if (locked.existing.inputHash !== inputHash) {
            throw new DomainError('IDEMPOTENCY_CONFLICT', 'this Idempotency-Key was already used with a different request');
          }
          const original = await session.transactionByKey(command.tenantId, idempotencyKey);
          if (!original) throw new Error(`transaction for key ${idempotencyKey} vanished`);
          return { transaction: original.transaction, replayed: true };
        }
        const now = deps.clock.now();
        const transactionId = newId('txn', now.getTime());
        const entry = command.decide(locked, { now, transactionId });
        const transaction = await session.record(
          command.tenantId,
          { id: transactionId, idempotencyKey, inputHash, createdAt: now },
          entry,
          { relaxedCommit: command.relaxedCommit === true },
        );
        await command.alongside?.(session.handle, { now, transactionId });
        return { transaction, replayed: false };
      });
    } catch (error) {
      // Another member's command took the key between our check and our insert: run again, which
      // finds that transaction and answers with a replay or a conflict.
      if (error instanceof IdempotencyKeyTaken && attempt < 2) continue;
      throw error;
    }
  }
}

export const addDays = (date: Date, days: number) => new Date(date.getTime() + days * 86_400_000);

export const expiryFrom = (now: Date, pointsExpiryDays: number | null) =>
  pointsExpiryDays === null ? null : addDays(now, pointsExpiryDays);
