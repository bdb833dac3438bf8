// Given these past facts (a member's state), when this command, then these facts or this error.
import { describe, expect, it } from 'vitest';
import { DomainError } from '../../src/domain/errors';
import { adjust, confirmHold, earn, expireLot, hold, mature, releaseHold, reverse, type Earning, type MemberState } from '../../src/domain/ledger/commands';
import { allocate, type Lot } from '../../src/domain/ledger/lots';

const day = (n: number) => new Date(Date.UTC(2026, 0, n));
const lot = (id: string, remaining: number, expiresDay: number | null, createdDay = 1): Lot => ({
  id,
  amount: remaining,
  remaining,
  expiresAt: expiresDay === null ? null : day(expiresDay),
  createdAt: day(createdDay),
});
const state = (balance: Partial<MemberState['balance']> = {}, lots: Lot[] = []): MemberState => ({
  memberId: 'mbr_1',
  status: 'active',
  balance: { pending: 0, available: 0, held: 0, lifetimeEarned: 0, ...balance },
  lots,
});
const earning = (overrides: Partial<Earning> = {}): Earning => ({
  id: 'txn_e',
  memberId: 'mbr_1',
  reference: 'order:1',
  points: 100,
  dueAt: day(10),
  status: 'pending',
  maturedPoints: 0,
  reversedPoints: 0,
  shortfallPoints: 0,
  lotId: null,
  ...overrides,
});
const codeOf = (fn: () => unknown) => {
  try {
    fn();
  } catch (error) {
    if (error instanceof DomainError) return error.code;
    throw error;
  }
  return 'NO_ERROR';
};

describe('earn', () => {
  it('moves points from issued to the member\'s pending account, due at the given date', () => {
    const result = earn('mbr_1', { earningId: 'txn_e', points: 120, reference: 'order:1', dueAt: day(10) });
    expect(result.effects.postings).toEqual([
      { account: 'tenant:issued', amount: -120 },
      { account: 'member:mbr_1:pending', amount: 120 },
    ]);
    expect(result.effects.member).toEqual({ pending: 120, available: 0, held: 0, lifetimeEarned: 0 });
    expect(result.earning?.value).toMatchObject({ status: 'pending', points: 120, dueAt: day(10) });
  });
});

describe('mature', () => {
  it('refuses before the due date', () => {
    expect(codeOf(() => mature(state({ pending: 100 }), earning(), { now: day(9), lotId: 'lot_1', expiresAt: null }))).toBe('NOT_DUE');
  });

  it('moves what is left after partial reversals to available as a new lot', () => {
    const result = mature(state({ pending: 70 }), earning({ reversedPoints: 30 }), { now: day(10), lotId: 'lot_1', expiresAt: day(100) });
    expect(result.effects.member).toEqual({ pending: -70, available: 70, held: 0, lifetimeEarned: 0 });
    expect(result.lifetimeEarnedDelta).toBe(70);
    expect(result.newLot).toEqual({ id: 'lot_1', amount: 70, expiresAt: day(100), earningId: 'txn_e' });
    expect(result.earning?.value).toMatchObject({ status: 'matured', maturedPoints: 70, lotId: 'lot_1' });
  });

  it('refuses an earning that already matured', () => {
    expect(codeOf(() => mature(state(), earning({ status: 'matured' }), { now: day(20), lotId: 'l', expiresAt: null }))).toBe('INVALID_STATE');
  });
});

describe('reverse', () => {
  it('takes pending points back before maturity', () => {
    const result = reverse(state({ pending: 100 }), earning(), { reason: 'cancelled' });
    expect(result.effects.member.pending).toBe(-100);
    expect(result.effects.tenant).toEqual({ reversed: 100 });
    expect(result.earning?.value).toMatchObject({ status: 'reversed', reversedPoints: 100 });
  });

  it('takes a partial return and leaves the rest to mature', () => {
    const result = reverse(state({ pending: 100 }), earning(), { reason: 'item returned', points: 40 });
    expect(result.effects.member.pending).toBe(-40);
    expect(result.earning?.value).toMatchObject({ status: 'pending', reversedPoints: 40 });
  });

  it('after maturity takes from the earning\'s own lot first, never below zero, recording the shortfall', () => {
    const lots = [lot('lot_other', 30, 5), lot('lot_own', 10, 50)];
    const result = reverse(state({ available: 40, lifetimeEarned: 130 }, lots), earning({ status: 'matured', maturedPoints: 100, lotId: 'lot_own' }), {
      reason: 'returned',
    });
    expect(result.points).toBe(40);
    expect(result.lotChanges).toEqual([
      { lotId: 'lot_own', delta: -10 },
      { lotId: 'lot_other', delta: -30 },
    ]);
    expect(result.metadata.shortfall).toBe(60);
    expect(result.effects.member.available).toBe(-40);
    expect(result.earning?.value).toMatchObject({ status: 'reversed', reversedPoints: 100, shortfallPoints: 60 });
  });

  it('refuses more than is left to reverse, and a fully reversed earning', () => {
    expect(codeOf(() => reverse(state({ pending: 100 }), earning({ reversedPoints: 80 }), { reason: 'r', points: 30 }))).toBe('VALIDATION_FAILED');
    expect(codeOf(() => reverse(state(), earning({ status: 'reversed', reversedPoints: 100 }), { reason: 'r' }))).toBe('INVALID_STATE');
  });
});

