// The audit's decisions as given / when / then: given VTEX's order and the ledger's earns, when
// audited, then these differences (or none).
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  auditOrder,
  earningRecordDifferences,
  memberBalanceDifferences,
  memberTotalDifferences,
  type AuditRules,
  type OrderEarn,
  type VtexOrderView,
} from '../../src/domain/order-audit';
import { awardFor, pointsKeptAfterReturns } from '../../src/domain/scoring';

const NOW = new Date('2026-06-01T12:00:00.000Z');
const rules: AuditRules = { rate: '1.0000', includeShipping: false, scoringStatuses: ['invoiced'], now: NOW, maturityGraceMs: 10 * 60_000 };
const order = (overrides: Partial<VtexOrderView> = {}): VtexOrderView => ({
  orderId: '100-01', status: 'invoiced', itemsCents: 25_990, discountsCents: -2_599, shippingCents: 1_500, refundedCents: 0, userProfileId: 'user-1', ...overrides,
});
const earn = (overrides: Partial<OrderEarn> = {}): OrderEarn => ({
  earnId: 'txn_1', memberId: 'mbr_1', memberErased: false, points: 233, reversedPoints: 0, matured: true, dueAt: new Date('2026-05-01T00:00:00Z'),
  earnedAt: new Date('2026-04-24T00:00:00Z'), rate: '1.0000', includeShipping: false, eligibleCents: 23_391, scoredStatus: 'invoiced', ...overrides,
});
const audit = (vtex: VtexOrderView | null, earns: OrderEarn[], linkedMemberId: string | null = 'mbr_1', status = vtex?.status ?? 'canceled', given = rules) =>
  auditOrder({ orderId: '100-01', status, order: vtex, earns, linkedMemberId }, given);
const kinds = (result: ReturnType<typeof audit>) => result.differences.map((difference) => [difference.kind, difference.expected, difference.actual]);

describe('auditing one order', () => {
  it('finds nothing when the award is what VTEX earns, for the linked member, matured', () => {
    expect(audit(order(), [earn()]).differences).toEqual([]);
  });

  it('reports a scoring order without an award, with what it should have earned', () => {
    expect(kinds(audit(order({ refundedCents: 10_000 }), []))).toEqual([['order_not_in_ledger', { points: 233, keptAfterReturns: 133 }, null]]);
  });

  it('counts, but does not report, orders that are not the program\'s concern', () => {
    expect(audit(order({ userProfileId: null }), [], null).differences).toEqual([]);
    expect(audit(order({ status: 'handling' }), []).differences).toEqual([]);
    expect(audit(order({ status: 'window-to-cancel' }), []).standing).toBe('undetermined');
    expect(audit(order({ status: 'window-to-cancel' }), []).differences).toEqual([]);
    expect(audit(order({ itemsCents: 50, discountsCents: 0 }), []).differences).toEqual([]);
    expect(audit(null, [], null, 'canceled').differences).toEqual([]);
  });

  it('checks an award at its own rate: a rate changed since is no difference', () => {
    expect(audit(order(), [earn({ rate: '2.0000', points: 467 })], 'mbr_1', 'invoiced', { ...rules, rate: '1.0000' }).differences).toEqual([]);
    expect(kinds(audit(order(), [earn({ points: 240 })]))).toEqual([['wrong_points', 233, 240]]);
  });

  it('reports an award to another member than the one linked to the VTEX user, unless that member was erased', () => {
    expect(kinds(audit(order(), [earn({ memberId: 'mbr_2' })]))).toEqual([['wrong_member', 'mbr_1', 'mbr_2']]);
    expect(audit(order(), [earn({ memberId: 'mbr_2', memberErased: true })], 'mbr_3').differences).toEqual([]);
  });

  it('reports what a cancellation or a return should have taken back, and more taken than they explain', () => {
    expect(kinds(audit(null, [earn()], 'mbr_1', 'canceled'))).toEqual([['not_reversed', 0, 233]]);
    expect(audit(null, [earn({ reversedPoints: 233 })], 'mbr_1', 'canceled').differences).toEqual([]);
    expect(kinds(audit(order({ refundedCents: 10_000 }), [earn()]))).toEqual([['not_reversed', 133, 233]]);
    expect(audit(order({ refundedCents: 10_000 }), [earn({ reversedPoints: 100 })]).differences).toEqual([]);
    expect(kinds(audit(order(), [earn({ reversedPoints: 10 })]))).toEqual([['over_reversed', 233, 223]]);
  });

  it('reports an award VTEX has not reached, judged also by the status it was awarded at', () => {
    expect(kinds(audit(order({ status: 'handling' }), [earn()]))).toEqual([['unexpected_award', null, { points: 233, scoredStatus: 'invoiced' }]]);
    expect(audit(order({ status: 'handling' }), [earn({ scoredStatus: 'handling' })]).differences).toEqual([]);
  });

  it('reports pending points overdue past the grace, not before, and not when maturity is not checked', () => {
    const pending = (dueMinutesAgo: number) => earn({ matured: false, dueAt: new Date(NOW.getTime() - dueMinutesAgo * 60_000) });
    expect(audit(order(), [pending(9)]).differences).toEqual([]);
    expect(kinds(audit(order(), [pending(11)]))).toEqual([['maturity_overdue', 'available', 'pending']]);
    expect(audit(order(), [pending(11)], 'mbr_1', 'invoiced', { ...rules, maturityGraceMs: null }).differences).toEqual([]);
  });

  it('reports an order scored twice', () => {
    expect(kinds(audit(order(), [earn(), earn({ earnId: 'txn_2' })]))).toEqual([['order_scored_twice', 1, 2]]);
  });

  it('finds nothing for any order scored and reversed as the order job does (property)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 5_000_000 }), fc.integer({ min: 0, max: 500_000 }), fc.integer({ min: 0, max: 50_000 }), fc.integer({ min: 0, max: 6_000_000 }),
        fc.constantFrom('0.0100', '1.0000', '2.5000'), fc.boolean(),
        (items, discount, shipping, refund, rate, includeShipping) => {
          const vtex = order({ itemsCents: items, discountsCents: -discount, shippingCents: shipping, refundedCents: refund });
          const award = awardFor(vtex, { rate, includeShipping });
          if (award.points === 0) return;
          const kept = pointsKeptAfterReturns(award, refund);
          const given = earn({ points: award.points, reversedPoints: award.points - kept, rate, includeShipping, eligibleCents: award.eligibleCents });
          expect(audit(vtex, [given], 'mbr_1', 'invoiced', { ...rules, rate: '9.0000', includeShipping: !includeShipping }).differences).toEqual([]);
        },
      ),
    );
  });
});

