// The dashboard's aggregates, one statement each, grouped by calendar day in the program's time
// zone (`at time zone`). Ranges bound `created_at` and, through idFloor, the primary key
// (tenant_id, id): ids are time-sortable, so a period is an index range of the tenant's rows and
// the ledger — the busiest table — needs no index of its own on created_at.
import { sql, type SQL } from 'drizzle-orm';
import { idFloor, type IdPrefix } from '../../app/ids';
import type { DashboardStore, PointsDay, ReportRange, SalesDay, TopReward } from '../../app/dashboard/ports';
import type { Database } from './database';

const DAY_MS = 86_400_000;

/** The range's first instant: midnight of its first day in its time zone. */
const startOf = (range: ReportRange) => sql`(${range.from}::date::timestamp at time zone ${range.timezone})`;
/** The instant after the range: midnight ending its last day. */
const endOf = (range: ReportRange) => sql`((${range.to}::date + 1)::timestamp at time zone ${range.timezone})`;
/** The calendar day of `at` in the range's time zone, as YYYY-MM-DD. */
const dayOf = (at: SQL, range: ReportRange) => sql`to_char((${at} at time zone ${range.timezone})::date, 'YYYY-MM-DD')`;
/**
 * A lower bound for the ids of rows made in the range: its first day's UTC midnight less `margin`
 * days, which covers every time zone's midnight (UTC−12 to UTC+14) and any earlier lower bound.
 */
const floorOf = (prefix: IdPrefix, range: ReportRange, marginDays = 2) => idFloor(prefix, Date.parse(`${range.from}T00:00:00Z`) - marginDays * DAY_MS);

/** An amount in cents the earn kept in its metadata (an order's inputs), 0 when absent. */
const cents = (key: 'itemsCents' | 'discountsCents' | 'shippingCents') =>
  sql.raw(`case when jsonb_typeof(t.metadata->'${key}') = 'number' then (t.metadata->>'${key}')::numeric else 0 end`);

/**
 * `statusAt` as the order job writes it (VTEX's ISO 8601 times); anything else falls back to when
 * the points were recorded, so no stored value can make the query fail.
 */
const ISO_INSTANT = '^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}([.][0-9]+)?(Z|[+-][0-9]{2}:?[0-9]{2})$';

