// The ground-truth audit's decisions: what the ledger should hold for an order by VTEX's facts
// alone, and every way what it holds differs — plus the ledger's own invariants per member. Pure:
// the use case reads VTEX and the database and hands the facts in.
import { awardFor, CANCELLED_STATUSES, pointsKeptAfterReturns, type ScorableOrder } from './scoring';
import { isOnMainLine, reachedScoringStatus } from './vtex-order-status';

export const DIFFERENCE_KINDS = [
  /** VTEX says the order earns; the ledger has no award for it. */
  'order_not_in_ledger',
  /** More than one earn for one order (the unique key should make this impossible). */
  'order_scored_twice',
  /** An award for an order VTEX has not yet taken through a scoring status. */
  'unexpected_award',
  /** The award is not what VTEX's amounts earn at the award's own rate. */
  'wrong_points',
  /** The award went to another member than the one linked to the order's VTEX user. */
  'wrong_member',
  /** The order was cancelled or returned in VTEX and the ledger did not take (all) the points back. */
  'not_reversed',
  /** The ledger took back more than a cancellation or return explains. */
  'over_reversed',
  /** Pending points past their due date (and the grace) that did not mature. */
  'maturity_overdue',
  /** The ledger has an award for an order VTEX does not know. */
  'order_not_in_vtex',
  /** VTEX could not be read for the order (or the listing skipped rows): it was not checked. */
  'order_unreadable',
  /** The earnings row (what maturity and reversals act on) disagrees with the ledger's transactions. */
  'earning_record_mismatch',
  /** A transaction whose postings do not sum to zero. */
  'unbalanced_transaction',
  /** member_balances differs from the sum of the member's postings. */
  'balance_mismatch',
  /** The postings of a member's account sum below zero. */
  'negative_balance',
  /** The member's lots do not add up to its available points. */
  'lots_mismatch',
  /** A tenant account's slot rows differ from the sum of its postings. */
  'tenant_account_mismatch',
  /** What the member's orders should have left them differs from what the ledger left them. */
  'member_total_mismatch',
] as const;
export type DifferenceKind = (typeof DIFFERENCE_KINDS)[number];

export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };

export interface AuditDifference {
  kind: DifferenceKind;
  orderId?: string;
  memberId?: string;
  transactionId?: string;
  expected: JsonValue;
  actual: JsonValue;
  detail?: string;
  /** The order has order events not settled yet: the order job may still close this difference. */
  inFlight?: true;
}

/** One earn an order received, as the ledger's transactions tell it. */
export interface OrderEarn {
  earnId: string;
  memberId: string;
  memberErased: boolean;
  points: number;
  /** What reversals took back, shortfalls included (what each reversal meant to take). */
  reversedPoints: number;
  matured: boolean;
  dueAt: Date | null;
  earnedAt: Date;
  /** The award's inputs, as recorded with it (null when absent or unreadable). */
  rate: string | null;
  includeShipping: boolean | null;
  eligibleCents: number | null;
  scoredStatus: string | null;
}

/** The earnings row of an earn: what maturing and reversing act on. */
export interface EarningRecord {
  memberId: string;
  points: number;
  status: string;
  dueAt: Date;
  reversedPoints: number;
}

export interface VtexOrderView extends ScorableOrder {
  userProfileId: string | null;
}

/**
 * Where VTEX's current status puts an order: cancelled; past a scoring status; on the main line
 * before any; or off the main line (window-to-cancel, request-cancel…), where the status alone
 * does not tell whether it passed a scoring status on the way.
 */
export type OrderStanding = 'cancelled' | 'scores' | 'not-yet' | 'undetermined';

export function orderStanding(status: string, scoring: readonly string[]): OrderStanding {
  if (CANCELLED_STATUSES.includes(status)) return 'cancelled';
  if (reachedScoringStatus(status, scoring) !== null) return 'scores';
  return isOnMainLine(status) ? 'not-yet' : 'undetermined';
}

/** The statuses an awarded order is judged by: today's scoring statuses and the one it was awarded at. */
export function scoringFor(earns: readonly OrderEarn[], scoringStatuses: readonly string[]): readonly string[] {
  const awardedAt = earns[0]?.scoredStatus;
  return awardedAt && !scoringStatuses.includes(awardedAt) ? [...scoringStatuses, awardedAt] : scoringStatuses;
}

export interface AuditRules {
  rate: string;
  includeShipping: boolean;
  scoringStatuses: readonly string[];
  now: Date;
  /** Pending points this long past their due date are a difference; null: maturity is not checked. */
  maturityGraceMs: number | null;
}

