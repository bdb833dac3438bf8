// The dashboard's headline numbers. Each card has data-testid="kpi-<name>" and its number
// data-value, so a test can read it without parsing formatted text.
import type { ComponentChildren } from 'preact';
import { formatNumber, formatPercent, t } from '../../i18n';
import { Link } from '../../router';
import { money } from './format';
import type { Dashboard } from './types';

function Kpi({ name, label, value, display, children }: { name: string; label: string; value: number; display?: string; children?: ComponentChildren }) {
  return (
    <div class="kpi" data-testid={`kpi-${name}`} data-value={value}>
      <span class="kpi-label">{label}</span>
      <strong class="kpi-value">{display ?? formatNumber(value)}</strong>
      {children ? <span class="kpi-sub">{children}</span> : null}
    </div>
  );
}

export function Kpis({ data }: { data: Dashboard }) {
  const newMembers = data.members.newPerDay.reduce((total, day) => total + day.count, 0);
  const { balances, totals } = data.points;
  const pendingApproval = data.redemptions.byStatus.pending_approval;
  return (
    <div class="kpi-grid" data-testid="kpis">
      <Kpi name="members" label={t('dashboard.kpi.members')} value={data.members.total}>
        {t('dashboard.kpi.newMembers', { n: newMembers })}
      </Kpi>
      <Kpi name="active" label={t('dashboard.kpi.active')} value={data.members.activeLast30Days}>
        {t('dashboard.kpi.activeShare', { share: formatPercent(data.members.total ? data.members.activeLast30Days / data.members.total : 0) })}
      </Kpi>
      <Kpi name="earned" label={t('dashboard.kpi.earned')} value={totals.earned}>
        {t('dashboard.kpi.matured', { n: totals.matured })}
      </Kpi>
      <Kpi name="redeemed" label={t('dashboard.kpi.redeemed')} value={totals.redeemed}>
        {t('dashboard.kpi.expired', { n: totals.expired })}
      </Kpi>
      <Kpi name="available" label={t('dashboard.kpi.available')} value={balances.available}>
        {t('dashboard.kpi.pendingHeld', { pending: balances.pending, held: balances.held })}
      </Kpi>
      <Kpi name="redemptions" label={t('dashboard.kpi.redemptions')} value={data.redemptions.total}>
        {pendingApproval > 0 ? (
          <Link href="/redemptions?status=pending_approval" data-testid="kpi-pending-approval">
            {t('dashboard.kpi.pendingApproval', { n: pendingApproval })}
          </Link>
        ) : (
          t('dashboard.kpi.noneWaiting')
        )}
      </Kpi>
      <Kpi name="sales" label={t('dashboard.kpi.sales')} value={data.sales.totals.valueCents} display={money(data.sales.totals.valueCents)}>
        {t('dashboard.kpi.orders', { n: data.sales.totals.orders })}
      </Kpi>
    </div>
  );
}
