// Settings → Integration: every field of the VTEX integration form with its help text, checked in
// the browser as the server checks it, the server's own errors shown on each field, "Test
// connection", and a confirmation before activation starts importing and e-mailing.
import { useEffect, useState } from 'preact/hooks';
import { api, isApiError } from '../../api';
import { Alert, Button, ConfirmDialog, ErrorState, FieldGroup, FormErrorSummary, Loading, Page, StatusBadge, errorMessage, toast } from '../../components';
import { useResource } from '../../hooks';
import { formatDate, formatDateTime, t, useLanguage, type MessageKey } from '../../i18n';
import { hasErrors } from '../../validation';
import { ConnectionResult } from './connection-check';
import { IntegrationField } from './integration-fields';
import {
  GROUPS,
  fieldProblem,
  groupOf,
  initialValues,
  toBody,
  validateIntegration,
  type ConnectionCheck,
  type FormValue,
  type FormValues,
  type GroupName,
  type IntegrationForm,
  type IntegrationSettings,
} from './integration-form';

const GROUP_ORDER: GroupName[] = [...(Object.keys(GROUPS) as GroupName[]), 'other'];

interface CheckState {
  busy: boolean;
  result: ConnectionCheck | null;
  error: unknown;
}

const focusFirstInvalid = () => window.setTimeout(() => document.querySelector<HTMLElement>('[aria-invalid="true"], .field-invalid input')?.focus(), 0);

function ActivationSummary({ values }: { values: FormValues }) {
  const since = typeof values.ordersImportSince === 'string' && values.ordersImportSince ? values.ordersImportSince : null;
  return (
    <>
      <p>{t('integration.activateIntro')}</p>
      <ul data-testid="activate-effects">
        {values.importCustomers === true ? <li data-testid="activate-customers">{t('integration.activateCustomers')}</li> : null}
        {values.importOrders === true ? (
          <li data-testid="activate-orders">{since ? t('integration.activateOrders', { date: formatDate(since) }) : t('integration.activateOrdersDefault')}</li>
        ) : null}
        {values.importCustomers !== true && values.importOrders !== true ? <li>{t('integration.activateNoImport')}</li> : null}
        <li>{t('integration.activateHook')}</li>
        <li data-testid="activate-emails">{t('integration.activateEmails')}</li>
      </ul>
    </>
  );
}

