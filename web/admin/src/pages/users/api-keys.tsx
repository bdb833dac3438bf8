// The store's API keys: create (the secret is shown this once, with a copy button), revoke.
import { useState } from 'preact/hooks';
import { api, isApiError } from '../../api';
import { Alert, Button, Card, ConfirmDialog, CopyButton, Empty, ErrorState, Loading, StatusBadge, Table, TextField, errorMessage, toast, type Column } from '../../components';
import { useResource } from '../../hooks';
import { formatDateTime, t } from '../../i18n';
import { maxLength, required, validate } from '../../validation';

interface ApiKey {
  id: string;
  name: string;
  createdAt: string;
  revokedAt: string | null;
}

export function ApiKeys() {
  const keys = useResource((signal) => api.get<{ items: ApiKey[] }>('/api-keys', { signal }), []);
  const [name, setName] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [creating, setCreating] = useState(false);
  const [created, setCreated] = useState<(ApiKey & { apiKey: string }) | null>(null);
  const [revoking, setRevoking] = useState<ApiKey | null>(null);
  const [busy, setBusy] = useState(false);

  const replace = (key: ApiKey) => {
    const items = keys.data?.items ?? [];
    keys.setData({ items: items.some((item) => item.id === key.id) ? items.map((item) => (item.id === key.id ? key : item)) : [key, ...items] });
  };

  const create = async () => {
    const found = validate({ name }, { name: [required, maxLength(200)] });
    setError(found.name ?? null);
    if (found.name) return;
    setCreating(true);
    try {
      const key = await api.post<ApiKey & { apiKey: string }>('/api-keys', { name: name.trim() });
      const { apiKey: _secret, ...listed } = key;
      replace(listed);
      setCreated(key);
      setName('');
    } catch (caught) {
      setError(isApiError(caught) ? (caught.fieldMap().name ?? errorMessage(caught)) : errorMessage(caught));
    } finally {
      setCreating(false);
    }
  };

  const revoke = async (key: ApiKey) => {
    setBusy(true);
    try {
      replace(await api.post<ApiKey>(`/api-keys/${encodeURIComponent(key.id)}/revoke`));
      toast(t('users.revokedDone'));
      setRevoking(null);
    } catch (caught) {
      toast(errorMessage(caught), 'error');
    } finally {
      setBusy(false);
    }
  };

  const columns: Column<ApiKey>[] = [
    { key: 'name', header: t('users.keyName'), render: (key) => <strong>{key.name}</strong> },
    { key: 'created', header: t('users.created'), hideOnPhone: true, render: (key) => formatDateTime(key.createdAt) },
    {
      key: 'status',
      header: t('users.status'),
      render: (key) =>
        key.revokedAt ? (
          <StatusBadge tone="neutral" testid={`key-status-${key.id}`}>
            {t('users.revoked', { when: formatDateTime(key.revokedAt) })}
          </StatusBadge>
        ) : (
          <StatusBadge tone="ok" testid={`key-status-${key.id}`}>
            {t('users.keyActive')}
          </StatusBadge>
        ),
    },
    {
      key: 'actions',
      header: <span class="visually-hidden">{t('common.actions')}</span>,
      align: 'end',
      render: (key) =>
        key.revokedAt ? null : (
          <Button size="small" variant="danger" onClick={() => setRevoking(key)} data-testid={`revoke-key-${key.id}`}>
            {t('users.revoke')}
          </Button>
        ),
    },
  ];

  return (
    <Card title={t('users.apiKeys')} testid="api-keys-card">
      <p class="muted">{t('users.apiKeysHelp')}</p>
      {created ? (
        <Alert tone="warning" title={t('users.keyCreated')} testid="new-api-key">
          <p>{t('users.keyWarning')}</p>
          <div class="secret-box">
            <code data-testid="new-api-key-secret">{created.apiKey}</code>
            <CopyButton text={created.apiKey} size="small" data-testid="copy-api-key" />
            <Button size="small" variant="ghost" onClick={() => setCreated(null)} data-testid="dismiss-api-key">
              {t('users.keyDismiss')}
            </Button>
          </div>
        </Alert>
      ) : null}
      <form
        noValidate
        class="row"
        style={{ alignItems: 'flex-end' }}
        data-testid="api-key-form"
        onSubmit={(event) => {
          event.preventDefault();
          void create();
        }}
      >
        <div style={{ flex: '1 1 260px' }}>
          <TextField name="keyName" label={t('users.keyName')} help={t('users.keyNameHelp')} value={name} onValue={(value) => {
              setName(value);
              setError(null);
            }} error={error} required maxLength={200} />
        </div>
        <Button type="submit" variant="primary" busy={creating} data-testid="create-api-key">
          {t('users.createKey')}
        </Button>
      </form>
      {keys.error && !keys.data ? (
        <ErrorState error={keys.error} onRetry={() => void keys.reload()} />
      ) : !keys.data ? (
        <Loading />
      ) : keys.data.items.length === 0 ? (
        <Empty>{t('users.noKeys')}</Empty>
      ) : (
        <Table columns={columns} rows={keys.data.items} rowKey={(key) => key.id} testid="api-keys-table" caption={t('users.apiKeys')} />
      )}
      <ConfirmDialog
        open={revoking !== null}
        title={t('users.revokeTitle', { name: revoking?.name ?? '' })}
        confirmLabel={t('users.revoke')}
        tone="danger"
        busy={busy}
        onCancel={() => setRevoking(null)}
        onConfirm={() => revoking && void revoke(revoking)}
        testid="revoke-key-dialog"
      >
        <p>{t('users.revokeBody')}</p>
      </ConfirmDialog>
    </Card>
  );
}
