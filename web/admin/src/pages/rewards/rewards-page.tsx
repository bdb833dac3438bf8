// The reward catalog: every reward with its kind, cost, stock and whether members can redeem it
// now; filtered by active (?active=true|false), with "Import from VTEX" for catalog products.
import { useState } from 'preact/hooks';
import { api, isApiError } from '../../api';
import { Alert, Button, Empty, ErrorState, LoadMore, Loading, Page, StatusBadge, Table, errorMessage, type Column } from '../../components';
import { useCursorList, type Page as ApiPage } from '../../hooks';
import { formatDate, formatNumber, t } from '../../i18n';
import { Link, navigate, setQuery, type RouteProps } from '../../router';
import { StatusTabs } from '../redemptions/status-tabs';
import { rewardKindLabel, rewardValueText } from './reward-text';
import type { Reward } from './types';
import './rewards.css';

type ImportOutcome = { ok: true } | { ok: false; error: unknown };

function ImportResult({ outcome }: { outcome: ImportOutcome }) {
  if (outcome.ok) {
    return (
      <Alert tone="success" testid="import-result" title={t('rewards.import.started')}>
        {t('rewards.import.startedHelp')} <Link href="/sync">{t('rewards.import.seeSync')}</Link>
      </Alert>
    );
  }
  const code = isApiError(outcome.error) ? outcome.error.code : null;
  if (code === 'PRODUCT_IMPORT_OFF' || code === 'VTEX_NOT_CONNECTED') {
    return (
      <Alert tone="warning" testid="import-result" title={code === 'PRODUCT_IMPORT_OFF' ? t('rewards.import.offTitle') : t('rewards.import.notConnectedTitle')}>
        {code === 'PRODUCT_IMPORT_OFF' ? t('rewards.import.offHelp') : t('rewards.import.notConnectedHelp')}{' '}
        <Link href="/settings/integration">{t('rewards.import.openSettings')}</Link>
      </Alert>
    );
  }
  return (
    <Alert tone="error" testid="import-result">
      {errorMessage(outcome.error)}
    </Alert>
  );
}

/** Whether members can redeem it now, and why not. */
function Availability({ reward }: { reward: Reward }) {
  const now = Date.now();
  let badge;
  if (!reward.active) badge = <StatusBadge tone="neutral">{t('rewards.inactive')}</StatusBadge>;
  else if (!reward.available) badge = <StatusBadge tone="warning">{t('rewards.unavailable')}</StatusBadge>;
  else if (reward.activeFrom && Date.parse(reward.activeFrom) > now) badge = <StatusBadge tone="info">{t('rewards.scheduled')}</StatusBadge>;
  else if (reward.activeUntil && Date.parse(reward.activeUntil) <= now) badge = <StatusBadge tone="neutral">{t('rewards.ended')}</StatusBadge>;
  else if (reward.stock === 0) badge = <StatusBadge tone="warning">{t('rewards.outOfStock')}</StatusBadge>;
  else badge = <StatusBadge tone="ok">{t('rewards.active')}</StatusBadge>;
  return (
    <>
      {badge}
      {reward.active && !reward.available && reward.unavailableReason ? <span class="cell-sub">{reward.unavailableReason}</span> : null}
      {reward.activeFrom || reward.activeUntil ? (
        <span class="cell-sub">
          {reward.activeFrom ? t('rewards.from', { date: formatDate(reward.activeFrom) }) : ''} {reward.activeUntil ? t('rewards.until', { date: formatDate(reward.activeUntil) }) : ''}
        </span>
      ) : null}
      {reward.issueError ? (
        <span class="cell-error" data-testid={`issue-error-${reward.id}`}>
          {t('rewards.issueErrorShort', { error: reward.issueError })}
        </span>
      ) : null}
    </>
  );
}

