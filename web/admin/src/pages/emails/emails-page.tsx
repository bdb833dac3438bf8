// The program's e-mails, newest first: filtered by status (?status=) and member (?memberId=), each
// with its type, recipient, subject, dates and last error, and a preview of what the member got.
import { useState } from 'preact/hooks';
import { api } from '../../api';
import { Button, Empty, ErrorState, LoadMore, Loading, Page, StatusBadge, Table, type Column } from '../../components';
import { useCursorList, type Page as ApiPage } from '../../hooks';
import { formatDateTime, t } from '../../i18n';
import { Link, setQuery, type RouteProps } from '../../router';
import { memberLabel, useMembers } from '../members/member-lookup';
import { StatusTabs } from '../redemptions/status-tabs';
import { EMAIL_STATUSES, emailStatusLabel, emailStatusTone, emailTypeLabel, isEmailStatus } from './email-labels';
import { EmailPreview } from './email-preview';
import type { EmailSummary } from './types';
import './emails.css';

const ALL = 'all';

export function EmailsPage({ query }: RouteProps) {
  const requested = query.get('status');
  const status = isEmailStatus(requested) ? requested : ALL;
  const memberId = query.get('memberId') ?? '';
  const list = useCursorList(
    (cursor, signal) =>
      api.get<ApiPage<EmailSummary>>('/emails', { query: { status: status === ALL ? undefined : status, memberId: memberId || undefined, cursor }, signal }),
    [status, memberId],
  );
  const members = useMembers(memberId ? [memberId] : []);
  const [previewing, setPreviewing] = useState<EmailSummary | null>(null);

  const columns: Column<EmailSummary>[] = [
    {
      key: 'subject',
      header: t('emails.col.subject'),
      render: (email) => (
        <>
          <strong>{email.subject}</strong>
          <span class="cell-sub">{emailTypeLabel(email.type)}</span>
          <span class="cell-sub phone-only">{email.to}</span>
        </>
      ),
    },
    {
      key: 'to',
      header: t('emails.col.to'),
      hideOnPhone: true,
      render: (email) => (
        <>
          <span class="cell-break">{email.to || t('common.none')}</span>
          <span class="cell-sub">
            <Link href={`/members/${encodeURIComponent(email.memberId)}`}>{t('emails.openMember')}</Link>
          </span>
        </>
      ),
    },
    {
      key: 'status',
      header: t('emails.col.status'),
      render: (email) => (
        <>
          <StatusBadge tone={emailStatusTone(email.status)} testid={`status-${email.id}`}>
            {emailStatusLabel(email.status)}
          </StatusBadge>
          {email.lastError ? (
            <span class={email.status === 'skipped' ? 'cell-sub' : 'cell-error'} data-testid={`last-error-${email.id}`}>
              {email.lastError}
            </span>
          ) : null}
          {email.attempts > 1 ? <span class="cell-sub">{t('emails.attempts', { n: email.attempts })}</span> : null}
          {email.status === 'queued' && email.nextAttemptAt ? <span class="cell-sub">{t('emails.nextAttempt', { date: formatDateTime(email.nextAttemptAt) })}</span> : null}
        </>
      ),
    },
    {
      key: 'dates',
      header: t('emails.col.dates'),
      hideOnPhone: true,
      render: (email) => (
        <>
          {formatDateTime(email.createdAt)}
          {email.sentAt ? <span class="cell-sub">{t('emails.sentAt', { date: formatDateTime(email.sentAt) })}</span> : null}
        </>
      ),
    },
    {
      key: 'actions',
      header: <span class="sr-label">{t('common.actions')}</span>,
      align: 'end',
      render: (email) => (
        <Button size="small" onClick={() => setPreviewing(email)} data-testid={`preview-${email.id}`}>
          {t('emails.preview.action')}
        </Button>
      ),
    },
  ];

  return (
    <Page title={t('emails.title')} testid="page-emails">
      <p class="muted">{t('emails.intro')}</p>
      {memberId ? (
        <div class="row">
          <span class="filter-chip" data-testid="member-filter">
            {t('emails.onlyMember', { member: memberLabel(members.get(memberId), memberId) })}
            <button type="button" class="icon-button" aria-label={t('emails.clearMember')} onClick={() => setQuery({ memberId: null })} data-testid="clear-member-filter">
              ×
            </button>
          </span>
        </div>
      ) : null}
      <StatusTabs
        label={t('emails.filter')}
        options={[{ value: ALL, label: t('common.all') }, ...EMAIL_STATUSES.map((value) => ({ value, label: emailStatusLabel(value) }))]}
        value={status}
        onChange={(value) => setQuery({ status: value === ALL ? null : value })}
      />
      {list.loading && list.items.length === 0 ? (
        <Loading />
      ) : list.error && list.items.length === 0 ? (
        <ErrorState error={list.error} onRetry={() => void list.reload()} />
      ) : list.items.length === 0 ? (
        <Empty>{status === ALL && !memberId ? t('emails.empty') : t('emails.emptyFilter')}</Empty>
      ) : (
        <>
          <Table columns={columns} rows={list.items} rowKey={(email) => email.id} caption={t('emails.title')} testid="emails-table" />
          {list.error ? <ErrorState error={list.error} onRetry={() => void list.loadMore()} /> : null}
          <LoadMore hasMore={list.hasMore} loading={list.loadingMore} onLoadMore={() => void list.loadMore()} />
        </>
      )}
      {previewing ? <EmailPreview email={previewing} onClose={() => setPreviewing(null)} /> : null}
    </Page>
  );
}
