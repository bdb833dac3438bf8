// One VTEX integration field, drawn from its description: the control follows the type, the
// label and help come from the API in the panel's language.
import { CheckboxField, SelectField, TextAreaField, TextField } from '../../components';
import { LANGUAGES, isLanguage, t } from '../../i18n';
import { today, type FormField, type FormValue, type IntegrationSettings } from './integration-form';

export interface IntegrationFieldProps {
  field: FormField;
  value: FormValue;
  error?: string;
  settings: IntegrationSettings | null;
  onChange: (value: FormValue) => void;
}

function EnumList({ field, value, error, onChange }: IntegrationFieldProps) {
  const chosen = Array.isArray(value) ? value : [];
  const toggle = (option: string, on: boolean) => onChange(on ? [...chosen, option] : chosen.filter((item) => item !== option));
  return (
    <fieldset class={`field choice-list${error ? ' field-invalid' : ''}`} data-field={field.name} data-testid={`field-${field.name}`} aria-describedby={`help-${field.name}${error ? ` err-${field.name}` : ''}`}>
      <legend class="field-label">
        {field.label}
        {field.required ? <span class="required-mark" aria-hidden="true"> *</span> : null}
      </legend>
      <p class="field-help" id={`help-${field.name}`}>
        {field.help}
      </p>
      <div class="choice-grid">
        {(field.options ?? []).map((option) => (
          <label key={option} class="choice">
            <input type="checkbox" class="checkbox" checked={chosen.includes(option)} onChange={(event) => toggle(option, event.currentTarget.checked)} data-testid={`field-${field.name}-${option}`} />
            <code>{option}</code>
          </label>
        ))}
      </div>
      {error ? (
        <p class="field-error" id={`err-${field.name}`} data-testid={`error-${field.name}`}>
          {error}
        </p>
      ) : null}
    </fieldset>
  );
}

export function IntegrationField(props: IntegrationFieldProps) {
  const { field, value, error, settings, onChange } = props;
  const text = typeof value === 'string' ? value : '';
  const common = { name: field.name, label: field.label, help: field.help, error, required: field.required };
  const maxLength = typeof field.constraints.maxLength === 'number' ? field.constraints.maxLength : undefined;

  switch (field.type) {
    case 'boolean':
      return <CheckboxField name={field.name} label={field.label} help={field.help} error={error} checked={value === true} onChecked={onChange} toggle />;
    case 'enum-list':
      return <EnumList {...props} />;
    case 'enum': {
      const options = (field.options ?? []).map((option) => ({ value: option, label: isLanguage(option) ? t(`language.${option}`) : option }));
      const languageField = field.options?.every((option) => (LANGUAGES as readonly string[]).includes(option));
      return <SelectField {...common} value={text} onValue={onChange} options={options} placeholder={field.required ? undefined : languageField ? t('integration.programLanguage') : ''} />;
    }
    case 'id-list':
      return (
        <TextAreaField
          {...common}
          help={`${field.help} ${t('integration.skuHint')}`}
          value={text}
          onValue={onChange}
          rows={3}
          placeholder={t('integration.skuPlaceholder')}
        />
      );
    case 'secret': {
      const stored = field.name === 'appToken' ? (settings?.appTokenSet ? t('integration.storedToken') : null) : settings?.appKey ? t('integration.storedKey', { masked: settings.appKey }) : null;
      return (
        <TextField
          {...common}
          type={field.name === 'appToken' ? 'password' : 'text'}
          value={text}
          onValue={onChange}
          maxLength={maxLength}
          placeholder={stored ?? undefined}
          autocomplete="off"
          spellcheck={false}
          help={stored ? `${field.help} ${stored}` : field.help}
        />
      );
    }
    case 'integer':
      return (
        <TextField
          {...common}
          type="number"
          inputMode="numeric"
          step={1}
          min={typeof field.constraints.minimum === 'number' ? field.constraints.minimum : undefined}
          max={typeof field.constraints.maximum === 'number' ? field.constraints.maximum : undefined}
          value={text}
          onValue={onChange}
        />
      );
    case 'date':
      return (
        <TextField
          {...common}
          type="date"
          min={typeof field.constraints.minimum === 'string' ? field.constraints.minimum : undefined}
          max={field.constraints.notAfter === 'today' ? today() : undefined}
          value={text}
          onValue={onChange}
        />
      );
    case 'url':
      return <TextField {...common} type="url" inputMode="url" value={text} onValue={onChange} maxLength={maxLength} placeholder="https://" autocomplete="url" />;
    default:
      return <TextField {...common} value={text} onValue={onChange} maxLength={maxLength} autocomplete="off" spellcheck={false} />;
  }
}
