// Audit log: every change through the admin API, newest first, filtered by action and actor (kept
// in the URL), with the fields each change altered, before and after.
import { useState } from 'preact/hooks';
import { api } from '../../api';
import { Button, Empty, ErrorState, Loading, LoadMore, Page, SelectField, TextField } from '../../components';
import { useCursorList, type Page as ListPage } from '../../hooks';
import { formatDateTime, formatRelative, t, type MessageKey } from '../../i18n';
import { setQuery, type RouteProps } from '../../router';

interface AuditEntry {
  id: string;
  actor: string;
  actorLabel: string;
  action: string;
  targetId: string | null;
  before: unknown;
  after: unknown;
  requestId: string | null;
  createdAt: string;
}

const ACTIONS = [
  'integration.update',
  'integration.check',
  'program.update',
  'member.create',
  'member.update',
  'member.adjust_points',
  'member.export',
  'member.erase',
  'reward.create',
  'reward.update',
  'reward.deactivate',
  'reward.import',
  'redemption.create',
  'redemption.approve',
  'redemption.approve_many',
  'redemption.reject',
  'redemption.reject_many',
  'redemption.cancel',
  'user.create',
  'user.update',
  'user.update_own',
  'user.change_password',
  'user.sign_in',
  'user.sign_out',
  'api_key.create',
  'api_key.revoke',
];

const actionName = (action: string) => (ACTIONS.includes(action) ? t(`audit.action.${action}` as MessageKey) : action);

export interface FieldChange {
  field: string;
  before: unknown;
  after: unknown;
}

const isRecord = (value: unknown): value is Record<string, unknown> => value !== null && typeof value === 'object' && !Array.isArray(value);
const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/** The fields that differ between two snapshots (one level deep; nested values compared whole). */
export function changedFields(before: unknown, after: unknown): FieldChange[] {
  if (!isRecord(before) && !isRecord(after)) return same(before, after) ? [] : [{ field: '', before, after }];
  const was = isRecord(before) ? before : {};
  const now = isRecord(after) ? after : {};
  const fields = [...new Set([...Object.keys(was), ...Object.keys(now)])];
  return fields.filter((field) => !same(was[field], now[field])).map((field) => ({ field, before: was[field], after: now[field] }));
}

function show(value: unknown): string {
  if (value === undefined || value === null || value === '') return '—';
  if (typeof value === 'string') return value;
  return JSON.stringify(value, null, 1);
}

function Diff({ entry }: { entry: AuditEntry }) {
  const changes = changedFields(entry.before, entry.after);
  if (changes.length === 0) return <p class="muted">{t('audit.noChanges')}</p>;
  return (
    <table class="diff" data-testid={`diff-${entry.id}`}>
      <thead>
        <tr>
          <th scope="col">{t('audit.field')}</th>
          <th scope="col">{t('audit.before')}</th>
          <th scope="col">{t('audit.after')}</th>
        </tr>
      </thead>
      <tbody>
        {changes.map((change) => (
          <tr key={change.field} data-testid={`diff-${entry.id}-${change.field || 'value'}`}>
            <th scope="row">
              <code>{change.field || '—'}</code>
            </th>
            <td class="before">
              <pre>{show(change.before)}</pre>
            </td>
            <td class="after">
              <pre>{show(change.after)}</pre>
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function Filters({ action, actor }: { action: string; actor: string }) {
  const [actorText, setActorText] = useState(actor);
  return (
    <form
      noValidate
      class="row"
      style={{ alignItems: 'flex-end' }}
      data-testid="audit-filters"
      onSubmit={(event) => {
        event.preventDefault();
        setQuery({ actor: actorText.trim() });
      }}
    >
      <div style={{ flex: '1 1 220px' }}>
        <SelectField
          name="action"
          label={t('audit.action')}
          value={action}
          onValue={(value) => setQuery({ action: value })}
          options={ACTIONS.map((value) => ({ value, label: actionName(value) }))}
          placeholder={t('audit.anyAction')}
        />
      </div>
      <div style={{ flex: '1 1 220px' }}>
        <TextField name="actor" label={t('audit.actor')} value={actorText} onValue={setActorText} placeholder="user:… / apikey:…" autocomplete="off" />
      </div>
      <Button type="submit" data-testid="audit-apply">
        {t('common.apply')}
      </Button>
      {action || actor ? (
        <Button
          variant="ghost"
          onClick={() => {
            setActorText('');
            setQuery({ action: null, actor: null });
          }}
          data-testid="audit-clear"
        >
          {t('audit.clear')}
        </Button>
      ) : null}
    </form>
  );
}

export function AuditPage({ query }: RouteProps) {
  const action = query.get('action') ?? '';
  const actor = query.get('actor') ?? '';
  const list = useCursorList<AuditEntry>(
    (cursor, signal) => api.get<ListPage<AuditEntry>>('/audit-log', { query: { action, actor, cursor, limit: 50 }, signal }),
    [action, actor],
  );
  const [open, setOpen] = useState<Set<string>>(new Set());
  const toggle = (id: string) => {
    const next = new Set(open);
    if (next.has(id)) next.delete(id);
    else next.add(id);
    setOpen(next);
  };

  let body;
  if (list.error && list.items.length === 0) body = <ErrorState error={list.error} onRetry={() => void list.reload()} />;
  else if (list.loading && list.items.length === 0) body = <Loading />;
  else if (list.items.length === 0) body = <Empty>{t('audit.empty')}</Empty>;
  else {
    body = (
      <>
        <div class="table-wrap">
          <table class="table" data-testid="audit-table">
            <thead>
              <tr>
                <th scope="col">{t('audit.when')}</th>
                <th scope="col">{t('audit.actor')}</th>
                <th scope="col">{t('audit.action')}</th>
                <th scope="col" class="hide-phone">
                  {t('audit.target')}
                </th>
                <th scope="col">
                  <span class="visually-hidden">{t('audit.changes')}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {list.items.map((entry) => [
                <tr key={entry.id} data-testid={`row-${entry.id}`} data-action={entry.action}>
                  <td>
                    <time dateTime={entry.createdAt} title={formatDateTime(entry.createdAt)}>
                      {formatRelative(entry.createdAt)}
                    </time>
                  </td>
                  <td>
                    <div>{entry.actorLabel}</div>
                    <code class="muted">{entry.actor}</code>
                  </td>
                  <td>{actionName(entry.action)}</td>
                  <td class="hide-phone">{entry.targetId ? <code>{entry.targetId}</code> : '—'}</td>
                  <td class="align-end">
                    <Button size="small" variant="ghost" aria-expanded={open.has(entry.id)} onClick={() => toggle(entry.id)} data-testid={`audit-toggle-${entry.id}`}>
                      {open.has(entry.id) ? t('audit.hideChanges') : t('audit.showChanges')}
                    </Button>
                  </td>
                </tr>,
                open.has(entry.id) ? (
                  <tr key={`${entry.id}-changes`}>
                    <td colSpan={5}>
                      <Diff entry={entry} />
                      {entry.requestId ? <p class="muted">{t('audit.requestId', { id: entry.requestId })}</p> : null}
                    </td>
                  </tr>
                ) : null,
              ])}
            </tbody>
          </table>
        </div>
        <LoadMore hasMore={list.hasMore} loading={list.loadingMore} onLoadMore={() => void list.loadMore()} />
      </>
    );
  }

  return (
    <Page title={t('audit.title')} testid="page-audit">
      <p class="muted">{t('audit.intro')}</p>
      <Filters key={`${action}|${actor}`} action={action} actor={actor} />
      {body}
    </Page>
  );
}
