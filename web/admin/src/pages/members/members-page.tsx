// The member list: a search by name, e-mail or CPF (debounced, kept in ?q=), newest first, page
// by page.
import { useEffect, useState } from 'preact/hooks';
import { api } from '../../api';
import { Empty, ErrorState, LoadMore, Loading, Page, StatusBadge, Table, TextField, Button, type Column } from '../../components';
import { useCursorList, type Page as ApiPage } from '../../hooks';
import { formatDate, t } from '../../i18n';
import { Link, navigate, setQuery, type RouteProps } from '../../router';
import { formatDocument, memberStatusLabel, memberStatusTone } from './member-format';
import { memberLabel } from './member-lookup';
import type { Member } from './types';
import './members.css';

const DEBOUNCE_MS = 300;

export function MembersPage({ query }: RouteProps) {
  const search = query.get('q') ?? '';
  const [text, setText] = useState(search);
  const list = useCursorList((cursor, signal) => api.get<ApiPage<Member>>('/members', { query: { query: search || undefined, cursor }, signal }), [search]);

  // The search follows the typing after a pause.
  useEffect(() => {
    const timer = window.setTimeout(() => {
      if (text.trim() !== search) setQuery({ q: text.trim() || null });
    }, DEBOUNCE_MS);
    return () => window.clearTimeout(timer);
  }, [text]);

  const columns: Column<Member>[] = [
    {
      key: 'name',
      header: t('members.col.name'),
      render: (member) => (
        <>
          <Link href={`/members/${encodeURIComponent(member.id)}`} data-testid={`open-${member.id}`}>
            {memberLabel(member)}
          </Link>
          {member.name && member.email ? <span class="cell-sub">{member.email}</span> : null}
        </>
      ),
    },
    { key: 'document', header: t('members.col.document'), hideOnPhone: true, render: (member) => formatDocument(member.document) },
    { key: 'phone', header: t('members.col.phone'), hideOnPhone: true, render: (member) => member.phone ?? t('common.none') },
    {
      key: 'status',
      header: t('members.col.status'),
      render: (member) => <StatusBadge tone={memberStatusTone(member.status)}>{memberStatusLabel(member.status)}</StatusBadge>,
    },
    { key: 'joined', header: t('members.col.joined'), hideOnPhone: true, render: (member) => formatDate(member.createdAt) },
  ];

  return (
    <Page title={t('members.title')} testid="page-members">
      <form
        role="search"
        class="member-search"
        onSubmit={(event) => {
          event.preventDefault();
          setQuery({ q: text.trim() || null });
        }}
      >
        <TextField name="search" type="search" label={t('members.search')} placeholder={t('members.searchHelp')} value={text} onValue={setText} autoComplete="off" maxLength={200} />
        <Button type="submit" data-testid="search-submit">
          {t('common.search')}
        </Button>
      </form>
      {list.loading && list.items.length === 0 ? (
        <Loading />
      ) : list.error && list.items.length === 0 ? (
        <ErrorState error={list.error} onRetry={() => void list.reload()} />
      ) : list.items.length === 0 ? (
        <Empty>{search ? t('members.noMatch', { search }) : t('members.empty')}</Empty>
      ) : (
        <>
          <Table
            columns={columns}
            rows={list.items}
            rowKey={(member) => member.id}
            caption={t('members.title')}
            testid="members-table"
            onRowClick={(member) => navigate(`/members/${encodeURIComponent(member.id)}`)}
          />
          {list.error ? <ErrorState error={list.error} onRetry={() => void list.loadMore()} /> : null}
          <LoadMore hasMore={list.hasMore} loading={list.loadingMore} onLoadMore={() => void list.loadMore()} />
        </>
      )}
    </Page>
  );
}