export interface OrderAuditInput {
  orderId: string;
  /** VTEX's status (the listing's, when the order was not read in full). */
  status: string;
  /** The order as Get order gives it; required unless the order is cancelled. */
  order: VtexOrderView | null;
  earns: readonly OrderEarn[];
  /** The member linked to the order's VTEX user; null when none is (or the order names no user). */
  linkedMemberId: string | null;
}

export interface OrderAudit {
  standing: OrderStanding;
  differences: AuditDifference[];
  /** What the order should leave its member by VTEX; no member when none is known yet. */
  expected: { memberId: string | null; points: number };
  /** What the order's earns have left, per earn. */
  actual: { memberId: string; points: number }[];
}

const RATE = /^\d+(?:\.\d{1,4})?$/;
const left = (earn: OrderEarn) => earn.points - earn.reversedPoints;

/** Compares one order's earns with what VTEX's facts say they should be. */
export function auditOrder(input: OrderAuditInput, rules: AuditRules): OrderAudit {
  const { orderId, earns } = input;
  const first = earns[0];
  const status = input.order?.status ?? input.status;
  const standing = orderStanding(status, scoringFor(earns, rules.scoringStatuses));
  const differences: AuditDifference[] = [];
  const actual = earns.map((earn) => ({ memberId: earn.memberId, points: left(earn) }));
  // An erased member was unlinked from its VTEX user on purpose: its past awards stay its own.
  const expectedMember = first?.memberErased ? first.memberId : input.linkedMemberId;
  const result = (points: number): OrderAudit => ({ standing, differences, expected: { memberId: expectedMember, points }, actual });

  if (earns.length > 1) {
    differences.push({ kind: 'order_scored_twice', orderId, memberId: first!.memberId, expected: 1, actual: earns.length, detail: `earns ${earns.map((earn) => earn.earnId).join(', ')}` });
  }
  if (standing === 'cancelled') {
    if (first && left(first) > 0) {
      differences.push({ kind: 'not_reversed', orderId, memberId: first.memberId, expected: 0, actual: left(first), detail: `the order is ${status} in VTEX` });
    }
    return result(0);
  }
  const order = input.order;
  if (!order) throw new Error(`order ${orderId} is ${status}: its details are needed to audit it`);

  if (!first) {
    if (standing !== 'scores' || !order.userProfileId) return result(0);
    const award = awardFor(order, rules);
    if (award.points === 0) return result(0);
    const kept = pointsKeptAfterReturns(award, order.refundedCents);
    differences.push({
      kind: 'order_not_in_ledger',
      orderId,
      ...(input.linkedMemberId ? { memberId: input.linkedMemberId } : {}),
      expected: { points: award.points, keptAfterReturns: kept },
      actual: null,
      detail: `the order is ${status} in VTEX${input.linkedMemberId ? '' : `; no member is linked to VTEX user ${order.userProfileId} yet`}`,
    });
    return result(kept);
  }

  if (standing === 'not-yet') {
    differences.push({
      kind: 'unexpected_award',
      orderId,
      memberId: first.memberId,
      expected: null,
      actual: { points: first.points, scoredStatus: first.scoredStatus },
      detail: `VTEX has the order in ${status}, before ${rules.scoringStatuses.join(' / ')}`,
    });
    return result(0);
  }

  // Awarded and past a scoring status (or off the main line): the award must be what VTEX's
  // amounts earn at the rate and shipping rule of its own day.
  const rate = first.rate !== null && RATE.test(first.rate) ? first.rate : rules.rate;
  const includeShipping = first.includeShipping ?? rules.includeShipping;
  const award = awardFor(order, { rate, includeShipping });
  if (award.points !== first.points) {
    differences.push({
      kind: 'wrong_points',
      orderId,
      memberId: first.memberId,
      expected: award.points,
      actual: first.points,
      detail: `VTEX: ${award.eligibleCents} eligible cents at ${rate} points per unit${includeShipping ? ', shipping included' : ''}`,
    });
  }
  if (!first.memberErased && input.linkedMemberId !== first.memberId) {
    differences.push({
      kind: 'wrong_member',
      orderId,
      memberId: first.memberId,
      expected: input.linkedMemberId,
      actual: first.memberId,
      detail: order.userProfileId ? `the member linked to VTEX user ${order.userProfileId}` : 'the order names no VTEX user',
    });
  }

  // What the award should have left after returns, reckoned on the award itself (as the order job
  // reverses), so a wrong award is reported once, as wrong points, not again as a reversal.
  const keep =
    order.refundedCents > 0
      ? pointsKeptAfterReturns({ eligibleCents: first.eligibleCents ?? award.eligibleCents, rate, points: first.points }, order.refundedCents)
      : first.points;
  const remaining = left(first);
  if (remaining !== keep) {
    const why = order.refundedCents > 0 ? `VTEX refunded ${order.refundedCents} cents` : 'nothing was cancelled or returned in VTEX';
    differences.push({ kind: remaining > keep ? 'not_reversed' : 'over_reversed', orderId, memberId: first.memberId, expected: keep, actual: remaining, detail: why });
  }
  if (rules.maturityGraceMs !== null && !first.matured && remaining > 0 && keep > 0 && first.dueAt) {
    const overdueMs = rules.now.getTime() - first.dueAt.getTime();
    if (overdueMs > rules.maturityGraceMs) {
      differences.push({
        kind: 'maturity_overdue',
        orderId,
        memberId: first.memberId,
        expected: 'available',
        actual: 'pending',
        detail: `due at ${first.dueAt.toISOString()}, ${Math.floor(overdueMs / 60_000)} minutes ago`,
      });
    }
  }
  return result(pointsKeptAfterReturns(award, order.refundedCents));
}

