// Settings → Program: names, earning rate, language, time zone, expiry, look (colour, logo), rules
// text and which e-mails are sent. Only the fields that changed are sent (PATCH /program).
import { useEffect, useState } from 'preact/hooks';
import { api, isApiError } from '../../api';
import { Alert, Button, CheckboxField, CopyButton, ErrorState, FieldGroup, FormErrorSummary, Loading, Page, SelectField, TextAreaField, TextField, errorMessage, toast } from '../../components';
import { useResource } from '../../hooks';
import { LANGUAGES, currentLanguage, formatNumber, isLanguage, t, type MessageKey } from '../../i18n';
import { patchSession } from '../../session';
import { hasErrors, hexColor, integer, atLeast, atMost, maxLength, required, validate, type Rule } from '../../validation';

interface Program {
  name: string;
  pointsNameSingular: string;
  pointsNamePlural: string;
  pointsPerCurrencyUnit: number;
  language: string;
  timezone: string;
  pointsExpiryDays: number | null;
  rewardCostFactor: number;
  expiredCouponsReturnPoints: boolean;
  brandColor: string;
  logoUrl: string | null;
  rulesText: string | null;
  emailTypesOff: string[];
  publicKey: string;
}

// The e-mails a merchant may turn off (src/domain/email/types.ts; login_code is always sent).
const EMAIL_TYPES = [
  'welcome',
  'points_pending',
  'points_available',
  'reward_within_reach',
  'redemption_pending_approval',
  'redemption_approved',
  'redemption_rejected',
  'redemption_issued',
  'points_expiring',
] as const;

type TextFields = 'name' | 'pointsNameSingular' | 'pointsNamePlural' | 'pointsPerCurrencyUnit' | 'language' | 'timezone' | 'pointsExpiryDays' | 'rewardCostFactor' | 'brandColor' | 'logoUrl' | 'rulesText';
type Texts = Record<TextFields, string>;

const decimal = (text: string) => Number(text.trim().replace(',', '.'));
const decimalWithin = (min: number, max: number, exclusiveMin: boolean, message: () => string): Rule => (value) => {
  const text = value.trim().replace(',', '.');
  if (text === '') return null;
  const number = Number(text);
  const ok = /^\d+(\.\d{1,4})?$/.test(text) && (exclusiveMin ? number > min : number >= min) && number <= max;
  return ok ? null : message();
};
const timezone: Rule = (value) => {
  if (value.trim() === '') return null;
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: value.trim() });
    return null;
  } catch {
    return t('program.error.timezone');
  }
};
const httpsOnly: Rule = (value) => {
  if (value.trim() === '') return null;
  try {
    return new URL(value.trim()).protocol === 'https:' ? null : t('program.error.https');
  } catch {
    return t('program.error.https');
  }
};

/** A decimal as the language writes it (1,5 in pt-BR and es). */
const localDecimal = (value: number) => {
  const separator = new Intl.NumberFormat(currentLanguage()).formatToParts(1.5).find((part) => part.type === 'decimal')?.value ?? '.';
  return String(value).replace('.', separator);
};

function textsOf(program: Program): Texts {
  return {
    name: program.name,
    pointsNameSingular: program.pointsNameSingular,
    pointsNamePlural: program.pointsNamePlural,
    pointsPerCurrencyUnit: localDecimal(program.pointsPerCurrencyUnit),
    language: program.language,
    timezone: program.timezone,
    pointsExpiryDays: program.pointsExpiryDays === null ? '' : String(program.pointsExpiryDays),
    rewardCostFactor: localDecimal(program.rewardCostFactor),
    brandColor: program.brandColor,
    logoUrl: program.logoUrl ?? '',
    rulesText: program.rulesText ?? '',
  };
}

/** What changed, as PATCH /program wants it. */
function changes(program: Program, texts: Texts, returnPoints: boolean, emailTypesOff: string[]): Record<string, unknown> {
  const body: Record<string, unknown> = {};
  const trimmed = (field: TextFields) => texts[field].trim();
  for (const field of ['name', 'pointsNameSingular', 'pointsNamePlural', 'language', 'timezone'] as const) {
    if (trimmed(field) !== program[field]) body[field] = trimmed(field);
  }
  if (decimal(texts.pointsPerCurrencyUnit) !== program.pointsPerCurrencyUnit) body.pointsPerCurrencyUnit = decimal(texts.pointsPerCurrencyUnit);
  if (decimal(texts.rewardCostFactor) !== program.rewardCostFactor) body.rewardCostFactor = decimal(texts.rewardCostFactor);
  const expiry = trimmed('pointsExpiryDays') === '' ? null : Number(trimmed('pointsExpiryDays'));
  if (expiry !== program.pointsExpiryDays) body.pointsExpiryDays = expiry;
  if (trimmed('brandColor').toLowerCase() !== program.brandColor.toLowerCase()) body.brandColor = trimmed('brandColor');
  const logo = trimmed('logoUrl') || null;
  if (logo !== program.logoUrl) body.logoUrl = logo;
  const rules = trimmed('rulesText') || null;
  if (rules !== program.rulesText) body.rulesText = rules;
  if (returnPoints !== program.expiredCouponsReturnPoints) body.expiredCouponsReturnPoints = returnPoints;
  const off = [...emailTypesOff].sort();
  if (off.join() !== [...program.emailTypesOff].sort().join()) body.emailTypesOff = off;
  return body;
}

