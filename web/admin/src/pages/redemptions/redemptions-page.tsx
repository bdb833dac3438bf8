// The redemption queue: redemptions by status (those waiting for approval first), approved or
// rejected one by one or many at once, and issued coupons cancelled. The status filter is kept in
// the query string (?status=…; `all` for every status).
import { useState } from 'preact/hooks';
import { api } from '../../api';
import { Button, Empty, ErrorState, LoadMore, Loading, Page, StatusBadge, Table, toast, type Column } from '../../components';
import { useCursorList, type Page as ApiPage } from '../../hooks';
import { formatDate, formatDateTime, formatNumber, t } from '../../i18n';
import { Link, setQuery, type RouteProps } from '../../router';
import { memberLabel, useMembers } from '../members/member-lookup';
import { rewardValueText } from '../rewards/reward-text';
import { ActionDialog, BulkResultsDialog, type PendingAction } from './redemption-actions';
import { isRedemptionStatus, REDEMPTION_STATUSES, redemptionStatusLabel, redemptionStatusTone } from './redemption-status';
import { StatusTabs } from './status-tabs';
import type { BulkResults, Redemption } from './types';

const ALL = 'all';
/** The server takes up to 100 ids per bulk call. */
const BULK_MAX = 100;

function StatusLines({ row, testid }: { row: Redemption; testid?: string }) {
  return (
    <>
      <StatusBadge tone={redemptionStatusTone(row.status)} testid={testid}>
        {redemptionStatusLabel(row.status)}
      </StatusBadge>
      {row.couponCode ? <span class="cell-sub phone-only coupon-code">{row.couponCode}</span> : null}
      {row.reason ? <span class="cell-sub">{t('redemptions.reasonLine', { reason: row.reason })}</span> : null}
      {row.lastError && (row.status === 'issuing' || row.status === 'failed') ? <span class="cell-error">{row.lastError}</span> : null}
      {row.status === 'issuing' && row.nextAttemptAt ? <span class="cell-sub">{t('redemptions.nextAttempt', { date: formatDateTime(row.nextAttemptAt) })}</span> : null}
      {row.orderId ? <span class="cell-sub">{t('redemptions.usedIn', { order: row.orderId })}</span> : null}
    </>
  );
}