describe('the ledger\'s own records', () => {
  it('compares the earnings row with the transactions', () => {
    const given = earn({ matured: true, reversedPoints: 33 });
    const record = { memberId: 'mbr_1', points: 233, status: 'matured', dueAt: given.dueAt!, reversedPoints: 33 };
    expect(earningRecordDifferences('100-01', given, record)).toEqual([]);
    expect(earningRecordDifferences('100-01', given, { ...record, status: 'pending', points: 200 })[0]).toMatchObject({ kind: 'earning_record_mismatch', detail: 'differs in points, status' });
    expect(earningRecordDifferences('100-01', earn({ reversedPoints: 233 }), { ...record, reversedPoints: 233 })[0]?.detail).toBe('differs in status');
    expect(earningRecordDifferences('100-01', given, null)[0]).toMatchObject({ actual: null, detail: 'the earn has no earnings row' });
  });

  it('compares balances and lots with the postings, and finds accounts below zero', () => {
    const postings = { pending: 10, available: 20, held: 5 };
    expect(memberBalanceDifferences({ memberId: 'mbr_1', balances: postings, postings, lotsRemaining: 20 })).toEqual([]);
    expect(memberBalanceDifferences({ memberId: 'mbr_1', balances: { ...postings, held: 0 }, postings, lotsRemaining: 19 }).map((d) => d.kind)).toEqual(['balance_mismatch', 'lots_mismatch']);
    expect(memberBalanceDifferences({ memberId: 'mbr_1', balances: { ...postings, pending: -3 }, postings: { ...postings, pending: -3 }, lotsRemaining: 20 }).map((d) => d.kind)).toEqual(['negative_balance']);
    expect(memberBalanceDifferences({ memberId: 'mbr_1', balances: null, postings, lotsRemaining: 20 }).map((d) => [d.kind, d.actual])).toEqual([['balance_mismatch', null]]);
  });

  it('sums what orders should leave each member against what they left', () => {
    const audits = [audit(order(), [earn({ points: 240 })]), audit(order(), [earn({ memberId: 'mbr_2' })], 'mbr_1')];
    expect(memberTotalDifferences(audits).map((d) => [d.memberId, d.expected, d.actual])).toEqual([['mbr_1', 466, 240], ['mbr_2', 0, 233]]);
  });
});
