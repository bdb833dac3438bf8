// The ledger's commands as pure decisions: given the member's locked state and the command,
// return the complete effect (postings, balance changes, lots, earning and hold records) or throw
// a DomainError. The store writes an effect atomically; nothing here reads a clock or a database.
import { DomainError, invalid } from '../errors';
import { member, postMovements, tenant, type Account, type BalanceEffects, type MemberBalance, type Movement } from './accounts';
import { allocate, allocated, type Allocation, type Lot } from './lots';

export type TransactionKind =
  | 'earn'
  | 'mature'
  | 'reverse'
  | 'redeem-hold'
  | 'redeem-confirm'
  | 'redeem-release'
  | 'redeem-refund'
  | 'adjust'
  | 'expire';

export interface Earning {
  id: string;
  memberId: string;
  reference: string;
  points: number;
  dueAt: Date;
  status: 'pending' | 'matured' | 'reversed';
  maturedPoints: number;
  reversedPoints: number;
  /** Points a reversal could not take back because the member had already spent them. */
  shortfallPoints: number;
  lotId: string | null;
}

export interface Hold {
  id: string;
  memberId: string;
  points: number;
  status: 'held' | 'confirmed' | 'released' | 'refunded';
  allocations: Allocation[];
}

export interface MemberState {
  memberId: string;
  status: 'active' | 'blocked' | 'erased';
  balance: MemberBalance;
  /** Open lots (remaining > 0); loaded only for commands that debit `available`. */
  lots: Lot[];
}

export interface NewLot {
  id: string;
  amount: number;
  expiresAt: Date | null;
  earningId: string | null;
}

export interface LedgerEntry {
  kind: TransactionKind;
  memberId: string;
  reference: string;
  /** The headline amount of the transaction (what the member sees moved). */
  points: number;
  metadata: Record<string, string | number | null>;
  effects: BalanceEffects;
  lifetimeEarnedDelta: number;
  newLot: NewLot | null;
  /** Negative: taken from the lot; positive: given back to it. */
  lotChanges: { lotId: string; delta: number }[];
  earning: { op: 'insert' | 'update'; value: Earning } | null;
  hold: { op: 'insert' | 'update'; value: Hold } | null;
}

function entry(
  base: Pick<LedgerEntry, 'kind' | 'memberId' | 'reference' | 'points'> & Partial<LedgerEntry>,
  movements: Movement[],
): LedgerEntry {
  return {
    metadata: {},
    lifetimeEarnedDelta: 0,
    newLot: null,
    lotChanges: [],
    earning: null,
    hold: null,
    ...base,
    effects: postMovements(movements),
  };
}

const consume = (allocations: Allocation[]) => allocations.map(({ lotId, points }) => ({ lotId, delta: -points }));

/**
 * Earn: issued → pending, due at `dueAt`. The earning's id is the transaction's id. It depends on
 * nothing in the member's balances, so it needs no lock.
 */
export function earn(
  memberId: string,
  command: {
    earningId: string;
    points: number;
    reference: string;
    dueAt: Date;
    /** What the points were computed from (an order's award inputs), kept on the transaction. */
    details?: Record<string, string | number | null>;
  },
): LedgerEntry {
  const earning: Earning = {
    id: command.earningId,
    memberId,
    reference: command.reference,
    points: command.points,
    dueAt: command.dueAt,
    status: 'pending',
    maturedPoints: 0,
    reversedPoints: 0,
    shortfallPoints: 0,
    lotId: null,
  };
  return entry(
    {
      kind: 'earn',
      memberId,
      reference: command.reference,
      points: command.points,
      metadata: { ...command.details, earningId: command.earningId, dueAt: command.dueAt.toISOString() },
      earning: { op: 'insert', value: earning },
    },
    [{ from: tenant('issued'), to: member(memberId, 'pending'), points: command.points }],
  );
}

