// What a ledger movement did to the shopper's points, for the history list. The ledger records most
// kinds with their size only (the kind says the direction); an adjustment carries its sign. Moves
// inside the member's own balance (pending → available, held → redeemed) are shown without a sign,
// so a purchase is not counted twice.

const CREDITS = new Set(['earn', 'redeem-release', 'redeem-refund']);
const DEBITS = new Set(['reverse', 'redeem-hold', 'expire']);

/** Signed change for the shopper, or null for a move within their balance (and unknown kinds). */
export function shopperDelta(kind: string, points: number): number | null {
  if (CREDITS.has(kind)) return Math.abs(points);
  if (DEBITS.has(kind)) return -Math.abs(points);
  if (kind === 'adjust') return points;
  return null;
}
