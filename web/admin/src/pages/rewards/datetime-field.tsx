// A date-and-time field (<input type="datetime-local">), wired like the shared fields: label,
// help, inline error, data-testid="field-<name>" / "error-<name>". Local because the shared
// TextField does not offer this input type.
import type { ComponentChildren } from 'preact';
import { useId } from 'preact/hooks';

export function DateTimeField({ name, label, help, error, value, onValue }: { name: string; label: ComponentChildren; help?: ComponentChildren; error?: string | null; value: string; onValue: (value: string) => void }) {
  const id = useId();
  const describedBy = [help ? `${id}-help` : null, error ? `${id}-error` : null].filter(Boolean).join(' ') || undefined;
  return (
    <div class={`field${error ? ' field-invalid' : ''}`} data-field={name}>
      <label class="field-label" for={id}>
        {label}
      </label>
      <input
        id={id}
        name={name}
        class="input"
        type="datetime-local"
        value={value}
        onInput={(event) => onValue(event.currentTarget.value)}
        aria-describedby={describedBy}
        aria-invalid={error ? 'true' : undefined}
        data-testid={`field-${name}`}
      />
      {help ? (
        <p class="field-help" id={`${id}-help`}>
          {help}
        </p>
      ) : null}
      {error ? (
        <p class="field-error" id={`${id}-error`} data-testid={`error-${name}`}>
          {error}
        </p>
      ) : null}
    </div>
  );
}