/** Mature: what is left of an earning moves pending → available as a new lot. */
export function mature(
  state: MemberState,
  earning: Earning,
  command: { now: Date; lotId: string; expiresAt: Date | null },
): LedgerEntry {
  if (earning.status !== 'pending') {
    throw new DomainError('INVALID_STATE', `earning ${earning.id} is ${earning.status}, not pending`);
  }
  if (command.now.getTime() < earning.dueAt.getTime()) {
    throw new DomainError('NOT_DUE', `earning ${earning.id} is due at ${earning.dueAt.toISOString()}`);
  }
  const points = earning.points - earning.reversedPoints;
  return entry(
    {
      kind: 'mature',
      memberId: state.memberId,
      reference: earning.reference,
      points,
      metadata: { earningId: earning.id, lotId: command.lotId },
      lifetimeEarnedDelta: points,
      newLot: { id: command.lotId, amount: points, expiresAt: command.expiresAt, earningId: earning.id },
      earning: { op: 'update', value: { ...earning, status: 'matured', maturedPoints: points, lotId: command.lotId } },
    },
    [{ from: member(state.memberId, 'pending'), to: member(state.memberId, 'available'), points }],
  );
}

/**
 * Reverse: takes back what an earning awarded (all that is left, or `points` of it for a partial
 * return). From pending before maturity; after it from available, never below zero — what the
 * member already spent is recorded as the shortfall.
 */
export function reverse(state: MemberState, earning: Earning, command: { points?: number; reason: string }): LedgerEntry {
  const left = earning.points - earning.reversedPoints;
  if (left === 0) throw new DomainError('INVALID_STATE', `earning ${earning.id} is already fully reversed`);
  const requested = command.points ?? left;
  if (requested > left) throw invalid('points', `only ${left} points of this earning are left to reverse`);
  const reversedPoints = earning.reversedPoints + requested;
  const status = reversedPoints === earning.points ? 'reversed' : earning.status;
  const base = { kind: 'reverse' as const, memberId: state.memberId, reference: earning.reference };
  if (earning.status === 'pending') {
    return entry(
      {
        ...base,
        points: requested,
        metadata: { earningId: earning.id, reason: command.reason, shortfall: 0 },
        earning: { op: 'update', value: { ...earning, reversedPoints, status } },
      },
      [{ from: member(state.memberId, 'pending'), to: tenant('reversed'), points: requested }],
    );
  }
  const allocations = allocate(state.lots, Math.min(requested, state.balance.available), earning.lotId ?? undefined);
  const taken = allocated(allocations);
  const shortfall = requested - taken;
  return entry(
    {
      ...base,
      points: taken,
      metadata: { earningId: earning.id, reason: command.reason, shortfall },
      lifetimeEarnedDelta: -Math.min(requested, state.balance.lifetimeEarned),
      lotChanges: consume(allocations),
      earning: {
        op: 'update',
        value: { ...earning, reversedPoints, shortfallPoints: earning.shortfallPoints + shortfall, status },
      },
    },
    [{ from: member(state.memberId, 'available'), to: tenant('reversed'), points: taken }],
  );
}

/** Adjust: a manual, signed change by an admin. A credit is a new lot; a debit never overdraws. */
export function adjust(
  state: MemberState,
  command: { points: number; reason: string; actor: string; lotId: string; expiresAt: Date | null },
): LedgerEntry {
  const base = {
    kind: 'adjust' as const,
    memberId: state.memberId,
    reference: `actor:${command.actor}`,
    points: command.points,
  };
  const metadata = { reason: command.reason, actor: command.actor };
  if (command.points > 0) {
    return entry(
      {
        ...base,
        metadata: { ...metadata, lotId: command.lotId },
        lifetimeEarnedDelta: command.points,
        newLot: { id: command.lotId, amount: command.points, expiresAt: command.expiresAt, earningId: null },
      },
      [{ from: tenant('issued'), to: member(state.memberId, 'available'), points: command.points }],
    );
  }
  const debit = -command.points;
  requireAvailable(state, debit);
  return entry({ ...base, metadata, lotChanges: consume(allocate(state.lots, debit)) }, [
    { from: member(state.memberId, 'available'), to: tenant('issued'), points: debit },
  ]);
}

function requireAvailable(state: MemberState, points: number): void {
  if (state.balance.available < points) {
    throw new DomainError(
      'INSUFFICIENT_POINTS',
      `the member has ${state.balance.available} points available, ${points} are needed`,
    );
  }
}

