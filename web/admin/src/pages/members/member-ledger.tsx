// A member's points history (GET /members/:id/ledger): each transaction's kind, points, what it
// changed in the member's balances (from its postings), the order or who made it, and the inputs
// the points were computed from, as the API gives them.
import { Fragment } from 'preact';
import { api } from '../../api';
import { Empty, ErrorState, LoadMore, Loading, Table, type Column } from '../../components';
import { useCursorList, type Page as ApiPage } from '../../hooks';
import { formatDateTime, formatMoney, formatNumber, t, type MessageKey } from '../../i18n';
import type { Transaction } from './types';

const KINDS = ['earn', 'mature', 'reverse', 'redeem-hold', 'redeem-confirm', 'redeem-release', 'redeem-refund', 'adjust', 'expire'] as const;
const kindLabel = (kind: string) => ((KINDS as readonly string[]).includes(kind) ? t(`member.kind.${kind as (typeof KINDS)[number]}`) : kind);

const BUCKETS = ['available', 'pending', 'held'] as const;

/** What the transaction changed in this member's balances: `member:<id>:<bucket>` postings summed. */
function effects(transaction: Transaction): { bucket: (typeof BUCKETS)[number]; amount: number }[] {
  const sums = new Map<string, number>();
  const prefix = `member:${transaction.memberId}:`;
  for (const posting of transaction.postings) {
    if (posting.account.startsWith(prefix)) {
      const bucket = posting.account.slice(prefix.length);
      sums.set(bucket, (sums.get(bucket) ?? 0) + posting.amount);
    }
  }
  return BUCKETS.filter((bucket) => (sums.get(bucket) ?? 0) !== 0).map((bucket) => ({ bucket, amount: sums.get(bucket) ?? 0 }));
}

const signed = (value: number) => `${value > 0 ? '+' : value < 0 ? '−' : ''}${formatNumber(Math.abs(value))}`;

/** The order, redemption or person behind a transaction, from its reference. */
function source(transaction: Transaction): string {
  const [type, ...rest] = transaction.reference.split(':');
  const id = rest.join(':');
  if (type === 'order') return t('member.ref.order', { id });
  if (type === 'redemption') return t('member.ref.redemption', { id });
  if (type === 'actor') return t('member.ref.actor', { id });
  if (type === 'lot') return t('member.ref.lot');
  return transaction.reference;
}

const DETAIL_LABELS: Record<string, MessageKey> = {
  orderId: 'member.detail.orderId',
  status: 'member.detail.status',
  statusAt: 'member.detail.statusAt',
  itemsCents: 'member.detail.itemsCents',
  discountsCents: 'member.detail.discountsCents',
  shippingCents: 'member.detail.shippingCents',
  eligibleCents: 'member.detail.eligibleCents',
  rate: 'member.detail.rate',
  includeShipping: 'member.detail.includeShipping',
  dueAt: 'member.detail.dueAt',
  reason: 'member.detail.reason',
  actor: 'member.detail.actor',
  shortfall: 'member.detail.shortfall',
  expired: 'member.detail.expired',
  earningId: 'member.detail.earningId',
  lotId: 'member.detail.lotId',
};

function detailValue(key: string, value: unknown): string {
  if (value === null || value === undefined) return t('common.none');
  if (typeof value === 'number' && key.endsWith('Cents')) return formatMoney(value);
  if (key === 'includeShipping') return value === 1 || value === true ? t('common.yes') : t('common.no');
  if (typeof value === 'string' && key.endsWith('At') && !Number.isNaN(Date.parse(value))) return formatDateTime(value);
  if (typeof value === 'number') return formatNumber(value);
  return typeof value === 'string' ? value : JSON.stringify(value);
}

function Details({ transaction, testid }: { transaction: Transaction; testid: string }) {
  const entries = Object.entries(transaction.metadata);
  if (entries.length === 0) return null;
  return (
    <details class="ledger-details" data-testid={testid}>
      <summary>{t('common.details')}</summary>
      <dl class="details">
        {entries.map(([key, value]) => (
          <Fragment key={key}>
            <dt>{DETAIL_LABELS[key] ? t(DETAIL_LABELS[key]) : key}</dt>
            <dd data-key={key}>{detailValue(key, value)}</dd>
          </Fragment>
        ))}
      </dl>
    </details>
  );
}

export function MemberLedger({ memberId, version }: { memberId: string; version: number }) {
  const list = useCursorList(
    (cursor, signal) => api.get<ApiPage<Transaction>>(`/members/${encodeURIComponent(memberId)}/ledger`, { query: { cursor }, signal }),
    [memberId, version],
  );

  const columns: Column<Transaction>[] = [
    { key: 'date', header: t('member.ledger.date'), hideOnPhone: true, render: (row) => formatDateTime(row.createdAt) },
    {
      key: 'kind',
      header: t('member.ledger.kind'),
      render: (row) => (
        <>
          <span data-kind={row.kind}>{kindLabel(row.kind)}</span>
          <span class="cell-sub">{source(row)}</span>
          {/* On a phone the date and the details sit here, so the table keeps two columns. */}
          <div class="phone-only">
            <span class="cell-sub">{formatDateTime(row.createdAt)}</span>
            <Details transaction={row} testid={`details-phone-${row.id}`} />
          </div>
        </>
      ),
    },
    {
      key: 'points',
      header: t('member.ledger.points'),
      align: 'end',
      render: (row) => {
        const changes = effects(row);
        // What the member gained or lost in all: moves between their own balances (maturing, holds) are neither.
        const net = changes.reduce((total, change) => total + change.amount, 0);
        return (
          <>
            <span class={net > 0 ? 'points-in' : net < 0 ? 'points-out' : 'points-move'} data-testid={`points-${row.id}`} data-net={net}>
              {net === 0 ? formatNumber(row.points) : signed(net)}
            </span>
            {changes.map((change) => (
              <span key={change.bucket} class="bucket-line">
                {t(`member.bucket.${change.bucket}`)} {signed(change.amount)}
              </span>
            ))}
          </>
        );
      },
    },
    { key: 'details', header: t('common.details'), hideOnPhone: true, render: (row) => <Details transaction={row} testid={`details-${row.id}`} /> },
  ];

  if (list.loading && list.items.length === 0) return <Loading />;
  if (list.error && list.items.length === 0) return <ErrorState error={list.error} onRetry={() => void list.reload()} />;
  if (list.items.length === 0) return <Empty testid="ledger-empty">{t('member.ledger.empty')}</Empty>;
  return (
    <>
      <Table columns={columns} rows={list.items} rowKey={(row) => row.id} caption={t('member.ledger.title')} testid="member-ledger" />
      {list.error ? <ErrorState error={list.error} onRetry={() => void list.loadMore()} /> : null}
      <LoadMore hasMore={list.hasMore} loading={list.loadingMore} onLoadMore={() => void list.loadMore()} />
    </>
  );
}
