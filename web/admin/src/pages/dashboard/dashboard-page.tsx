// The home page: the program at a glance over a range of days — members, points moved, redemptions
// and members' sales — as KPI cards and hand-drawn SVG charts (each with its numbers as a table).
import { useMemo } from 'preact/hooks';
import { api } from '../../api';
import { Card, Empty, ErrorState, Loading, Page } from '../../components';
import { useResource } from '../../hooks';
import { formatNumber, t } from '../../i18n';
import type { RouteProps } from '../../router';
import { BarList } from './charts/bar-list';
import { TimeChart, type TimeSeries } from './charts/time-chart';
import { localToday, rangeFromQuery } from './date-range';
import { compactMoney, compactNumber, money, shortDay } from './format';
import { Kpis } from './kpis';
import { RangePicker } from './range-picker';
import { RedemptionsByStatus } from './redemptions-chart';
import type { Dashboard, PointsMoved } from './types';
import './dashboard.css';

/** The point movements drawn over time, each with a colour and a dash so they differ by more than colour. */
const POINT_SERIES: { key: keyof PointsMoved; color: string; dash?: string }[] = [
  { key: 'earned', color: '#1d4ed8' },
  { key: 'matured', color: '#15803d', dash: '6 3' },
  { key: 'redeemed', color: '#7c3aed' },
  { key: 'expired', color: '#b45309', dash: '2 3' },
  { key: 'reversed', color: '#b91c1c', dash: '8 3 2 3' },
];

const sum = (values: number[]) => values.reduce((total, value) => total + value, 0);

function PointsChart({ data }: { data: Dashboard }) {
  const days = data.points.perDay.map((day) => day.date);
  const series: TimeSeries[] = POINT_SERIES.map(({ key, color, dash }) => ({
    key,
    color,
    dash,
    label: t(`dashboard.points.${key}`),
    values: data.points.perDay.map((day) => day[key]),
  }));
  if (series.every((item) => item.values.every((value) => value === 0))) return <Empty testid="chart-points-empty">{t('dashboard.points.empty')}</Empty>;
  const summary = t('dashboard.points.summary', {
    from: shortDay(data.from),
    to: shortDay(data.to),
    list: series.map((item) => `${item.label} ${formatNumber(sum(item.values))}`).join(', '),
  });
  return (
    <TimeChart
      name="points"
      kind="line"
      days={days}
      series={series}
      summary={summary}
      format={(value) => formatNumber(value)}
      axisFormat={compactNumber}
      dayLabel={shortDay}
      table={{
        caption: t('dashboard.points.title'),
        headers: [t('dashboard.table.day'), ...series.map((item) => item.label)],
        rows: data.points.perDay.map((day) => ({ key: day.date, cells: [shortDay(day.date), ...POINT_SERIES.map(({ key }) => formatNumber(day[key]))] })),
      }}
    />
  );
}

function SalesChart({ data }: { data: Dashboard }) {
  const perDay = data.sales.perDay;
  if (perDay.every((day) => day.orders === 0 && day.valueCents === 0)) return <Empty testid="chart-sales-empty">{t('dashboard.sales.empty')}</Empty>;
  return (
    <TimeChart
      name="sales"
      kind="bar"
      days={perDay.map((day) => day.date)}
      series={[{ key: 'valueCents', label: t('dashboard.sales.value'), color: '#0f766e', values: perDay.map((day) => day.valueCents) }]}
      summary={t('dashboard.sales.summary', {
        from: shortDay(data.from),
        to: shortDay(data.to),
        orders: data.sales.totals.orders,
        value: money(data.sales.totals.valueCents),
      })}
      format={money}
      axisFormat={compactMoney}
      dayLabel={shortDay}
      table={{
        caption: t('dashboard.sales.title'),
        headers: [t('dashboard.table.day'), t('dashboard.sales.orders'), t('dashboard.sales.value')],
        rows: perDay.map((day) => ({ key: day.date, cells: [shortDay(day.date), formatNumber(day.orders), money(day.valueCents)] })),
      }}
    />
  );
}