/** Hold: available → held for a redemption, remembering the lots it came from. */
export function hold(state: MemberState, command: { holdId: string; points: number }): LedgerEntry {
  if (state.status === 'blocked') throw new DomainError('MEMBER_BLOCKED', 'the member is blocked and cannot redeem');
  if (state.status === 'erased') throw new DomainError('MEMBER_BLOCKED', "the member's data was erased: it cannot redeem");
  requireAvailable(state, command.points);
  const allocations = allocate(state.lots, command.points);
  const value: Hold = { id: command.holdId, memberId: state.memberId, points: command.points, status: 'held', allocations };
  return entry(
    {
      kind: 'redeem-hold',
      memberId: state.memberId,
      reference: `redemption:${command.holdId}`,
      points: command.points,
      lotChanges: consume(allocations),
      hold: { op: 'insert', value },
    },
    [{ from: member(state.memberId, 'available'), to: member(state.memberId, 'held'), points: command.points }],
  );
}

function requireHeld(heldPoints: Hold): void {
  if (heldPoints.status !== 'held') {
    throw new DomainError('INVALID_STATE', `hold ${heldPoints.id} is ${heldPoints.status}, not held`);
  }
}

/** Confirm: the reward was issued; held → redeemed. */
export function confirmHold(state: MemberState, held: Hold): LedgerEntry {
  requireHeld(held);
  return entry(
    {
      kind: 'redeem-confirm',
      memberId: state.memberId,
      reference: `redemption:${held.id}`,
      points: held.points,
      hold: { op: 'update', value: { ...held, status: 'confirmed' } },
    },
    [{ from: member(state.memberId, 'held'), to: tenant('redeemed'), points: held.points }],
  );
}

/**
 * Release: the redemption was rejected or failed; held → available, back into the lots it came
 * from. Points whose lot expired meanwhile go straight on to expired, so no lot is refilled after
 * its expiry was processed.
 */
export function releaseHold(state: MemberState, held: Hold, command: { reason: string; now: Date }): LedgerEntry {
  requireHeld(held);
  return backIntoLots(state, held, { ...command, kind: 'redeem-release', from: member(state.memberId, 'held'), status: 'released' });
}

/**
 * Refund: an issued reward was cancelled, or its coupon expired unused in a program that gives
 * the points back; redeemed → available, into the lots they came from (as a release does).
 */
export function refundHold(state: MemberState, held: Hold, command: { reason: string; now: Date }): LedgerEntry {
  if (held.status !== 'confirmed') throw new DomainError('INVALID_STATE', `hold ${held.id} is ${held.status}, not confirmed`);
  return backIntoLots(state, held, { ...command, kind: 'redeem-refund', from: tenant('redeemed'), status: 'refunded' });
}

/** Points whose lot expired meanwhile go straight on to expired, so no lot is refilled after its expiry was processed. */
function backIntoLots(
  state: MemberState,
  held: Hold,
  command: { reason: string; now: Date; kind: 'redeem-release' | 'redeem-refund'; from: Account; status: Hold['status'] },
): LedgerEntry {
  const isExpired = (allocation: Allocation) =>
    allocation.expiresAt !== null && allocation.expiresAt.getTime() <= command.now.getTime();
  const expired = allocated(held.allocations.filter(isExpired));
  const available = member(state.memberId, 'available');
  return entry(
    {
      kind: command.kind,
      memberId: state.memberId,
      reference: `redemption:${held.id}`,
      points: held.points,
      metadata: { reason: command.reason, expired },
      lotChanges: held.allocations
        .filter((allocation) => !isExpired(allocation))
        .map(({ lotId, points }) => ({ lotId, delta: points })),
      hold: { op: 'update', value: { ...held, status: command.status } },
    },
    [
      { from: command.from, to: available, points: held.points },
      { from: available, to: tenant('expired'), points: expired },
    ],
  );
}

/** Expire: what is left of a lot past its expiry leaves available for the tenant's expired account. */
export function expireLot(state: MemberState, lot: Lot, command: { now: Date }): LedgerEntry {
  if (lot.expiresAt === null || lot.expiresAt.getTime() > command.now.getTime()) {
    throw new DomainError('NOT_DUE', `lot ${lot.id} has not expired`);
  }
  if (lot.remaining === 0) throw new DomainError('INVALID_STATE', `lot ${lot.id} has nothing left to expire`);
  return entry(
    {
      kind: 'expire',
      memberId: state.memberId,
      reference: `lot:${lot.id}`,
      points: lot.remaining,
      metadata: { lotId: lot.id },
      lotChanges: [{ lotId: lot.id, delta: -lot.remaining }],
    },
    [{ from: member(state.memberId, 'available'), to: tenant('expired'), points: lot.remaining }],
  );
}