export function sqlDashboardStore(database: Database): DashboardStore {
  return {
    async memberCounts(tenantId, active) {
      const [row] = await database.query<{ total: number; active: number }>(sql`select
          (select count(*) from members where tenant_id = ${tenantId} and status <> 'erased')::int as total,
          (select count(*) from (
              select distinct t.member_id from ledger_transactions t
              where t.tenant_id = ${tenantId} and t.id >= ${floorOf('txn', active)} and t.kind in ('earn', 'redeem-hold')
                and t.created_at >= ${startOf(active)} and t.created_at < ${endOf(active)}
            ) a
            join members m on m.tenant_id = ${tenantId} and m.id = a.member_id and m.status <> 'erased')::int as active`);
      return { total: row?.total ?? 0, active: row?.active ?? 0 };
    },

    membersJoined(tenantId, range) {
      return database.query<{ date: string; count: number }>(sql`select ${dayOf(sql`created_at`, range)} as date, count(*)::int as count
        from members
        where tenant_id = ${tenantId} and id >= ${floorOf('mbr', range)} and created_at >= ${startOf(range)} and created_at < ${endOf(range)}
        group by 1`);
    },

    pointsByDay(tenantId, range) {
      // A release or refund whose lot expired meanwhile sends that part on to expired (metadata.expired).
      return database.query<PointsDay>(sql`select ${dayOf(sql`t.created_at`, range)} as date,
          coalesce(sum(t.points) filter (where t.kind = 'earn'), 0)::bigint as earned,
          coalesce(sum(t.points) filter (where t.kind = 'mature'), 0)::bigint as matured,
          coalesce(sum(t.points) filter (where t.kind = 'reverse'), 0)::bigint as reversed,
          coalesce(sum(t.points) filter (where t.kind = 'redeem-hold'), 0)::bigint as held,
          coalesce(sum(t.points) filter (where t.kind = 'redeem-release'), 0)::bigint as released,
          coalesce(sum(t.points) filter (where t.kind = 'redeem-confirm'), 0)::bigint as redeemed,
          coalesce(sum(t.points) filter (where t.kind = 'redeem-refund'), 0)::bigint as refunded,
          coalesce(sum(case when t.kind = 'expire' then t.points
                            when t.kind in ('redeem-release', 'redeem-refund') and jsonb_typeof(t.metadata->'expired') = 'number'
                              then (t.metadata->>'expired')::bigint
                            else 0 end), 0)::bigint as expired,
          coalesce(sum(t.points) filter (where t.kind = 'adjust' and t.points > 0), 0)::bigint as "adjustedIn",
          coalesce(-sum(t.points) filter (where t.kind = 'adjust' and t.points < 0), 0)::bigint as "adjustedOut"
        from ledger_transactions t
        where t.tenant_id = ${tenantId} and t.id >= ${floorOf('txn', range)} and t.created_at >= ${startOf(range)} and t.created_at < ${endOf(range)}
        group by 1`);
    },

    async balances(tenantId) {
      const [row] = await database.query<{ pending: number; available: number; held: number }>(sql`select
          coalesce(sum(pending), 0)::bigint as pending, coalesce(sum(available), 0)::bigint as available, coalesce(sum(held), 0)::bigint as held
        from member_balances where tenant_id = ${tenantId}`);
      return row ?? { pending: 0, available: 0, held: 0 };
    },

    redemptionsByStatus(tenantId, range) {
      return database.query<{ status: string; count: number }>(sql`select status, count(*)::int as count
        from redemptions
        where tenant_id = ${tenantId} and id >= ${floorOf('rdm', range)} and created_at >= ${startOf(range)} and created_at < ${endOf(range)}
        group by status`);
    },

    topRewards(tenantId, range, limit) {
      // Named as the catalog names it now (the redemption's copy if the reward is gone).
      return database.query<TopReward>(sql`with counted as (
          select r.reward_id, count(*)::int as count, sum(r.cost)::bigint as points, max(r.reward->>'name') as redeemed_as
          from redemptions r
          where r.tenant_id = ${tenantId} and r.id >= ${floorOf('rdm', range)} and r.created_at >= ${startOf(range)} and r.created_at < ${endOf(range)}
            and r.status not in ('rejected', 'failed', 'cancelled')
          group by r.reward_id
        )
        select c.reward_id as "rewardId", coalesce(w.name, c.redeemed_as) as name, c.count, c.points
        from counted c left join rewards w on w.tenant_id = ${tenantId} and w.id = c.reward_id
        order by c.count desc, c.points desc, c.reward_id
        limit ${limit}`);
    },

    salesByDay(tenantId, range) {
      // An order is dated by when it reached its scoring status (an import scores past orders
      // today). That is never after its earn was recorded, so the earns recorded since the day
      // before the range (a margin for clocks) hold every order of the range.
      return database.query<SalesDay>(sql`with scored as (
          select case when t.metadata->>'statusAt' ~ ${ISO_INSTANT} then (t.metadata->>'statusAt')::timestamptz else t.created_at end as at,
            ${cents('itemsCents')} + ${cents('discountsCents')} + ${cents('shippingCents')} as value
          from ledger_transactions t
          where t.tenant_id = ${tenantId} and t.id >= ${floorOf('txn', range, 3)} and t.kind = 'earn' and t.reference like 'order:%'
            and t.created_at >= ${startOf(range)} - interval '1 day'
        )
        select ${dayOf(sql`at`, range)} as date, count(*)::int as orders, coalesce(sum(value), 0)::bigint as "valueCents"
        from scored
        where at >= ${startOf(range)} and at < ${endOf(range)}
        group by 1`);
    },
  };
}