export function ProgramPage() {
  const program = useResource((signal) => api.get<Program>('/program', { signal }), []);
  const [texts, setTexts] = useState<Texts | null>(null);
  const [returnPoints, setReturnPoints] = useState(false);
  const [emailTypesOff, setEmailTypesOff] = useState<string[]>([]);
  const [errors, setErrors] = useState<Partial<Record<string, string>>>({});
  const [failure, setFailure] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);

  const reset = (loaded: Program) => {
    setTexts(textsOf(loaded));
    setReturnPoints(loaded.expiredCouponsReturnPoints);
    setEmailTypesOff(loaded.emailTypesOff);
  };
  useEffect(() => {
    if (program.data && !texts) reset(program.data);
  }, [program.data]);

  if (program.error && !program.data) {
    return (
      <Page title={t('program.title')} testid="page-program">
        <ErrorState error={program.error} onRetry={() => void program.reload()} />
      </Page>
    );
  }
  if (!program.data || !texts) {
    return (
      <Page title={t('program.title')} testid="page-program">
        <Loading />
      </Page>
    );
  }
  const loaded = program.data;

  const set = (field: TextFields) => (value: string) => {
    setTexts({ ...texts, [field]: value });
    if (errors[field]) setErrors({ ...errors, [field]: undefined });
  };

  const save = async () => {
    setFailure(null);
    const found = validate(texts, {
      name: [required, maxLength(120)],
      pointsNameSingular: [required, maxLength(40)],
      pointsNamePlural: [required, maxLength(40)],
      pointsPerCurrencyUnit: [required, decimalWithin(0, 10_000, false, () => t('program.error.rate'))],
      timezone: [required, timezone],
      pointsExpiryDays: [integer, atLeast(1), atMost(3650)],
      rewardCostFactor: [required, decimalWithin(0, 1000, true, () => t('program.error.factor'))],
      brandColor: [required, hexColor],
      logoUrl: [httpsOnly, maxLength(2000)],
      rulesText: [maxLength(10_000)],
    });
    setErrors(found);
    if (hasErrors(found)) return;
    const body = changes(loaded, texts, returnPoints, emailTypesOff);
    if (Object.keys(body).length === 0) {
      toast(t('program.nothingChanged'), 'info');
      return;
    }
    setSaving(true);
    try {
      const updated = await api.patch<Program>('/program', body);
      program.setData(updated);
      reset(updated);
      patchSession({ tenant: { name: updated.name, language: isLanguage(updated.language) ? updated.language : null } });
      toast(t('program.saved'));
    } catch (error) {
      if (isApiError(error) && error.fieldErrors.length > 0) {
        setErrors(error.fieldMap());
        setFailure(t('error.fixFields'));
      } else setFailure(errorMessage(error));
    } finally {
      setSaving(false);
    }
  };

  const rate = decimal(texts.pointsPerCurrencyUnit);
  const examplePoints = Number.isFinite(rate) ? Math.floor(rate * 100) : 0;
  const color = /^#[0-9a-fA-F]{6}$/.test(texts.brandColor.trim()) ? texts.brandColor.trim() : loaded.brandColor;
  const timezones = typeof Intl.supportedValuesOf === 'function' ? Intl.supportedValuesOf('timeZone') : [];

  return (
    <Page title={t('program.title')} testid="page-program">
      <p class="muted">{t('program.intro')}</p>
      <form
        noValidate
        data-testid="program-form"
        onSubmit={(event) => {
          event.preventDefault();
          void save();
        }}
      >
        <FieldGroup legend={t('program.group.identity')}>
          <TextField name="name" label={t('program.name')} help={t('program.nameHelp')} value={texts.name} onValue={set('name')} error={errors.name} required maxLength={120} />
          <div class="grid-2">
            <TextField name="pointsNameSingular" label={t('program.pointsNameSingular')} help={t('program.pointsNameSingularHelp')} value={texts.pointsNameSingular} onValue={set('pointsNameSingular')} error={errors.pointsNameSingular} required maxLength={40} />
            <TextField name="pointsNamePlural" label={t('program.pointsNamePlural')} help={t('program.pointsNamePluralHelp')} value={texts.pointsNamePlural} onValue={set('pointsNamePlural')} error={errors.pointsNamePlural} required maxLength={40} />
          </div>
          <SelectField
            name="language"
            label={t('program.language')}
            help={t('program.languageHelp')}
            value={texts.language}
            onValue={set('language')}
            error={errors.language}
            options={LANGUAGES.map((code) => ({ value: code, label: t(`language.${code}`) }))}
          />
          <div class="field">
            <span class="field-label">{t('program.publicKey')}</span>
            <div class="secret-box">
              <code data-testid="program-public-key">{loaded.publicKey}</code>
              <CopyButton text={loaded.publicKey} size="small" />
            </div>
            <p class="field-help">{t('program.publicKeyHelp')}</p>
          </div>
        </FieldGroup>

        <FieldGroup legend={t('program.group.earning')}>
          <TextField
            name="pointsPerCurrencyUnit"
            label={t('program.rate')}
            help={
              <>
                {t('program.rateHelp')} <strong>{t('program.rateExample', { points: formatNumber(examplePoints), name: examplePoints === 1 ? texts.pointsNameSingular : texts.pointsNamePlural })}</strong>
              </>
            }
            value={texts.pointsPerCurrencyUnit}
            onValue={set('pointsPerCurrencyUnit')}
            error={errors.pointsPerCurrencyUnit}
            required
            inputMode="decimal"
          />
          <TextField name="pointsExpiryDays" type="number" label={t('program.expiryDays')} help={t('program.expiryDaysHelp')} value={texts.pointsExpiryDays} onValue={set('pointsExpiryDays')} error={errors.pointsExpiryDays} min={1} max={3650} step={1} />
          <TextField name="timezone" label={t('program.timezone')} help={t('program.timezoneHelp')} value={texts.timezone} onValue={set('timezone')} error={errors.timezone} required list="program-timezones" autocomplete="off" />
          <datalist id="program-timezones">
            {timezones.map((zone) => (
              <option key={zone} value={zone} />
            ))}
          </datalist>
          <TextField name="rewardCostFactor" label={t('program.rewardCostFactor')} help={t('program.rewardCostFactorHelp')} value={texts.rewardCostFactor} onValue={set('rewardCostFactor')} error={errors.rewardCostFactor} required inputMode="decimal" />
          <CheckboxField name="expiredCouponsReturnPoints" label={t('program.expiredCouponsReturnPoints')} help={t('program.expiredCouponsReturnPointsHelp')} checked={returnPoints} onChecked={setReturnPoints} toggle />
        </FieldGroup>

        <FieldGroup legend={t('program.group.theme')}>
          <div class="field" data-field="brandColor">
            <label class="field-label" for="program-brand-color">
              {t('program.brandColor')}
            </label>
            <div class="color-row">
              <input type="color" aria-label={t('program.brandColor')} value={color} onInput={(event) => set('brandColor')(event.currentTarget.value)} data-testid="brand-color-picker" />
              <input
                id="program-brand-color"
                class="input"
                value={texts.brandColor}
                onInput={(event) => set('brandColor')(event.currentTarget.value)}
                maxLength={7}
                aria-invalid={errors.brandColor ? 'true' : undefined}
                aria-describedby="program-brand-color-help"
                data-testid="field-brandColor"
              />
            </div>
            <p class="field-help" id="program-brand-color-help">
              {t('program.brandColorHelp')}
            </p>
            {errors.brandColor ? (
              <p class="field-error" data-testid="error-brandColor">
                {errors.brandColor}
              </p>
            ) : null}
          </div>
          <TextField name="logoUrl" type="url" label={t('program.logoUrl')} help={t('program.logoUrlHelp')} value={texts.logoUrl} onValue={set('logoUrl')} error={errors.logoUrl} placeholder="https://" maxLength={2000} />
          <div class="field">
            <span class="field-label">{t('program.preview')}</span>
            <div class="brand-preview" data-testid="brand-preview">
              <div class="brand-preview-header" style={{ background: color }}>
                {texts.logoUrl.startsWith('https://') && !errors.logoUrl ? <img src={texts.logoUrl.trim()} alt="" /> : null}
                <span>{texts.name}</span>
              </div>
              <div class="brand-preview-body">{t('program.previewBalance', { n: formatNumber(1250), name: texts.pointsNamePlural })}</div>
            </div>
          </div>
        </FieldGroup>

        <FieldGroup legend={t('program.group.rules')}>
          <TextAreaField name="rulesText" label={t('program.rulesText')} help={t('program.rulesTextHelp')} value={texts.rulesText} onValue={set('rulesText')} error={errors.rulesText} rows={8} maxLength={10_000} />
        </FieldGroup>

        <FieldGroup legend={t('program.group.emails')} description={t('program.group.emailsHelp')}>
          {EMAIL_TYPES.map((type) => (
            <CheckboxField
              key={type}
              name={`email-${type}`}
              label={t(`program.emailType.${type}` as MessageKey)}
              checked={!emailTypesOff.includes(type)}
              onChecked={(on) => setEmailTypesOff(on ? emailTypesOff.filter((item) => item !== type) : [...emailTypesOff, type])}
              toggle
            />
          ))}
          {errors.emailTypesOff ? (
            <p class="field-error" data-testid="error-emailTypesOff">
              {errors.emailTypesOff}
            </p>
          ) : null}
        </FieldGroup>

        <FormErrorSummary show={hasErrors(errors) && !failure} />
        {failure ? (
          <Alert tone="error" testid="save-error">
            {failure}
          </Alert>
        ) : null}
        <div class="form-actions sticky-actions">
          <Button type="submit" variant="primary" busy={saving} data-testid="save">
            {saving ? t('common.saving') : t('program.save')}
          </Button>
        </div>
      </form>
    </Page>
  );
}
