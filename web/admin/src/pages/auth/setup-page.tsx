// First run: while the deployment has no panel user, the first store and its administrator are
// created here with the token the server printed in its log (/admin/setup?token=…).
import { useState } from 'preact/hooks';
import { api, isApiError } from '../../api';
import { Alert, Button, FormErrorSummary, Loading, SelectField, TextField, errorMessage, toast } from '../../components';
import { useResource } from '../../hooks';
import { LANGUAGES, currentLanguage, t, type Language } from '../../i18n';
import { Link, navigate, type RouteProps } from '../../router';
import { setSession, type Session } from '../../session';
import { email, hasErrors, maxLength, minLength, PASSWORD_MIN, required, validate, type Rule } from '../../validation';
import { LanguagePicker } from './language-picker';

type Fields = 'token' | 'storeName' | 'name' | 'email' | 'password' | 'passwordConfirm' | 'language';

export function SetupPage({ query }: RouteProps) {
  const status = useResource(() => api.get<{ needed: boolean }>('/auth/setup', { allowUnauthorized: true }), []);
  const [values, setValues] = useState<Record<Fields, string>>({
    token: query.get('token') ?? '',
    storeName: '',
    name: '',
    email: '',
    password: '',
    passwordConfirm: '',
    language: currentLanguage(),
  });
  const [errors, setErrors] = useState<Partial<Record<Fields, string>>>({});
  const [failure, setFailure] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const set = (field: Fields) => (value: string) => {
    setValues({ ...values, [field]: value });
    if (errors[field]) setErrors({ ...errors, [field]: undefined });
  };

  const sameAsPassword: Rule = (value) => (value !== values.password ? t('auth.passwordsDiffer') : null);

  const submit = async () => {
    const found = validate(values, {
      token: [required],
      storeName: [required, maxLength(100)],
      name: [required, maxLength(100)],
      email: [required, email],
      password: [required, minLength(PASSWORD_MIN)],
      passwordConfirm: [required, sameAsPassword],
    });
    setErrors(found);
    setFailure(null);
    if (hasErrors(found)) return;
    setBusy(true);
    try {
      const session = await api.post<Session>(
        '/auth/setup',
        { token: values.token.trim(), storeName: values.storeName.trim(), name: values.name.trim(), email: values.email.trim(), password: values.password, language: values.language as Language },
        { allowUnauthorized: true },
      );
      setSession(session);
      toast(t('auth.welcome'));
      navigate('/settings/integration', { replace: true });
    } catch (error) {
      if (isApiError(error) && error.fieldErrors.length > 0) setErrors(error.fieldMap());
      else if (isApiError(error) && error.code === 'INVALID_STATE') void status.reload();
      else setFailure(errorMessage(error));
    } finally {
      setBusy(false);
    }
  };

  const body = () => {
    if (status.loading && !status.data) return <Loading />;
    if (status.data && !status.data.needed) {
      return (
        <Alert tone="info" title={t('auth.setupDone')} testid="setup-done">
          <Link href="/sign-in">{t('auth.goToSignIn')}</Link>
        </Alert>
      );
    }
    return (
      <form
        noValidate
        data-testid="setup-form"
        onSubmit={(event) => {
          event.preventDefault();
          void submit();
        }}
      >
        <TextField name="token" label={t('auth.setupToken')} help={t('auth.setupTokenHelp')} value={values.token} onValue={set('token')} error={errors.token} required autocomplete="off" />
        <TextField name="storeName" label={t('auth.storeName')} help={t('auth.storeNameHelp')} value={values.storeName} onValue={set('storeName')} error={errors.storeName} required maxLength={100} />
        <SelectField
          name="language"
          label={t('auth.programLanguage')}
          help={t('auth.programLanguageHelp')}
          value={values.language}
          onValue={set('language')}
          error={errors.language}
          options={LANGUAGES.map((code) => ({ value: code, label: t(`language.${code}`) }))}
        />
        <TextField name="name" label={t('auth.yourName')} value={values.name} onValue={set('name')} error={errors.name} required autocomplete="name" maxLength={100} />
        <TextField name="email" type="email" label={t('auth.email')} value={values.email} onValue={set('email')} error={errors.email} required autocomplete="username" />
        <TextField
          name="password"
          type="password"
          label={t('auth.password')}
          help={t('auth.passwordHelp', { min: PASSWORD_MIN })}
          value={values.password}
          onValue={set('password')}
          error={errors.password}
          required
          autocomplete="new-password"
        />
        <TextField name="passwordConfirm" type="password" label={t('auth.passwordConfirm')} value={values.passwordConfirm} onValue={set('passwordConfirm')} error={errors.passwordConfirm} required autocomplete="new-password" />
        <FormErrorSummary show={hasErrors(errors)} />
        {failure ? (
          <Alert tone="error" testid="setup-error">
            {failure}
          </Alert>
        ) : null}
        <Button type="submit" variant="primary" busy={busy} data-testid="setup-submit">
          {t('auth.createStore')}
        </Button>
      </form>
    );
  };

  return (
    <section class="page auth-page" data-testid="page-setup" aria-labelledby="page-title">
      <div class="row-between">
        <span class="brand">{t('app.name')}</span>
        <LanguagePicker />
      </div>
      <div class="card">
        <header>
          <h1 id="page-title" tabIndex={-1}>
            {t('auth.setupTitle')}
          </h1>
          <p class="muted">{t('auth.setupIntro')}</p>
        </header>
        {body()}
      </div>
    </section>
  );
}