/** An earn's earnings row against the transactions: points, member, due date, reversals, status. */
export function earningRecordDifferences(orderId: string, earn: OrderEarn, record: EarningRecord | null): AuditDifference[] {
  const expected = {
    memberId: earn.memberId,
    points: earn.points,
    reversedPoints: earn.reversedPoints,
    status: earn.reversedPoints === earn.points ? 'reversed' : earn.matured ? 'matured' : 'pending',
    dueAt: earn.dueAt?.toISOString() ?? null,
  };
  const base = { kind: 'earning_record_mismatch' as const, orderId, memberId: earn.memberId, transactionId: earn.earnId, expected };
  if (!record) return [{ ...base, actual: null, detail: 'the earn has no earnings row' }];
  const actual = { memberId: record.memberId, points: record.points, reversedPoints: record.reversedPoints, status: record.status, dueAt: record.dueAt.toISOString() };
  const fields = (Object.keys(expected) as (keyof typeof expected)[]).filter((field) =>
    field === 'dueAt' ? expected.dueAt !== null && Date.parse(expected.dueAt) !== record.dueAt.getTime() : expected[field] !== actual[field],
  );
  return fields.length === 0 ? [] : [{ ...base, actual, detail: `differs in ${fields.join(', ')}` }];
}

/** Sums the orders' expected and actual points per member; one difference per member that differs. */
export function memberTotalDifferences(audits: readonly OrderAudit[]): AuditDifference[] {
  const totals = new Map<string, { expected: number; actual: number }>();
  const add = (memberId: string, field: 'expected' | 'actual', points: number) => {
    const total = totals.get(memberId) ?? { expected: 0, actual: 0 };
    total[field] += points;
    totals.set(memberId, total);
  };
  for (const audit of audits) {
    if (audit.expected.memberId !== null) add(audit.expected.memberId, 'expected', audit.expected.points);
    for (const earn of audit.actual) add(earn.memberId, 'actual', earn.points);
  }
  return [...totals.entries()]
    .filter(([, total]) => total.expected !== total.actual)
    .map(([memberId, total]) => ({ kind: 'member_total_mismatch' as const, memberId, expected: total.expected, actual: total.actual, detail: 'points left by orders' }));
}

export type MemberAccounts = { pending: number; available: number; held: number };

/** A member's balances row (null: missing) against the sums of its postings and its lots. */
export interface MemberLedgerSums {
  memberId: string;
  balances: MemberAccounts | null;
  postings: MemberAccounts;
  lotsRemaining: number;
}

export function memberBalanceDifferences(sums: MemberLedgerSums): AuditDifference[] {
  const { memberId, balances, postings } = sums;
  const differences: AuditDifference[] = [];
  for (const account of ['pending', 'available', 'held'] as const) {
    if (postings[account] < 0) differences.push({ kind: 'negative_balance', memberId, expected: 0, actual: postings[account], detail: `the ${account} account's postings` });
  }
  const same = balances !== null && balances.pending === postings.pending && balances.available === postings.available && balances.held === postings.held;
  if (!same) {
    differences.push({ kind: 'balance_mismatch', memberId, expected: { ...postings }, actual: balances ? { ...balances } : null, detail: 'member_balances against the sum of postings' });
  }
  if (sums.lotsRemaining !== postings.available) {
    differences.push({ kind: 'lots_mismatch', memberId, expected: postings.available, actual: sums.lotsRemaining, detail: "the lots' remaining points against the available account's postings" });
  }
  return differences;
}
