// The reward form, for a new reward and for changing one: only the fields of the chosen kind,
// checked as the server checks them; the server's per-field errors are shown the same way.
import { useRef, useState } from 'preact/hooks';
import { isApiError } from '../../api';
import { Alert, Button, CheckboxField, errorMessage, FieldGroup, FormErrorSummary, SelectField, TextAreaField, TextField } from '../../components';
import { t } from '../../i18n';
import { Link } from '../../router';
import { focusFirstInvalid } from '../members/focus';
import { DateTimeField } from './datetime-field';
import { REWARD_KINDS, rewardKindLabel, type RewardKind } from './reward-text';
import { checkReward, inputFromValues, serverFieldMessage, type RewardErrors, type RewardField, type RewardValues } from './reward-values';
import type { RewardInput } from './types';

const FIELDS = new Set<string>(['kind', 'name', 'description', 'imageUrl', 'cost', 'skuId', 'discountCents', 'discountPercent', 'minOrderCents', 'activeFrom', 'activeUntil', 'stock', 'perMemberLimit', 'active']);

export interface RewardFormProps {
  initial: RewardValues;
  submitLabel: string;
  /** Sends the input; throws the API's error. */
  save: (input: RewardInput) => Promise<void>;
}

function ImagePreview({ url }: { url: string }) {
  let https = false;
  try {
    https = new URL(url).protocol === 'https:';
  } catch {
    https = false;
  }
  return https ? <img class="reward-image-preview" src={url} alt={t('rewards.form.imagePreview')} loading="lazy" /> : null;
}

export function RewardForm({ initial, submitLabel, save }: RewardFormProps) {
  const [values, setValues] = useState(initial);
  const [errors, setErrors] = useState<RewardErrors>({});
  const [tried, setTried] = useState(false);
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<unknown>(null);
  const formRef = useRef<HTMLFormElement>(null);

  const update = (next: RewardValues) => {
    setValues(next);
    // After a first attempt, the messages follow the typing.
    if (tried) setErrors(checkReward(next));
  };
  const field = (name: RewardField) => ({
    name,
    value: values[name],
    error: errors[name] ?? null,
    onValue: (value: string) => update({ ...values, [name]: value }),
  });

  const submit = async (event: Event) => {
    event.preventDefault();
    setTried(true);
    setFailure(null);
    const found = checkReward(values);
    setErrors(found);
    if (Object.values(found).some(Boolean)) {
      focusFirstInvalid(formRef.current);
      return;
    }
    setBusy(true);
    try {
      await save(inputFromValues(values));
    } catch (caught) {
      if (isApiError(caught) && caught.fieldErrors.length > 0) {
        const server: RewardErrors = {};
        const other: string[] = [];
        for (const { field: name, message } of caught.fieldErrors) {
          if (FIELDS.has(name)) server[name as RewardField] ??= serverFieldMessage(name, message);
          else other.push(`${name}: ${message}`);
        }
        setErrors(server);
        focusFirstInvalid(formRef.current);
        if (other.length > 0) setFailure(new Error(other.join('; ')));
      } else setFailure(caught);
    } finally {
      setBusy(false);
    }
  };

  const kind = values.kind;
  const invalid = Object.values(errors).some(Boolean);

  return (
    <form ref={formRef} onSubmit={submit} noValidate data-testid="reward-form">
      <FieldGroup legend={t('rewards.form.what')}>
        <SelectField
          name="kind"
          label={t('rewards.form.kind')}
          help={t(`rewards.kindHelp.${kind}`)}
          value={kind}
          onValue={(value) => update({ ...values, kind: value as RewardKind })}
          options={REWARD_KINDS.map((value) => ({ value, label: rewardKindLabel(value) }))}
          error={errors.kind ?? null}
          required
        />
        {kind === 'product' ? <TextField {...field('skuId')} label={t('rewards.form.skuId')} help={t('rewards.form.skuIdHelp')} required autoComplete="off" /> : null}
        {kind === 'fixed_discount' ? (
          <TextField {...field('discountCents')} label={t('rewards.form.discountAmount')} help={t('rewards.form.moneyHelp')} inputMode="decimal" required autoComplete="off" />
        ) : null}
        {kind === 'percent_discount' ? (
          <TextField {...field('discountPercent')} label={t('rewards.form.discountPercent')} help={t('rewards.form.percentHelp')} inputMode="decimal" required autoComplete="off" />
        ) : null}
        <TextField {...field('name')} label={t('rewards.form.name')} help={t('rewards.form.nameHelp')} maxLength={200} required />
        <TextAreaField {...field('description')} label={t('rewards.form.description')} rows={3} maxLength={2000} />
        <TextField {...field('imageUrl')} type="url" label={t('rewards.form.imageUrl')} help={t('rewards.form.imageUrlHelp')} placeholder="https://" />
        {values.imageUrl && !errors.imageUrl ? <ImagePreview url={values.imageUrl.trim()} /> : null}
      </FieldGroup>
      <FieldGroup legend={t('rewards.form.rules')}>
        <div class="grid-2">
          <TextField {...field('cost')} label={t('rewards.form.cost')} help={t('rewards.form.costHelp')} inputMode="numeric" required />
          <TextField {...field('minOrderCents')} label={t('rewards.form.minOrder')} help={t('rewards.form.minOrderHelp')} inputMode="decimal" />
          <TextField {...field('stock')} label={t('rewards.form.stock')} help={t('rewards.form.stockHelp')} inputMode="numeric" />
          <TextField {...field('perMemberLimit')} label={t('rewards.form.perMemberLimit')} help={t('rewards.form.perMemberLimitHelp')} inputMode="numeric" />
        </div>
      </FieldGroup>
      <FieldGroup legend={t('rewards.form.availability')} description={t('rewards.form.availabilityHelp')}>
        <div class="grid-2">
          <DateTimeField {...field('activeFrom')} label={t('rewards.form.activeFrom')} help={t('rewards.form.activeFromHelp')} />
          <DateTimeField {...field('activeUntil')} label={t('rewards.form.activeUntil')} help={t('rewards.form.activeUntilHelp')} />
        </div>
        <CheckboxField name="active" toggle label={t('rewards.form.active')} help={t('rewards.form.activeHelp')} checked={values.active} onChecked={(checked) => update({ ...values, active: checked })} error={errors.active ?? null} />
      </FieldGroup>
      <FormErrorSummary show={invalid} />
      {failure ? (
        <Alert tone="error" testid="reward-save-error">
          {errorMessage(failure)}
        </Alert>
      ) : null}
      <div class="form-actions">
        <Button type="submit" variant="primary" busy={busy} data-testid="save-reward">
          {submitLabel}
        </Button>
        <Link href="/rewards" class="button button-secondary" data-testid="cancel-reward">
          {t('common.cancel')}
        </Link>
      </div>
    </form>
  );
}
