// The signed-in user's own name and password (PATCH /me, POST /me/password).
import { useState } from 'preact/hooks';
import { api, isApiError } from '../../api';
import { Alert, Button, Card, TextField, errorMessage, toast } from '../../components';
import { isLanguage, t } from '../../i18n';
import { patchSession, useSession } from '../../session';
import { hasErrors, maxLength, minLength, PASSWORD_MIN, required, validate, type Rule } from '../../validation';
import type { AdminUser } from './users-list';

type PasswordFields = 'currentPassword' | 'newPassword' | 'newPasswordConfirm';

function NameForm({ name }: { name: string }) {
  const [value, setValue] = useState(name);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const submit = async () => {
    const found = validate({ name: value }, { name: [required, maxLength(100)] });
    setError(found.name ?? null);
    if (found.name) return;
    setBusy(true);
    try {
      const user = await api.patch<AdminUser>('/me', { name: value.trim() });
      patchSession({ user: { name: user.name, language: isLanguage(user.language) ? user.language : null } });
      toast(t('users.nameSaved'));
    } catch (caught) {
      setError(isApiError(caught) ? (caught.fieldMap().name ?? errorMessage(caught)) : errorMessage(caught));
    } finally {
      setBusy(false);
    }
  };
  return (
    <form
      noValidate
      data-testid="my-name-form"
      onSubmit={(event) => {
        event.preventDefault();
        void submit();
      }}
    >
      <TextField name="myName" label={t('users.myName')} value={value} onValue={setValue} error={error} required maxLength={100} autocomplete="name" />
      <div class="form-actions">
        <Button type="submit" busy={busy} data-testid="save-my-name">
          {t('users.saveName')}
        </Button>
      </div>
    </form>
  );
}

function PasswordForm() {
  const empty = { currentPassword: '', newPassword: '', newPasswordConfirm: '' };
  const [values, setValues] = useState<Record<PasswordFields, string>>(empty);
  const [errors, setErrors] = useState<Partial<Record<string, string>>>({});
  const [failure, setFailure] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const set = (field: PasswordFields) => (value: string) => {
    setValues({ ...values, [field]: value });
    if (errors[field]) setErrors({ ...errors, [field]: undefined });
  };
  const same: Rule = (value) => (value !== values.newPassword ? t('users.passwordsDiffer') : null);

  const submit = async () => {
    const found = validate(values, { currentPassword: [required], newPassword: [required, minLength(PASSWORD_MIN)], newPasswordConfirm: [required, same] });
    setErrors(found);
    setFailure(null);
    if (hasErrors(found)) return;
    setBusy(true);
    try {
      await api.post<void>('/me/password', { currentPassword: values.currentPassword, newPassword: values.newPassword });
      setValues(empty);
      toast(t('users.passwordChanged'));
    } catch (error) {
      if (isApiError(error) && error.code === 'INVALID_CREDENTIALS') setErrors({ currentPassword: t('users.wrongPassword') });
      else if (isApiError(error) && error.fieldErrors.length > 0) setErrors(error.fieldMap());
      else setFailure(errorMessage(error));
    } finally {
      setBusy(false);
    }
  };

  return (
    <form
      noValidate
      data-testid="password-form"
      onSubmit={(event) => {
        event.preventDefault();
        void submit();
      }}
    >
      <h3>{t('users.changePassword')}</h3>
      <TextField name="currentPassword" type="password" label={t('users.currentPassword')} value={values.currentPassword} onValue={set('currentPassword')} error={errors.currentPassword} required autocomplete="current-password" />
      <TextField
        name="newPassword"
        type="password"
        label={t('users.newPassword')}
        help={t('auth.passwordHelp', { min: PASSWORD_MIN })}
        value={values.newPassword}
        onValue={set('newPassword')}
        error={errors.newPassword}
        required
        autocomplete="new-password"
      />
      <TextField name="newPasswordConfirm" type="password" label={t('users.newPasswordConfirm')} value={values.newPasswordConfirm} onValue={set('newPasswordConfirm')} error={errors.newPasswordConfirm} required autocomplete="new-password" />
      {failure ? (
        <Alert tone="error" testid="password-error">
          {failure}
        </Alert>
      ) : null}
      <div class="form-actions">
        <Button type="submit" variant="primary" busy={busy} data-testid="change-password">
          {t('users.changePassword')}
        </Button>
      </div>
    </form>
  );
}

export function MyAccount() {
  const session = useSession();
  if (!session?.user) return null;
  return (
    <Card title={t('users.me')} testid="my-account">
      <p class="muted">{session.user.email}</p>
      <div class="grid-2">
        <NameForm name={session.user.name} />
        <PasswordForm />
      </div>
    </Card>
  );
}
