// Form fields: a label, the control, a help text and an inline error, wired for screen readers
// (aria-describedby, aria-invalid). Tests find the control by data-testid="field-<name>" and its
// error by data-testid="error-<name>"; the wrapper carries data-field="<name>".
import type { ComponentChildren, InputHTMLAttributes } from 'preact';
import { useId } from 'preact/hooks';
import { t } from '../i18n';

interface FieldFrame {
  name: string;
  label: ComponentChildren;
  help?: ComponentChildren;
  error?: string | null;
  required?: boolean;
}

interface ControlIds {
  id: string;
  'aria-describedby'?: string;
  'aria-invalid'?: 'true';
  'aria-required'?: 'true';
  'data-testid': string;
  name: string;
}

function Frame({ name, label, help, error, required, inline, children }: FieldFrame & { inline?: boolean; children: (ids: ControlIds) => ComponentChildren }) {
  const id = useId();
  const helpId = `${id}-help`;
  const errorId = `${id}-error`;
  const describedBy = [help ? helpId : null, error ? errorId : null].filter(Boolean).join(' ');
  const ids: ControlIds = {
    id,
    name,
    'data-testid': `field-${name}`,
    ...(describedBy ? { 'aria-describedby': describedBy } : {}),
    ...(error ? { 'aria-invalid': 'true' as const } : {}),
    ...(required ? { 'aria-required': 'true' as const } : {}),
  };
  const labelText = (
    <>
      {label}
      {required ? <span class="required-mark" aria-hidden="true"> *</span> : null}
    </>
  );
  return (
    <div class={`field${inline ? ' field-inline' : ''}${error ? ' field-invalid' : ''}`} data-field={name}>
      {inline ? (
        <label class="field-check" for={id}>
          {children(ids)}
          <span>{labelText}</span>
        </label>
      ) : (
        <>
          <label class="field-label" for={id}>
            {labelText}
          </label>
          {children(ids)}
        </>
      )}
      {help ? (
        <p class="field-help" id={helpId}>
          {help}
        </p>
      ) : null}
      {error ? (
        <p class="field-error" id={errorId} data-testid={`error-${name}`}>
          {error}
        </p>
      ) : null}
    </div>
  );
}

type InputAttributes = Omit<InputHTMLAttributes<HTMLInputElement>, 'label' | 'value' | 'onInput' | 'name' | 'required' | 'type'>;

export interface TextFieldProps extends FieldFrame, InputAttributes {
  value: string;
  onValue: (value: string) => void;
  type?: 'text' | 'email' | 'password' | 'url' | 'number' | 'search' | 'color' | 'date' | 'tel';
}

export function TextField({ name, label, help, error, required, value, onValue, type = 'text', ...rest }: TextFieldProps) {
  return (
    <Frame name={name} label={label} help={help} error={error} required={required}>
      {(ids) => <input class="input" type={type} value={value} onInput={(event) => onValue(event.currentTarget.value)} {...rest} {...ids} />}
    </Frame>
  );
}

export interface TextAreaFieldProps extends FieldFrame {
  value: string;
  onValue: (value: string) => void;
  rows?: number;
  maxLength?: number;
  placeholder?: string;
}

export function TextAreaField({ name, label, help, error, required, value, onValue, rows = 5, maxLength, placeholder }: TextAreaFieldProps) {
  return (
    <Frame name={name} label={label} help={help} error={error} required={required}>
      {(ids) => (
        <textarea class="input" rows={rows} maxLength={maxLength} placeholder={placeholder} value={value} onInput={(event) => onValue(event.currentTarget.value)} {...ids} />
      )}
    </Frame>
  );
}

export interface SelectOption {
  value: string;
  label: string;
}

export interface SelectFieldProps extends FieldFrame {
  value: string;
  onValue: (value: string) => void;
  options: readonly SelectOption[];
  /** A first, empty choice ("— keep the default —"). */
  placeholder?: string;
  disabled?: boolean;
}

export function SelectField({ name, label, help, error, required, value, onValue, options, placeholder, disabled }: SelectFieldProps) {
  return (
    <Frame name={name} label={label} help={help} error={error} required={required}>
      {(ids) => (
        <select class="input" value={value} disabled={disabled} onChange={(event) => onValue(event.currentTarget.value)} {...ids}>
          {placeholder !== undefined ? <option value="">{placeholder}</option> : null}
          {options.map((option) => (
            <option key={option.value} value={option.value}>
              {option.label}
            </option>
          ))}
        </select>
      )}
    </Frame>
  );
}

export interface CheckboxFieldProps extends Omit<FieldFrame, 'required'> {
  checked: boolean;
  onChecked: (checked: boolean) => void;
  disabled?: boolean;
  /** Shown as a switch (role="switch") rather than a box. */
  toggle?: boolean;
}

export function CheckboxField({ name, label, help, error, checked, onChecked, disabled, toggle }: CheckboxFieldProps) {
  return (
    <Frame name={name} label={label} help={help} error={error} inline>
      {(ids) => (
        <input
          type="checkbox"
          class={toggle ? 'switch' : 'checkbox'}
          role={toggle ? 'switch' : undefined}
          checked={checked}
          disabled={disabled}
          onChange={(event) => onChecked(event.currentTarget.checked)}
          {...ids}
        />
      )}
    </Frame>
  );
}

/** A group of fields under a heading (<fieldset>). */
export function FieldGroup({ legend, description, children }: { legend: ComponentChildren; description?: ComponentChildren; children: ComponentChildren }) {
  return (
    <fieldset class="field-group">
      <legend>{legend}</legend>
      {description ? <p class="field-group-description">{description}</p> : null}
      {children}
    </fieldset>
  );
}

/** "Fix the highlighted fields" above a form's buttons when some field is invalid. */
export function FormErrorSummary({ show, message }: { show: boolean; message?: string }) {
  if (!show) return null;
  return (
    <p class="form-error" role="alert" data-testid="form-error">
      {message ?? t('error.fixFields')}
    </p>
  );
}
