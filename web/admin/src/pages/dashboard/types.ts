// GET /api/admin/v1/dashboard (src/http/routes/admin/dashboard.get.ts).
import type { RedemptionStatus } from '../redemptions/redemption-status';

export interface PointsMoved {
  earned: number;
  matured: number;
  reversed: number;
  held: number;
  released: number;
  redeemed: number;
  refunded: number;
  expired: number;
  adjustedIn: number;
  adjustedOut: number;
}

export interface Dashboard {
  from: string;
  to: string;
  timezone: string;
  members: { total: number; activeLast30Days: number; newPerDay: { date: string; count: number }[] };
  points: {
    balances: { pending: number; available: number; held: number };
    totals: PointsMoved;
    perDay: (PointsMoved & { date: string })[];
  };
  redemptions: {
    total: number;
    byStatus: Record<RedemptionStatus, number>;
    topRewards: { rewardId: string; name: string; count: number; points: number }[];
  };
  sales: { totals: { orders: number; valueCents: number }; perDay: { date: string; orders: number; valueCents: number }[] };
}