export function IntegrationPage() {
  const language = useLanguage();
  const form = useResource((signal) => api.get<IntegrationForm>('/integrations/vtex/form', { query: { lang: language }, signal }), [language]);
  const stored = useResource(async (signal) => {
    // GET /sync says whether anything is saved, so a new store's page asks no 404 of the server.
    const sync = await api.get<{ integration: object | null }>('/sync', { signal });
    if (!sync.integration) return null;
    try {
      return await api.get<IntegrationSettings>('/integrations/vtex', { signal });
    } catch (error) {
      if (isApiError(error) && error.status === 404) return null;
      throw error;
    }
  }, []);
  const [values, setValues] = useState<FormValues | null>(null);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [saving, setSaving] = useState(false);
  const [failure, setFailure] = useState<string | null>(null);
  const [saved, setSaved] = useState<string | null>(null);
  const [confirming, setConfirming] = useState(false);
  const [check, setCheck] = useState<CheckState>({ busy: false, result: null, error: null });

  const settings = stored.data;
  const fields = form.data?.fields ?? [];
  const settingsLoaded = !stored.loading && !stored.error;

  useEffect(() => {
    if (form.data && settingsLoaded && values === null) setValues(initialValues(form.data.fields, stored.data));
  }, [form.data, settingsLoaded]);

  if ((form.error && !form.data) || stored.error) {
    return (
      <Page title={t('integration.title')} testid="page-integration">
        <ErrorState error={form.error ?? stored.error} onRetry={() => void (form.error ? form.reload() : stored.reload())} />
      </Page>
    );
  }
  if (!form.data || !values) {
    return (
      <Page title={t('integration.title')} testid="page-integration">
        <Loading />
      </Page>
    );
  }

  const change = (name: string, value: FormValue) => {
    const next = { ...values, [name]: value };
    setValues(next);
    setSaved(null);
    // Re-check a field already marked, and those that depend on it, as the user fixes it.
    if (hasErrors(errors)) {
      const updated = { ...errors };
      for (const other of fields) {
        if (other.name === name || other.constraints.requires === name || (name === 'appKey' && other.name === 'appToken')) {
          const problem = updated[other.name] ? fieldProblem(other, next, settings, fields) : null;
          if (problem) updated[other.name] = problem;
          else delete updated[other.name];
        }
      }
      setErrors(updated);
    }
  };

  const onFieldChange = (name: string, value: FormValue) => {
    // Turning activation on asks first; the dialog's confirmation saves.
    if (name === 'active' && value === true && settings?.active !== true) {
      setConfirming(true);
      return;
    }
    change(name, value);
  };

  const save = async (override: FormValues = {}) => {
    const next = { ...values, ...override };
    setValues(next);
    setFailure(null);
    setSaved(null);
    const found = validateIntegration(fields, next, settings);
    setErrors(found);
    if (hasErrors(found)) {
      focusFirstInvalid();
      return;
    }
    setSaving(true);
    try {
      const result = await api.put<IntegrationSettings>('/integrations/vtex', toBody(fields, next));
      const activated = result.active && settings?.active !== true;
      stored.setData(result);
      setValues(initialValues(fields, result));
      const message = activated ? t('integration.savedActive') : t('integration.saved');
      setSaved(message);
      toast(message);
    } catch (error) {
      if (isApiError(error) && error.fieldErrors.length > 0) {
        const known = new Set(fields.map((field) => field.name));
        const map = error.fieldMap();
        setErrors(Object.fromEntries(Object.entries(map).filter(([name]) => known.has(name))));
        const unknown = Object.entries(map).filter(([name]) => !known.has(name));
        setFailure(unknown.length > 0 ? unknown.map(([name, message]) => `${name}: ${message}`).join('; ') : t('error.fixFields'));
        focusFirstInvalid();
      } else setFailure(errorMessage(error));
    } finally {
      setSaving(false);
    }
  };

  const testConnection = async () => {
    const body: Record<string, string> = {};
    const checked: Record<string, string> = {};
    for (const name of ['accountName', 'environment', 'appKey', 'appToken']) {
      const value = values[name];
      const field = fields.find((f) => f.name === name);
      if (typeof value !== 'string' || value.trim() === '' || !field) continue;
      const problem = fieldProblem(field, values, settings, fields);
      if (problem) checked[name] = problem;
      else body[name] = value.trim();
    }
    const missing = !settings && !(body.accountName && body.appKey && body.appToken);
    if (hasErrors(checked) || missing) {
      setErrors({ ...errors, ...checked });
      setCheck({ busy: false, result: null, error: missing ? t('integration.testNeedsKeys') : null });
      return;
    }
    setCheck({ busy: true, result: null, error: null });
    try {
      const result = await api.post<ConnectionCheck>('/integrations/vtex/check', body);
      setCheck({ busy: false, result, error: null });
    } catch (error) {
      if (isApiError(error) && error.fieldErrors.length > 0) setErrors({ ...errors, ...error.fieldMap() });
      setCheck({ busy: false, result: null, error: errorMessage(error) });
    }
  };

  const status = settings ? (
    <StatusBadge tone={settings.active ? 'ok' : 'neutral'} testid="integration-status">
      {settings.active ? t('integration.active') : t('integration.inactive')}
    </StatusBadge>
  ) : (
    <StatusBadge tone="neutral" testid="integration-status">
      {t('integration.notSaved')}
    </StatusBadge>
  );

  return (
    <Page title={t('integration.title')} testid="page-integration" actions={status}>
      <p class="muted">{t('integration.intro')}</p>
      {settings?.firstActivatedAt ? <p class="muted">{t('integration.firstActivated', { date: formatDateTime(settings.firstActivatedAt) })}</p> : null}
      <form
        noValidate
        data-testid="integration-form"
        onSubmit={(event) => {
          event.preventDefault();
          void save();
        }}
      >
        {GROUP_ORDER.map((group) => {
          const inGroup = fields.filter((field) => groupOf(field.name) === group);
          if (inGroup.length === 0) return null;
          return (
            <FieldGroup
              key={group}
              legend={t(`integration.group.${group}` as MessageKey)}
              description={group === 'connection' ? t('integration.group.connectionHelp') : group === 'activation' ? t('integration.group.activationHelp') : undefined}
            >
              {inGroup.map((field) => (
                <IntegrationField key={field.name} field={field} value={values[field.name] ?? ''} error={errors[field.name]} settings={settings} onChange={(value) => onFieldChange(field.name, value)} />
              ))}
              {group === 'connection' ? (
                <div class="stack">
                  <div class="form-actions">
                    <Button onClick={() => void testConnection()} busy={check.busy} data-testid="test-connection">
                      {check.busy ? t('integration.testing') : t('integration.testConnection')}
                    </Button>
                  </div>
                  {check.error ? (
                    <Alert tone="error" testid="connection-error">
                      {String(check.error)}
                    </Alert>
                  ) : null}
                  {check.result ? <ConnectionResult result={check.result} /> : null}
                </div>
              ) : null}
              {group === 'activation' && settings?.active && values.active === false ? (
                <Alert tone="warning" testid="deactivate-hint">
                  {t('integration.deactivateHint')}
                </Alert>
              ) : null}
            </FieldGroup>
          );
        })}
        <FormErrorSummary show={hasErrors(errors) && !failure} />
        {failure ? (
          <Alert tone="error" testid="save-error">
            {failure}
          </Alert>
        ) : null}
        {saved ? (
          <Alert tone="success" testid="save-success">
            {saved}
          </Alert>
        ) : null}
        <div class="form-actions sticky-actions">
          <Button type="submit" variant="primary" busy={saving} data-testid="save">
            {saving ? t('common.saving') : t('integration.save')}
          </Button>
        </div>
      </form>
      <ConfirmDialog
        open={confirming}
        title={t('integration.activateTitle')}
        confirmLabel={t('integration.activateConfirm')}
        busy={saving}
        onCancel={() => setConfirming(false)}
        onConfirm={() => {
          setConfirming(false);
          void save({ active: true });
        }}
        testid="activate-dialog"
      >
        <ActivationSummary values={values} />
      </ConfirmDialog>
    </Page>
  );
}