export function RedemptionsPage({ query }: RouteProps) {
  const requested = query.get('status');
  const status = requested === ALL || isRedemptionStatus(requested) ? requested : 'pending_approval';
  const list = useCursorList(
    (cursor, signal) => api.get<ApiPage<Redemption>>('/redemptions', { query: { status: status === ALL ? undefined : status, cursor, limit: 50 }, signal }),
    [status],
  );
  const members = useMembers(list.items.map((item) => item.memberId));
  const [selected, setSelected] = useState<ReadonlySet<string>>(new Set());
  const [action, setAction] = useState<PendingAction | null>(null);
  const [results, setResults] = useState<{ results: BulkResults['results']; labels: ReadonlyMap<string, string> } | null>(null);

  const memberName = (memberId: string) => memberLabel(members.get(memberId), memberId);
  const find = (id: string) => list.items.find((item) => item.id === id);
  const describe = (id: string) => {
    const redemption = find(id);
    return redemption ? `${redemption.reward.name} · ${memberName(redemption.memberId)}` : id;
  };

  const pendingIds = list.items.filter((item) => item.status === 'pending_approval').map((item) => item.id);
  const chosen = pendingIds.filter((id) => selected.has(id));
  const allChosen = pendingIds.length > 0 && chosen.length === Math.min(pendingIds.length, BULK_MAX);

  const toggle = (id: string, on: boolean) => {
    const next = new Set(selected);
    if (on && next.size < BULK_MAX) next.add(id);
    else next.delete(id);
    setSelected(next);
  };

  const changeStatus = (value: string) => {
    setSelected(new Set());
    setQuery({ status: value === 'pending_approval' ? null : value });
  };

  const finished = (answer: BulkResults | null) => {
    const done = action;
    setAction(null);
    setSelected(new Set());
    if (answer) {
      const ok = answer.results.filter((result) => result.redemption).length;
      const failed = answer.results.length - ok;
      toast(
        done?.kind === 'approve' ? t('redemptions.toast.approvedMany', { n: ok, failed }) : t('redemptions.toast.rejectedMany', { n: ok, failed }),
        failed > 0 ? 'warning' : 'success',
      );
      // Described now: after the reload the decided ones may have left this tab.
      setResults({ results: answer.results, labels: new Map(answer.results.map((result) => [result.id, describe(result.id)])) });
    } else if (done) {
      toast(done.kind === 'approve' ? t('redemptions.toast.approved') : done.kind === 'reject' ? t('redemptions.toast.rejected') : t('redemptions.toast.cancelled'));
    }
    void list.reload();
  };

  const memberLink = (row: Redemption) => (
    <Link href={`/members/${encodeURIComponent(row.memberId)}`} class="member-link">
      {members.has(row.memberId) ? memberName(row.memberId) : t('common.loading')}
    </Link>
  );

  const columns: Column<Redemption>[] = [];
  if (pendingIds.length > 0) {
    columns.push({
      key: 'select',
      header: (
        <input
          type="checkbox"
          class="checkbox"
          aria-label={t('redemptions.selectAll')}
          data-testid="select-all"
          checked={allChosen}
          onChange={(event) => setSelected(event.currentTarget.checked ? new Set(pendingIds.slice(0, BULK_MAX)) : new Set())}
        />
      ),
      render: (row) =>
        row.status === 'pending_approval' ? (
          <input
            type="checkbox"
            class="checkbox"
            aria-label={t('redemptions.select', { reward: row.reward.name, member: memberName(row.memberId) })}
            data-testid={`select-${row.id}`}
            checked={selected.has(row.id)}
            onChange={(event) => toggle(row.id, event.currentTarget.checked)}
          />
        ) : null,
    });
  }
  columns.push(
    {
      key: 'member',
      header: t('redemptions.col.member'),
      hideOnPhone: true,
      render: memberLink,
    },
    {
      key: 'reward',
      header: t('redemptions.col.reward'),
      render: (row) => (
        <>
          {row.reward.name}
          <span class="cell-sub">{rewardValueText(row.reward)}</span>
          {/* On a phone this cell says it all, so the row fits without scrolling sideways. */}
          <span class="phone-only">
            {memberLink(row)}
            <span class="cell-sub">
              {t('redemptions.pointsShort', { n: row.cost })} · {formatDate(row.createdAt)}
            </span>
            <StatusLines row={row} />
          </span>
        </>
      ),
    },
    { key: 'points', header: t('redemptions.col.points'), align: 'end', hideOnPhone: true, render: (row) => formatNumber(row.cost) },
    {
      key: 'status',
      header: t('redemptions.col.status'),
      hideOnPhone: true,
      render: (row) => <StatusLines row={row} testid={`status-${row.id}`} />,
    },
    {
      key: 'coupon',
      header: t('redemptions.col.coupon'),
      hideOnPhone: true,
      render: (row) =>
        row.couponCode ? (
          <>
            <span class="coupon-code" data-testid={`coupon-${row.id}`}>
              {row.couponCode}
            </span>
            {row.couponExpiresAt ? <span class="cell-sub">{t('redemptions.expires', { date: formatDate(row.couponExpiresAt) })}</span> : null}
          </>
        ) : (
          <span class="muted">{t('common.none')}</span>
        ),
    },
    {
      key: 'date',
      header: t('redemptions.col.date'),
      hideOnPhone: true,
      render: (row) => (
        <>
          {formatDateTime(row.createdAt)}
          {row.updatedAt !== row.createdAt ? <span class="cell-sub">{t('redemptions.updated', { date: formatDateTime(row.updatedAt) })}</span> : null}
        </>
      ),
    },
    {
      key: 'actions',
      header: <span class="sr-label">{t('common.actions')}</span>,
      align: 'end',
      render: (row) => (
        <div class="row-actions">
          {row.status === 'pending_approval' ? (
            <>
              <Button size="small" variant="primary" data-testid={`approve-${row.id}`} onClick={() => setAction({ kind: 'approve', ids: [row.id], bulk: false })}>
                {t('redemptions.approve.action')}
              </Button>
              <Button size="small" variant="danger" data-testid={`reject-${row.id}`} onClick={() => setAction({ kind: 'reject', ids: [row.id], bulk: false })}>
                {t('redemptions.reject.action')}
              </Button>
            </>
          ) : null}
          {row.status === 'issued' ? (
            <Button size="small" data-testid={`cancel-${row.id}`} onClick={() => setAction({ kind: 'cancel', ids: [row.id], bulk: false })}>
              {t('redemptions.cancel.action')}
            </Button>
          ) : null}
        </div>
      ),
    },
  );

  const tabs = [...REDEMPTION_STATUSES.map((value) => ({ value, label: redemptionStatusLabel(value) })), { value: ALL, label: t('common.all') }];

  return (
    <Page title={t('redemptions.title')} testid="page-redemptions">
      <StatusTabs label={t('redemptions.filter')} options={tabs} value={status} onChange={changeStatus} />
      {status === 'pending_approval' ? <p class="muted">{t('redemptions.queueHelp')}</p> : null}
      {pendingIds.length > 0 ? (
        <div class="bulk-bar" data-testid="bulk-bar">
          <span aria-live="polite">{chosen.length > 0 ? t('redemptions.selected', { n: chosen.length }) : t('redemptions.selectHint')}</span>
          <div class="row">
            <Button variant="primary" size="small" disabled={chosen.length === 0} data-testid="bulk-approve" onClick={() => setAction({ kind: 'approve', ids: chosen, bulk: true })}>
              {t('redemptions.approveMany.action')}
            </Button>
            <Button variant="danger" size="small" disabled={chosen.length === 0} data-testid="bulk-reject" onClick={() => setAction({ kind: 'reject', ids: chosen, bulk: true })}>
              {t('redemptions.rejectMany.action')}
            </Button>
          </div>
        </div>
      ) : null}
      {list.loading && list.items.length === 0 ? (
        <Loading />
      ) : list.error && list.items.length === 0 ? (
        <ErrorState error={list.error} onRetry={() => void list.reload()} />
      ) : list.items.length === 0 ? (
        <Empty>{status === 'pending_approval' ? t('redemptions.emptyQueue') : t('redemptions.empty')}</Empty>
      ) : (
        <>
          <Table
            columns={columns}
            rows={list.items}
            rowKey={(row) => row.id}
            caption={t('redemptions.title')}
            testid="redemptions-table"
            rowClass={(row) => (selected.has(row.id) ? 'row-selected' : undefined)}
          />
          {list.error ? <ErrorState error={list.error} onRetry={() => void list.loadMore()} /> : null}
          <LoadMore hasMore={list.hasMore} loading={list.loadingMore} onLoadMore={() => void list.loadMore()} />
        </>
      )}
      {action ? (
        <ActionDialog
          key={`${action.kind}:${action.ids.join(',')}`}
          action={action}
          find={find}
          memberName={memberName}
          onCancel={() => setAction(null)}
          onDone={finished}
          onFailed={() => void list.reload()}
        />
      ) : null}
      {results ? <BulkResultsDialog results={results.results} labels={results.labels} onClose={() => setResults(null)} /> : null}
    </Page>
  );
}