function NewMembersChart({ data }: { data: Dashboard }) {
  const perDay = data.members.newPerDay;
  const total = sum(perDay.map((day) => day.count));
  if (total === 0) return <Empty testid="chart-new-members-empty">{t('dashboard.newMembers.empty')}</Empty>;
  return (
    <TimeChart
      name="new-members"
      kind="bar"
      days={perDay.map((day) => day.date)}
      series={[{ key: 'count', label: t('dashboard.newMembers.count'), color: '#1d4ed8', values: perDay.map((day) => day.count) }]}
      summary={t('dashboard.newMembers.summary', { n: total, from: shortDay(data.from), to: shortDay(data.to) })}
      format={(value) => formatNumber(value)}
      axisFormat={compactNumber}
      dayLabel={shortDay}
      table={{
        caption: t('dashboard.newMembers.title'),
        headers: [t('dashboard.table.day'), t('dashboard.newMembers.count')],
        rows: perDay.map((day) => ({ key: day.date, cells: [shortDay(day.date), formatNumber(day.count)] })),
      }}
    />
  );
}

function TopRewards({ data }: { data: Dashboard }) {
  const top = data.redemptions.topRewards;
  if (top.length === 0) return <Empty testid="chart-top-rewards-empty">{t('dashboard.topRewards.empty')}</Empty>;
  return (
    <BarList
      name="top-rewards"
      items={top.map((reward) => ({
        key: reward.rewardId,
        label: reward.name,
        value: reward.count,
        valueLabel: t('dashboard.topRewards.value', { n: reward.count, points: formatNumber(reward.points) }),
        color: '#7c3aed',
      }))}
      summary={t('dashboard.topRewards.summary', { list: top.map((reward) => `${reward.name}: ${formatNumber(reward.count)}`).join(', ') })}
      table={{
        caption: t('dashboard.topRewards.title'),
        headers: [t('dashboard.topRewards.reward'), t('dashboard.topRewards.count'), t('dashboard.topRewards.points')],
        rows: top.map((reward) => ({ key: reward.rewardId, cells: [reward.name, formatNumber(reward.count), formatNumber(reward.points)] })),
      }}
    />
  );
}

export function DashboardPage({ query }: RouteProps) {
  const today = useMemo(() => localToday(), []);
  const range = rangeFromQuery(query, today);
  const dashboard = useResource((signal) => api.get<Dashboard>('/dashboard', { query: { from: range.from, to: range.to }, signal }), [range.from, range.to]);
  const data = dashboard.data;

  return (
    <Page title={t('dashboard.title')} testid="page-dashboard">
      <RangePicker range={range} />
      {dashboard.error ? <ErrorState error={dashboard.error} onRetry={() => void dashboard.reload()} /> : null}
      {!data && dashboard.loading ? <Loading /> : null}
      {data ? (
        <div class="stack dashboard" aria-busy={dashboard.loading ? 'true' : undefined} data-testid="dashboard-content" data-from={data.from} data-to={data.to}>
          <Kpis data={data} />
          <Card title={t('dashboard.points.title')} testid="card-points">
            <PointsChart data={data} />
          </Card>
          <div class="grid-2">
            <Card title={t('dashboard.byStatus.title')} testid="card-redemptions">
              <RedemptionsByStatus data={data} />
            </Card>
            <Card title={t('dashboard.topRewards.title')} testid="card-top-rewards">
              <TopRewards data={data} />
            </Card>
          </div>
          <Card title={t('dashboard.sales.title')} testid="card-sales">
            <p class="muted chart-note">
              {t('dashboard.sales.note', { orders: data.sales.totals.orders, value: money(data.sales.totals.valueCents) })}
            </p>
            <SalesChart data={data} />
          </Card>
          <Card title={t('dashboard.newMembers.title')} testid="card-new-members">
            <NewMembersChart data={data} />
          </Card>
          <p class="muted">{t('dashboard.timezone', { timezone: data.timezone })}</p>
        </div>
      ) : null}
    </Page>
  );
}
