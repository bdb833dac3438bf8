// A member's redemptions (GET /redemptions?memberId=), newest first; decisions are made in the queue.
import { api } from '../../api';
import { Empty, ErrorState, LoadMore, Loading, StatusBadge, Table, type Column } from '../../components';
import { useCursorList, type Page as ApiPage } from '../../hooks';
import { formatDate, formatDateTime, formatNumber, t } from '../../i18n';
import { Link } from '../../router';
import { redemptionStatusLabel, redemptionStatusTone } from '../redemptions/redemption-status';
import type { Redemption } from '../redemptions/types';
import { rewardValueText } from '../rewards/reward-text';

export function MemberRedemptions({ memberId, version }: { memberId: string; version: number }) {
  const list = useCursorList(
    (cursor, signal) => api.get<ApiPage<Redemption>>('/redemptions', { query: { memberId, cursor }, signal }),
    [memberId, version],
  );

  const columns: Column<Redemption>[] = [
    {
      key: 'reward',
      header: t('member.redemptions.reward'),
      render: (row) => (
        <>
          <Link href={`/rewards/${encodeURIComponent(row.rewardId)}`}>{row.reward.name}</Link>
          <span class="cell-sub">{rewardValueText(row.reward)}</span>
        </>
      ),
    },
    { key: 'points', header: t('member.redemptions.points'), align: 'end', render: (row) => formatNumber(row.cost) },
    {
      key: 'status',
      header: t('member.redemptions.status'),
      render: (row) => (
        <>
          <StatusBadge tone={redemptionStatusTone(row.status)}>{redemptionStatusLabel(row.status)}</StatusBadge>
          {row.reason ? <span class="cell-sub">{row.reason}</span> : null}
          {row.status === 'pending_approval' ? (
            <span class="cell-sub">
              <Link href="/redemptions">{t('member.redemptions.toQueue')}</Link>
            </span>
          ) : null}
        </>
      ),
    },
    {
      key: 'coupon',
      header: t('member.redemptions.coupon'),
      hideOnPhone: true,
      render: (row) =>
        row.couponCode ? (
          <>
            <span class="coupon-code">{row.couponCode}</span>
            {row.couponExpiresAt ? <span class="cell-sub">{t('redemptions.expires', { date: formatDate(row.couponExpiresAt) })}</span> : null}
          </>
        ) : (
          t('common.none')
        ),
    },
    { key: 'date', header: t('member.redemptions.date'), hideOnPhone: true, render: (row) => formatDateTime(row.createdAt) },
  ];

  if (list.loading && list.items.length === 0) return <Loading />;
  if (list.error && list.items.length === 0) return <ErrorState error={list.error} onRetry={() => void list.reload()} />;
  if (list.items.length === 0) return <Empty testid="member-redemptions-empty">{t('member.redemptions.empty')}</Empty>;
  return (
    <>
      <Table columns={columns} rows={list.items} rowKey={(row) => row.id} caption={t('member.redemptions.title')} testid="member-redemptions" />
      {list.error ? <ErrorState error={list.error} onRetry={() => void list.loadMore()} /> : null}
      <LoadMore hasMore={list.hasMore} loading={list.loadingMore} onLoadMore={() => void list.loadMore()} />
    </>
  );
}
