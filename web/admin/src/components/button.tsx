import type { ButtonHTMLAttributes } from 'preact';
import { useState } from 'preact/hooks';
import { t } from '../i18n';

export type ButtonVariant = 'primary' | 'secondary' | 'danger' | 'ghost';

export interface ButtonProps extends Omit<ButtonHTMLAttributes<HTMLButtonElement>, 'size' | 'type'> {
  variant?: ButtonVariant;
  /** Disables the button and shows a spinner while the action runs. */
  busy?: boolean;
  size?: 'small' | 'normal';
  type?: 'button' | 'submit' | 'reset';
}

export function Button({ variant = 'secondary', busy = false, size = 'normal', type = 'button', disabled, children, class: className, ...rest }: ButtonProps) {
  return (
    <button
      type={type}
      class={`button button-${variant}${size === 'small' ? ' button-small' : ''}${className ? ` ${String(className)}` : ''}`}
      disabled={Boolean(disabled) || busy}
      aria-busy={busy ? 'true' : undefined}
      {...rest}
    >
      {busy ? <span class="spinner" aria-hidden="true" /> : null}
      {children}
    </button>
  );
}

/** Copies `text` to the clipboard, saying so for a moment. */
export function CopyButton({ text, children, ...rest }: { text: string } & Omit<ButtonProps, 'onClick'>) {
  const [copied, setCopied] = useState(false);
  return (
    <Button
      {...rest}
      onClick={async () => {
        try {
          await navigator.clipboard.writeText(text);
        } catch {
          // Without clipboard access (plain http, old browsers) the text stays selectable on screen.
          return;
        }
        setCopied(true);
        window.setTimeout(() => setCopied(false), 1500);
      }}
    >
      {copied ? t('common.copied') : (children ?? t('common.copy'))}
    </Button>
  );
}
