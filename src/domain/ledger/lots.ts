// Earn lots: each credit to `available` is a lot with its own remaining amount and expiry.
// Debits take from the lot that expires first (lots without expiry last), then the oldest.

export interface Lot {
  id: string;
  amount: number;
  remaining: number;
  expiresAt: Date | null;
  createdAt: Date;
}

export interface Allocation {
  lotId: string;
  points: number;
  /** The lot's expiry, so that points given back after it go straight to expired. */
  expiresAt: Date | null;
}

export function consumptionOrder(a: Lot, b: Lot): number {
  const ea = a.expiresAt?.getTime() ?? Number.POSITIVE_INFINITY;
  const eb = b.expiresAt?.getTime() ?? Number.POSITIVE_INFINITY;
  if (ea !== eb) return ea < eb ? -1 : 1;
  const ca = a.createdAt.getTime();
  const cb = b.createdAt.getTime();
  if (ca !== cb) return ca - cb;
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

/**
 * Takes up to `points` from the lots, `first` (if given) before all others, the rest in
 * consumption order. Returns what was taken from each lot; the total may fall short only when the
 * lots hold less than asked.
 */
export function allocate(lots: readonly Lot[], points: number, first?: string): Allocation[] {
  const ordered = [...lots].filter((lot) => lot.remaining > 0).sort(consumptionOrder);
  const preferred = first === undefined ? -1 : ordered.findIndex((lot) => lot.id === first);
  if (preferred > 0) ordered.unshift(...ordered.splice(preferred, 1));
  const allocations: Allocation[] = [];
  let left = points;
  for (const lot of ordered) {
    if (left === 0) break;
    const take = Math.min(lot.remaining, left);
    allocations.push({ lotId: lot.id, points: take, expiresAt: lot.expiresAt });
    left -= take;
  }
  return allocations;
}

export const allocated = (allocations: readonly Allocation[]) =>
  allocations.reduce((sum, allocation) => sum + allocation.points, 0);
