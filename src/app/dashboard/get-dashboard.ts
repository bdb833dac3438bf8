// The admin panel's dashboard: members, points, redemptions and members' sales over a range of
// days in the program's time zone. Every day of the range is in every series (zeros included), so
// a chart draws it as it comes. The store aggregates in SQL; here the days are laid out.
//
// "Active" members: those who did something themselves — earned points for an order or asked for
// a reward — in the last 30 days up to today (whatever the range). Maturing, expiring and manual
// adjustments happen to a member without them doing anything, so they do not count.
import { addDays, dayIn, everyDay, requireDayRange } from '../../domain/day-range';
import { notFound } from '../../domain/errors';
import type { Clock, TenantStore } from '../ports';
import type { RedemptionStatus } from '../rewards/ports';
import type { DashboardStore, PointMovement, PointsDay, ReportRange, SalesDay, TopReward } from './ports';

export const DEFAULT_DAYS = 30;
export const ACTIVE_DAYS = 30;
export const TOP_REWARDS = 5;

const REDEMPTION_STATUSES = ['pending_approval', 'issuing', 'issued', 'rejected', 'failed', 'cancelled', 'used', 'expired'] as const satisfies readonly RedemptionStatus[];
const POINT_MOVEMENTS = ['earned', 'matured', 'reversed', 'held', 'released', 'redeemed', 'refunded', 'expired', 'adjustedIn', 'adjustedOut'] as const satisfies readonly PointMovement[];

export interface Dashboard {
  from: string;
  to: string;
  timezone: string;
  members: { total: number; activeLast30Days: number; newPerDay: { date: string; count: number }[] };
  points: {
    /** All members' balances now. */
    balances: { pending: number; available: number; held: number };
    totals: Record<PointMovement, number>;
    perDay: PointsDay[];
  };
  redemptions: { total: number; byStatus: Record<RedemptionStatus, number>; topRewards: TopReward[] };
  sales: { totals: { orders: number; valueCents: number }; perDay: SalesDay[] };
}

/** One entry per day of `days`, the store's where it had one, else `empty(day)`. */
function everyDayOf<T extends { date: string }>(days: string[], rows: T[], empty: (date: string) => T): T[] {
  const byDay = new Map(rows.map((row) => [row.date, row]));
  return days.map((date) => byDay.get(date) ?? empty(date));
}

const zeroPoints = (): Record<PointMovement, number> =>
  Object.fromEntries(POINT_MOVEMENTS.map((movement) => [movement, 0])) as Record<PointMovement, number>;

/** Errors: VALIDATION_FAILED (`from`, `to`: not dates, `to` before `from`, more than 366 days), NOT_FOUND. */
export async function getDashboard(
  deps: { dashboard: DashboardStore; tenants: TenantStore; clock: Clock },
  tenantId: string,
  query: { from?: string | undefined; to?: string | undefined },
): Promise<Dashboard> {
  const program = await deps.tenants.get(tenantId);
  if (!program) throw notFound('program');
  const { timezone } = program;
  const today = dayIn(timezone, deps.clock.now());
  const range: ReportRange = { ...requireDayRange(query, today, DEFAULT_DAYS), timezone };
  const active: ReportRange = { from: addDays(today, -(ACTIVE_DAYS - 1)), to: today, timezone };
  const [counts, joined, points, balances, byStatus, topRewards, sales] = await Promise.all([
    deps.dashboard.memberCounts(tenantId, active),
    deps.dashboard.membersJoined(tenantId, range),
    deps.dashboard.pointsByDay(tenantId, range),
    deps.dashboard.balances(tenantId),
    deps.dashboard.redemptionsByStatus(tenantId, range),
    deps.dashboard.topRewards(tenantId, range, TOP_REWARDS),
    deps.dashboard.salesByDay(tenantId, range),
  ]);
  const days = everyDay(range.from, range.to);
  const pointsPerDay = everyDayOf(days, points, (date) => ({ date, ...zeroPoints() }));
  const totals = zeroPoints();
  for (const day of pointsPerDay) for (const movement of POINT_MOVEMENTS) totals[movement] += day[movement];
  const statusCounts = Object.fromEntries(REDEMPTION_STATUSES.map((status) => [status, 0])) as Record<RedemptionStatus, number>;
  for (const row of byStatus) if (row.status in statusCounts) statusCounts[row.status as RedemptionStatus] = row.count;
  const salesPerDay = everyDayOf(days, sales, (date) => ({ date, orders: 0, valueCents: 0 }));
  return {
    from: range.from,
    to: range.to,
    timezone,
    members: {
      total: counts.total,
      activeLast30Days: counts.active,
      newPerDay: everyDayOf(days, joined, (date) => ({ date, count: 0 })),
    },
    points: { balances, totals, perDay: pointsPerDay },
    redemptions: { total: byStatus.reduce((sum, row) => sum + row.count, 0), byStatus: statusCounts, topRewards },
    sales: {
      totals: salesPerDay.reduce((sum, day) => ({ orders: sum.orders + day.orders, valueCents: sum.valueCents + day.valueCents }), { orders: 0, valueCents: 0 }),
      perDay: salesPerDay,
    },
  };
}
