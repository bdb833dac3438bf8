// Sign-in with e-mail and password. A user of several stores picks one (409 TENANT_CHOICE);
// too many failures lock the user for a while (429 with Retry-After).
import { useState } from 'preact/hooks';
import { api, isApiError } from '../../api';
import { Alert, Button, FormErrorSummary, TextField, errorMessage } from '../../components';
import { t } from '../../i18n';
import { navigate, safeNext, type RouteProps } from '../../router';
import { HOME } from '../../routes';
import { setSession, type Session } from '../../session';
import { email, hasErrors, required, validate } from '../../validation';
import { LanguagePicker } from './language-picker';

interface StoreChoice {
  id: string;
  name: string;
}

type Fields = 'email' | 'password';

function tooManyMessage(seconds: number | null): string {
  if (seconds === null) return t('auth.tooMany');
  const minutes = Math.ceil(seconds / 60);
  return minutes <= 1 ? t('auth.tooManyOneMinute') : t('auth.tooManyMinutes', { n: minutes });
}

function storesOf(details: Record<string, unknown>): StoreChoice[] {
  const tenants = Array.isArray(details.tenants) ? details.tenants : [];
  return tenants.filter((item): item is StoreChoice => Boolean(item) && typeof item.id === 'string' && typeof item.name === 'string');
}

export function SignInPage({ query }: RouteProps) {
  const [values, setValues] = useState<Record<Fields, string>>({ email: '', password: '' });
  const [errors, setErrors] = useState<Partial<Record<Fields, string>>>({});
  const [failure, setFailure] = useState<string | null>(null);
  const [stores, setStores] = useState<StoreChoice[] | null>(null);
  const [busy, setBusy] = useState(false);

  const set = (field: Fields) => (value: string) => {
    setValues({ ...values, [field]: value });
    if (errors[field]) setErrors({ ...errors, [field]: undefined });
  };

  const submit = async (tenantId?: string) => {
    const found = validate(values, { email: [required, email], password: [required] });
    setErrors(found);
    setFailure(null);
    if (hasErrors(found)) return;
    setBusy(true);
    try {
      const session = await api.post<Session>('/auth/sign-in', { email: values.email.trim(), password: values.password, ...(tenantId ? { tenantId } : {}) }, { allowUnauthorized: true });
      setSession(session);
      navigate(safeNext(query.get('next')) ?? HOME, { replace: true });
    } catch (error) {
      if (!isApiError(error)) setFailure(errorMessage(error));
      else if (error.code === 'TENANT_CHOICE') setStores(storesOf(error.details));
      else if (error.code === 'INVALID_CREDENTIALS') setFailure(t('auth.invalidCredentials'));
      else if (error.status === 429) setFailure(tooManyMessage(error.retryAfterSeconds ?? numberOr(error.details.retryAfterSeconds)));
      else if (error.code === 'VALIDATION_FAILED' && error.fieldErrors.length > 0) setErrors(error.fieldMap());
      else setFailure(errorMessage(error));
    } finally {
      setBusy(false);
    }
  };

  return (
    <section class="page auth-page" data-testid="page-sign-in" aria-labelledby="page-title">
      <div class="row-between">
        <span class="brand">{t('app.name')}</span>
        <LanguagePicker />
      </div>
      <div class="card">
        <header>
          <h1 id="page-title" tabIndex={-1}>
            {t('auth.title')}
          </h1>
          <p class="muted">{t('auth.subtitle')}</p>
        </header>
        {stores ? (
          <div class="stack" data-testid="tenant-choice">
            <Alert tone="info" title={t('auth.chooseStore')}>
              {t('auth.chooseStoreHelp')}
            </Alert>
            {stores.map((store) => (
              <Button key={store.id} variant="secondary" busy={busy} onClick={() => void submit(store.id)} data-testid={`tenant-${store.id}`}>
                {store.name}
              </Button>
            ))}
            <Button variant="ghost" onClick={() => setStores(null)}>
              {t('common.cancel')}
            </Button>
          </div>
        ) : (
          <form
            noValidate
            data-testid="sign-in-form"
            onSubmit={(event) => {
              event.preventDefault();
              void submit();
            }}
          >
            <TextField name="email" type="email" label={t('auth.email')} value={values.email} onValue={set('email')} error={errors.email} required autocomplete="username" autofocus />
            <TextField name="password" type="password" label={t('auth.password')} value={values.password} onValue={set('password')} error={errors.password} required autocomplete="current-password" />
            <FormErrorSummary show={hasErrors(errors)} />
            {failure ? (
              <Alert tone="error" testid="sign-in-error">
                {failure}
              </Alert>
            ) : null}
            <Button type="submit" variant="primary" busy={busy} data-testid="sign-in-submit">
              {busy ? t('auth.signingIn') : t('auth.signIn')}
            </Button>
          </form>
        )}
      </div>
    </section>
  );
}

const numberOr = (value: unknown): number | null => (typeof value === 'number' && Number.isFinite(value) ? value : null);