describe('adjust', () => {
  it('credits as a new lot and debits from lots nearest to expiry first', () => {
    const credit = adjust(state(), { points: 50, reason: 'goodwill', actor: 'apikey:k', lotId: 'lot_n', expiresAt: null });
    expect(credit.newLot?.amount).toBe(50);
    const debit = adjust(state({ available: 60 }, [lot('a', 20, null), lot('b', 20, 30), lot('c', 20, 10)]), {
      points: -30,
      reason: 'fix',
      actor: 'apikey:k',
      lotId: 'unused',
      expiresAt: null,
    });
    expect(debit.lotChanges).toEqual([
      { lotId: 'c', delta: -20 },
      { lotId: 'b', delta: -10 },
    ]);
  });

  it('refuses a debit below zero', () => {
    expect(codeOf(() => adjust(state({ available: 10 }), { points: -11, reason: 'x', actor: 'a', lotId: 'l', expiresAt: null }))).toBe(
      'INSUFFICIENT_POINTS',
    );
  });
});

describe('hold, confirm, release', () => {
  it('holds from available, then confirms to redeemed', () => {
    const held = hold(state({ available: 50 }, [lot('a', 50, null)]), { holdId: 'rdm_1', points: 30 });
    expect(held.effects.member).toMatchObject({ available: -30, held: 30 });
    const confirmed = confirmHold(state({ available: 20, held: 30 }), held.hold!.value);
    expect(confirmed.effects.tenant).toEqual({ redeemed: 30 });
    expect(confirmed.hold?.value.status).toBe('confirmed');
  });

  it('release gives the points back to their lots, and expired ones straight to expired', () => {
    const held = hold(state({ available: 50 }, [lot('soon', 20, 5), lot('later', 30, 90)]), { holdId: 'rdm_1', points: 40 }).hold!.value;
    const released = releaseHold(state({ available: 10, held: 40 }), held, { reason: 'rejected', now: day(6) });
    expect(released.lotChanges).toEqual([{ lotId: 'later', delta: 20 }]);
    expect(released.effects.member).toMatchObject({ available: 20, held: -40 });
    expect(released.effects.tenant).toEqual({ expired: 20 });
  });

  it('refuses to hold more than is available, for a blocked member, or to confirm twice', () => {
    expect(codeOf(() => hold(state({ available: 5 }), { holdId: 'r', points: 6 }))).toBe('INSUFFICIENT_POINTS');
    expect(codeOf(() => hold({ ...state({ available: 50 }), status: 'blocked' }, { holdId: 'r', points: 6 }))).toBe('MEMBER_BLOCKED');
    const confirmed = { id: 'r', memberId: 'mbr_1', points: 5, status: 'confirmed' as const, allocations: [] };
    expect(codeOf(() => confirmHold(state(), confirmed))).toBe('INVALID_STATE');
  });
});

describe('expire', () => {
  it('expires what is left of a lot only once its day has come', () => {
    expect(codeOf(() => expireLot(state({ available: 20 }), lot('a', 20, 10), { now: day(9) }))).toBe('NOT_DUE');
    const result = expireLot(state({ available: 20 }), lot('a', 20, 10), { now: day(10) });
    expect(result.effects.tenant).toEqual({ expired: 20 });
    expect(result.lotChanges).toEqual([{ lotId: 'a', delta: -20 }]);
  });
});

describe('allocate', () => {
  it('takes nearest expiry first, lots without expiry last, then the oldest', () => {
    const lots = [lot('never', 10, null, 1), lot('late', 10, 40, 1), lot('early-new', 10, 20, 3), lot('early-old', 10, 20, 2)];
    expect(allocate(lots, 25).map((a) => [a.lotId, a.points])).toEqual([
      ['early-old', 10],
      ['early-new', 10],
      ['late', 5],
    ]);
  });
});
