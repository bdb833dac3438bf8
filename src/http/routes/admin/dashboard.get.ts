import { Type } from 'typebox';
import { getDashboard } from '../../../app/dashboard/get-dashboard';
import { callerOf } from '../../auth';
import type { AppDeps } from '../../app';
import type { Router } from '../../router';
import { errorResponses } from '../../schemas';

const Day = Type.String({ format: 'date', description: "YYYY-MM-DD, in the program's time zone" });
const Count = Type.Integer({ minimum: 0 });

const PointsMoved = {
  earned: Type.Integer({ description: 'Awarded for orders (or through the API): issued → pending' }),
  matured: Type.Integer({ description: 'Became available when due: pending → available' }),
  reversed: Type.Integer({ description: 'Taken back from cancelled or returned orders' }),
  held: Type.Integer({ description: 'Put on hold for redemptions: available → held' }),
  released: Type.Integer({ description: 'Given back from rejected or failed redemptions: held → available' }),
  redeemed: Type.Integer({ description: 'Spent on issued coupons: held → redeemed' }),
  refunded: Type.Integer({ description: 'Given back from cancelled coupons: redeemed → available' }),
  expired: Type.Integer({ description: 'Expired lots, and points given back to a lot that had expired' }),
  adjustedIn: Type.Integer({ description: 'Manual credits' }),
  adjustedOut: Type.Integer({ description: 'Manual debits' }),
};

export const DashboardResponse = Type.Object({
  from: Day,
  to: Day,
  timezone: Type.String({ description: "The program's time zone, in which days are counted" }),
  members: Type.Object({
    total: Type.Integer({ description: 'Members now (erased ones left out)' }),
    activeLast30Days: Type.Integer({
      description: 'Members who earned points for an order or asked for a reward in the 30 days up to today, whatever the range',
    }),
    newPerDay: Type.Array(Type.Object({ date: Day, count: Count }), { description: 'Members who joined, every day of the range' }),
  }),
  points: Type.Object({
    balances: Type.Object(
      { pending: Type.Integer(), available: Type.Integer(), held: Type.Integer() },
      { description: "All members' balances now" },
    ),
    totals: Type.Object(PointsMoved, { description: 'The sums over the range' }),
    perDay: Type.Array(Type.Object({ date: Day, ...PointsMoved }), { description: 'Points the ledger moved, every day of the range' }),
  }),
  redemptions: Type.Object({
    total: Type.Integer({ description: 'Redemptions made in the range' }),
    byStatus: Type.Object(
      {
        pending_approval: Count, issuing: Count, issued: Count, rejected: Count,
        failed: Count, cancelled: Count, used: Count, expired: Count,
      },
      { description: 'Redemptions made in the range, by their status now' },
    ),
    topRewards: Type.Array(
      Type.Object({
        rewardId: Type.String(),
        name: Type.String(),
        count: Type.Integer({ description: 'Redemptions in the range, not counting rejected, failed or cancelled ones' }),
        points: Type.Integer({ description: 'Their cost in points' }),
      }),
      { description: 'The 5 rewards most redeemed in the range' },
    ),
  }),
  sales: Type.Object({
    totals: Type.Object({ orders: Count, valueCents: Type.Integer() }),
    perDay: Type.Array(
      Type.Object({
        date: Day,
        orders: Type.Integer({ description: 'Orders that earned points, on the day they reached the scoring status' }),
        valueCents: Type.Integer({ description: 'Their items + discounts + shipping in cents, as scored (without taxes)' }),
      }),
      { description: "Members' orders, every day of the range" },
    ),
  }),
});

export function registerDashboardGet(app: Router, deps: AppDeps) {
  app.get(
    '/dashboard',
    {
      config: { auth: 'admin' },
      schema: {
        tags: ['dashboard'],
        summary: "The panel's dashboard: members, points, redemptions and members' sales by day",
        description:
          "Days are counted in the program's time zone; every day of the range is in every series, with zeros. " +
          'Without from/to: the 30 days up to today. At most 366 days.',
        security: [{ apiKey: [] }],
        querystring: Type.Object(
          { from: Type.Optional(Type.String({ maxLength: 10, description: 'First day, YYYY-MM-DD' })), to: Type.Optional(Type.String({ maxLength: 10, description: 'Last day, YYYY-MM-DD' })) },
          { additionalProperties: false },
        ),
        response: { 200: DashboardResponse, ...errorResponses },
      },
    },
    async (request) => getDashboard(deps, callerOf(request).tenantId, { from: request.query.from, to: request.query.to }),
  );
}
