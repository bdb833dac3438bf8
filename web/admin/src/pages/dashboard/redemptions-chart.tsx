// Redemptions made in the range, by their status now: one bar per status.
import { Empty } from '../../components';
import { formatNumber, t } from '../../i18n';
import { REDEMPTION_STATUSES, redemptionStatusLabel, STATUS_COLORS } from '../redemptions/redemption-status';
import { BarList } from './charts/bar-list';
import type { Dashboard } from './types';

export function RedemptionsByStatus({ data }: { data: Dashboard }) {
  if (data.redemptions.total === 0) return <Empty testid="chart-redemptions-empty">{t('dashboard.byStatus.empty')}</Empty>;
  const rows = REDEMPTION_STATUSES.map((status) => ({ status, count: data.redemptions.byStatus[status] ?? 0 }));
  return (
    <BarList
      name="redemptions"
      items={rows.map(({ status, count }) => ({
        key: status,
        label: redemptionStatusLabel(status),
        value: count,
        valueLabel: formatNumber(count),
        color: STATUS_COLORS[status],
      }))}
      summary={t('dashboard.byStatus.summary', {
        n: data.redemptions.total,
        list: rows.filter((row) => row.count > 0).map((row) => `${redemptionStatusLabel(row.status)} ${formatNumber(row.count)}`).join(', '),
      })}
      table={{
        caption: t('dashboard.byStatus.title'),
        headers: [t('dashboard.byStatus.status'), t('dashboard.byStatus.count')],
        rows: rows.map(({ status, count }) => ({ key: status, cells: [redemptionStatusLabel(status), formatNumber(count)] })),
      }}
    />
  );
}
