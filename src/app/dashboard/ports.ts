// What the admin panel's dashboard reads: aggregates by calendar day in the program's time zone.
import type { DayRange } from '../../domain/day-range';

/** Days (both ends included) counted in the program's time zone. */
export interface ReportRange extends DayRange {
  timezone: string;
}

/** Points the ledger moved on one day, by what moved them; each a sum of points, never negative. */
export interface PointsDay {
  date: string;
  /** Awarded for orders (or through the API): issued → pending. */
  earned: number;
  /** Became available when their earning was due: pending → available. */
  matured: number;
  /** Taken back from a cancelled or returned order. */
  reversed: number;
  /** Put on hold for redemptions: available → held. */
  held: number;
  /** Given back from holds of rejected or failed redemptions: held → available. */
  released: number;
  /** Spent on issued coupons: held → redeemed. */
  redeemed: number;
  /** Given back from cancelled (or expired, when the program says so) coupons: redeemed → available. */
  refunded: number;
  /** Expired: lots past their expiry, and points given back to a lot that had expired meanwhile. */
  expired: number;
  /** Manual credits. */
  adjustedIn: number;
  /** Manual debits. */
  adjustedOut: number;
}

export type PointMovement = Exclude<keyof PointsDay, 'date'>;

export interface SalesDay {
  date: string;
  /** Orders that earned points, on the day they reached the scoring status. */
  orders: number;
  /** Their items + discounts + shipping, in cents, as scored (taxes are not kept). */
  valueCents: number;
}

export interface TopReward {
  rewardId: string;
  name: string;
  /** Redemptions that were not rejected, failed or cancelled. */
  count: number;
  /** Their cost in points. */
  points: number;
}

export interface DashboardStore {
  /**
   * Members not erased, and how many of them earned points for an order or asked for a reward
   * (earn or redeem-hold in the ledger) on a day of `active`.
   */
  memberCounts(tenantId: string, active: ReportRange): Promise<{ total: number; active: number }>;
  /** Members who joined on each day of the range (erased ones too: they did join); days with none are left out. */
  membersJoined(tenantId: string, range: ReportRange): Promise<{ date: string; count: number }[]>;
  /** The ledger's movements on each day of the range; days with none are left out. */
  pointsByDay(tenantId: string, range: ReportRange): Promise<PointsDay[]>;
  /** The sums of all members' balances now. */
  balances(tenantId: string): Promise<{ pending: number; available: number; held: number }>;
  /** Redemptions made in the range, by their status now; statuses with none are left out. */
  redemptionsByStatus(tenantId: string, range: ReportRange): Promise<{ status: string; count: number }[]>;
  /** The rewards most redeemed in the range (by count, then points), at most `limit`. */
  topRewards(tenantId: string, range: ReportRange, limit: number): Promise<TopReward[]>;
  /** Orders that earned points, by the day they reached their scoring status; days with none are left out. */
  salesByDay(tenantId: string, range: ReportRange): Promise<SalesDay[]>;
}
