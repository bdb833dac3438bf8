// The store's panel users: add (with a first password), edit name and language, disable / enable.
import { useState } from 'preact/hooks';
import { api, isApiError } from '../../api';
import { Alert, Button, Card, ConfirmDialog, Dialog, Empty, ErrorState, Loading, SelectField, StatusBadge, Table, TextField, errorMessage, toast, type Column } from '../../components';
import { useResource } from '../../hooks';
import { LANGUAGES, formatDateTime, formatRelative, isLanguage, t } from '../../i18n';
import { currentSession, patchSession } from '../../session';
import { email, hasErrors, maxLength, minLength, PASSWORD_MIN, required, validate } from '../../validation';

export interface AdminUser {
  id: string;
  email: string;
  name: string;
  language: string | null;
  lastSignInAt: string | null;
  lockedUntil: string | null;
  disabledAt: string | null;
  createdAt: string;
}

type UserFields = 'email' | 'name' | 'password' | 'language';

const languageOptions = () => LANGUAGES.map((code) => ({ value: code, label: t(`language.${code}`) }));

function UserForm({ user, onDone, onCancel }: { user: AdminUser | null; onDone: (user: AdminUser) => void; onCancel: () => void }) {
  const [values, setValues] = useState<Record<UserFields, string>>({ email: user?.email ?? '', name: user?.name ?? '', password: '', language: user?.language ?? '' });
  const [errors, setErrors] = useState<Partial<Record<string, string>>>({});
  const [failure, setFailure] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const set = (field: UserFields) => (value: string) => {
    setValues({ ...values, [field]: value });
    if (errors[field]) setErrors({ ...errors, [field]: undefined });
  };

  const submit = async () => {
    const found = validate(
      values,
      user ? { name: [required, maxLength(100)] } : { email: [required, email], name: [required, maxLength(100)], password: [required, minLength(PASSWORD_MIN)] },
    );
    setErrors(found);
    setFailure(null);
    if (hasErrors(found)) return;
    setBusy(true);
    const language = isLanguage(values.language) ? values.language : null;
    try {
      const saved = user
        ? await api.patch<AdminUser>(`/users/${encodeURIComponent(user.id)}`, { name: values.name.trim(), language })
        : await api.post<AdminUser>('/users', { email: values.email.trim(), name: values.name.trim(), password: values.password, language });
      onDone(saved);
    } catch (error) {
      if (isApiError(error) && error.fieldErrors.length > 0) setErrors(error.fieldMap());
      else if (isApiError(error) && error.code === 'USER_EXISTS') setErrors({ email: error.message });
      else setFailure(errorMessage(error));
    } finally {
      setBusy(false);
    }
  };

  return (
    <form
      noValidate
      data-testid="user-form"
      onSubmit={(event) => {
        event.preventDefault();
        void submit();
      }}
    >
      {user ? null : <TextField name="email" type="email" label={t('users.email')} value={values.email} onValue={set('email')} error={errors.email} required autocomplete="off" />}
      <TextField name="name" label={t('users.name')} value={values.name} onValue={set('name')} error={errors.name} required maxLength={100} />
      {user ? null : (
        <TextField
          name="password"
          type="password"
          label={t('users.password')}
          help={t('users.passwordHelp', { min: PASSWORD_MIN })}
          value={values.password}
          onValue={set('password')}
          error={errors.password}
          required
          autocomplete="new-password"
        />
      )}
      <SelectField name="language" label={t('users.language')} value={values.language} onValue={set('language')} error={errors.language} options={languageOptions()} placeholder={t('users.languageDefault')} />
      {failure ? (
        <Alert tone="error" testid="user-form-error">
          {failure}
        </Alert>
      ) : null}
      <div class="form-actions">
        <Button type="submit" variant="primary" busy={busy} data-testid="user-form-submit">
          {user ? t('common.save') : t('users.add')}
        </Button>
        <Button onClick={onCancel}>{t('common.cancel')}</Button>
      </div>
    </form>
  );
}