export function RewardsPage({ query }: RouteProps) {
  const activeParam = query.get('active');
  const filter = activeParam === 'true' ? 'active' : activeParam === 'false' ? 'inactive' : 'all';
  const list = useCursorList(
    (cursor, signal) => api.get<ApiPage<Reward>>('/rewards', { query: { active: filter === 'all' ? undefined : filter === 'active', cursor }, signal }),
    [filter],
  );
  const [importing, setImporting] = useState(false);
  const [outcome, setOutcome] = useState<ImportOutcome | null>(null);

  const startImport = async () => {
    setImporting(true);
    setOutcome(null);
    try {
      await api.post('/rewards/import');
      setOutcome({ ok: true });
    } catch (error) {
      setOutcome({ ok: false, error });
    } finally {
      setImporting(false);
    }
  };

  const columns: Column<Reward>[] = [
    {
      key: 'name',
      header: t('rewards.col.name'),
      render: (reward) => (
        <div class="reward-name">
          {reward.imageUrl ? <img src={reward.imageUrl} alt="" class="reward-thumb hide-phone" loading="lazy" /> : null}
          <span>
            <Link href={`/rewards/${encodeURIComponent(reward.id)}`} data-testid={`open-${reward.id}`}>
              {reward.name}
            </Link>
            <span class="cell-sub">
              {rewardValueText(reward)}
              {reward.source === 'vtex' ? ` · ${t('rewards.fromVtex')}` : ''}
            </span>
          </span>
        </div>
      ),
    },
    { key: 'kind', header: t('rewards.col.kind'), hideOnPhone: true, render: (reward) => rewardKindLabel(reward.kind) },
    { key: 'cost', header: t('rewards.col.cost'), align: 'end', render: (reward) => formatNumber(reward.cost) },
    {
      key: 'stock',
      header: t('rewards.col.stock'),
      align: 'end',
      hideOnPhone: true,
      render: (reward) => (
        <>
          {reward.stock === null ? t('rewards.unlimited') : formatNumber(reward.stock)}
          {reward.perMemberLimit !== null ? <span class="cell-sub">{t('rewards.perMember', { n: reward.perMemberLimit })}</span> : null}
        </>
      ),
    },
    { key: 'status', header: t('rewards.col.status'), render: (reward) => <Availability reward={reward} /> },
  ];

  return (
    <Page
      title={t('rewards.title')}
      testid="page-rewards"
      actions={
        <>
          <Button onClick={() => void startImport()} busy={importing} data-testid="import-rewards">
            {t('rewards.import.action')}
          </Button>
          <Link href="/rewards/new" class="button button-primary" data-testid="new-reward">
            {t('rewards.new')}
          </Link>
        </>
      }
    >
      {outcome ? <ImportResult outcome={outcome} /> : null}
      <StatusTabs
        label={t('rewards.filter')}
        options={[
          { value: 'all', label: t('rewards.filterAll') },
          { value: 'active', label: t('rewards.filterActive') },
          { value: 'inactive', label: t('rewards.filterInactive') },
        ]}
        value={filter}
        onChange={(value) => setQuery({ active: value === 'all' ? null : String(value === 'active') })}
      />
      {list.loading && list.items.length === 0 ? (
        <Loading />
      ) : list.error && list.items.length === 0 ? (
        <ErrorState error={list.error} onRetry={() => void list.reload()} />
      ) : list.items.length === 0 ? (
        <Empty>
          {filter === 'all' ? t('rewards.empty') : t('rewards.emptyFilter')}{' '}
          {filter === 'all' ? <Link href="/rewards/new">{t('rewards.createFirst')}</Link> : null}
        </Empty>
      ) : (
        <>
          <Table
            columns={columns}
            rows={list.items}
            rowKey={(reward) => reward.id}
            caption={t('rewards.title')}
            testid="rewards-table"
            onRowClick={(reward) => navigate(`/rewards/${encodeURIComponent(reward.id)}`)}
          />
          {list.error ? <ErrorState error={list.error} onRetry={() => void list.loadMore()} /> : null}
          <LoadMore hasMore={list.hasMore} loading={list.loadingMore} onLoadMore={() => void list.loadMore()} />
        </>
      )}
    </Page>
  );
}
