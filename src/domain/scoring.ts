// How an order earns: the first time it reaches a scoring status it earns
// floor(eligible value × points per currency unit), in integers, where the eligible value is the
// items plus the discounts (negative), plus shipping only when the program includes it. The
// award keeps its inputs so that a cancellation or a return acts on exactly what was awarded,
// at the rate of the day it was awarded — never a recomputation with today's rules.
import { pointsForCents } from './points';

export interface ScorableOrder {
  orderId: string;
  status: string;
  itemsCents: number;
  /** Zero or negative. */
  discountsCents: number;
  shippingCents: number;
  /** What returns have refunded so far (restitutions), in cents. */
  refundedCents: number;
}

export interface AwardInputs {
  eligibleCents: number;
  /** Points per currency unit as a decimal string with up to 4 places, as stored on the program. */
  rate: string;
  includeShipping: boolean;
  points: number;
}

export const CANCELLED_STATUSES: readonly string[] = ['cancel', 'canceled'];

export function eligibleCents(order: ScorableOrder, includeShipping: boolean): number {
  return Math.max(0, order.itemsCents + order.discountsCents + (includeShipping ? order.shippingCents : 0));
}

export function awardFor(order: ScorableOrder, program: { rate: string; includeShipping: boolean }): AwardInputs {
  const eligible = eligibleCents(order, program.includeShipping);
  return { eligibleCents: eligible, rate: program.rate, includeShipping: program.includeShipping, points: pointsForCents(eligible, program.rate) };
}

/**
 * After returns, the member keeps the points the remaining value would have earned at the
 * award's own rate; what is above that is to be reversed.
 */
export function pointsKeptAfterReturns(award: Pick<AwardInputs, 'eligibleCents' | 'rate' | 'points'>, refundedCents: number): number {
  return Math.min(award.points, pointsForCents(Math.max(0, award.eligibleCents - refundedCents), award.rate));
}