export function UsersList() {
  const users = useResource((signal) => api.get<{ items: AdminUser[] }>('/users', { signal }), []);
  const [editing, setEditing] = useState<AdminUser | 'new' | null>(null);
  const [disabling, setDisabling] = useState<AdminUser | null>(null);
  const [busy, setBusy] = useState(false);
  const me = currentSession()?.user?.id ?? null;

  const replace = (user: AdminUser) => {
    const items = users.data?.items ?? [];
    users.setData({ items: items.some((item) => item.id === user.id) ? items.map((item) => (item.id === user.id ? user : item)) : [...items, user] });
    if (user.id === me) patchSession({ user: { name: user.name, language: isLanguage(user.language) ? user.language : null } });
  };

  const setDisabled = async (user: AdminUser, disabled: boolean) => {
    setBusy(true);
    try {
      replace(await api.patch<AdminUser>(`/users/${encodeURIComponent(user.id)}`, { disabled }));
      toast(disabled ? t('users.disabledDone') : t('users.enabledDone'));
      setDisabling(null);
    } catch (error) {
      toast(errorMessage(error), 'error');
    } finally {
      setBusy(false);
    }
  };

  const columns: Column<AdminUser>[] = [
    {
      key: 'name',
      header: t('users.name'),
      render: (user) => (
        <>
          <strong>{user.name}</strong>
          {user.id === me ? <span class="muted"> ({t('users.you')})</span> : null}
          <div class="muted">{user.email}</div>
        </>
      ),
    },
    { key: 'language', header: t('users.language'), hideOnPhone: true, render: (user) => (isLanguage(user.language) ? t(`language.${user.language}`) : t('users.languageDefault')) },
    {
      key: 'lastSignIn',
      header: t('users.lastSignIn'),
      hideOnPhone: true,
      render: (user) => (user.lastSignInAt ? <span title={formatDateTime(user.lastSignInAt)}>{formatRelative(user.lastSignInAt)}</span> : t('users.never')),
    },
    {
      key: 'status',
      header: t('users.status'),
      render: (user) =>
        user.disabledAt ? (
          <StatusBadge tone="neutral" testid={`user-status-${user.id}`}>
            {t('users.disabled')}
          </StatusBadge>
        ) : user.lockedUntil && Date.parse(user.lockedUntil) > Date.now() ? (
          <StatusBadge tone="warning" testid={`user-status-${user.id}`}>
            {t('users.locked', { time: formatDateTime(user.lockedUntil) })}
          </StatusBadge>
        ) : (
          <StatusBadge tone="ok" testid={`user-status-${user.id}`}>
            {t('users.active')}
          </StatusBadge>
        ),
    },
    {
      key: 'actions',
      header: <span class="visually-hidden">{t('common.actions')}</span>,
      align: 'end',
      render: (user) => (
        <div class="row" style={{ justifyContent: 'flex-end' }}>
          <Button size="small" onClick={() => setEditing(user)} data-testid={`edit-user-${user.id}`}>
            {t('users.edit')}
          </Button>
          {user.id === me ? null : user.disabledAt ? (
            <Button size="small" busy={busy} onClick={() => void setDisabled(user, false)} data-testid={`enable-user-${user.id}`}>
              {t('users.enable')}
            </Button>
          ) : (
            <Button size="small" variant="danger" onClick={() => setDisabling(user)} data-testid={`disable-user-${user.id}`}>
              {t('users.disable')}
            </Button>
          )}
        </div>
      ),
    },
  ];

  return (
    <Card
      title={t('users.users')}
      testid="users-card"
      actions={
        <Button variant="primary" onClick={() => setEditing('new')} data-testid="add-user">
          {t('users.add')}
        </Button>
      }
    >
      <p class="muted">{t('users.usersHelp')}</p>
      {users.error && !users.data ? (
        <ErrorState error={users.error} onRetry={() => void users.reload()} />
      ) : !users.data ? (
        <Loading />
      ) : users.data.items.length === 0 ? (
        <Empty>{t('users.noUsers')}</Empty>
      ) : (
        <Table columns={columns} rows={users.data.items} rowKey={(user) => user.id} testid="users-table" caption={t('users.users')} />
      )}
      <Dialog open={editing !== null} title={editing === 'new' || editing === null ? t('users.addTitle') : t('users.editTitle', { name: editing.name })} onClose={() => setEditing(null)} testid="user-dialog">
        {editing !== null ? (
          <UserForm
            user={editing === 'new' ? null : editing}
            onCancel={() => setEditing(null)}
            onDone={(user) => {
              replace(user);
              toast(editing === 'new' ? t('users.added', { email: user.email }) : t('users.updated'));
              setEditing(null);
            }}
          />
        ) : null}
      </Dialog>
      <ConfirmDialog
        open={disabling !== null}
        title={t('users.disableTitle', { name: disabling?.name ?? '' })}
        confirmLabel={t('users.disable')}
        tone="danger"
        busy={busy}
        onCancel={() => setDisabling(null)}
        onConfirm={() => disabling && void setDisabled(disabling, true)}
        testid="disable-user-dialog"
      >
        <p>{t('users.disableBody', { email: disabling?.email ?? '' })}</p>
      </ConfirmDialog>
    </Card>
  );
}
