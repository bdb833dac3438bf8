// Short messages after an action ("Saved.") in a live region, and inline alerts inside a page.
import type { ComponentChildren } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { t } from '../i18n';

export type AlertTone = 'success' | 'error' | 'info' | 'warning';

interface Toast {
  id: number;
  tone: AlertTone;
  message: string;
}

let toasts: Toast[] = [];
let nextId = 1;
const listeners = new Set<(toasts: Toast[]) => void>();

function publish(next: Toast[]) {
  toasts = next;
  for (const listener of listeners) listener(toasts);
}

export function dismissToast(id: number) {
  publish(toasts.filter((toast) => toast.id !== id));
}

/** Shows a message for a few seconds (errors stay longer). */
export function toast(message: string, tone: AlertTone = 'success') {
  const id = nextId++;
  publish([...toasts.slice(-3), { id, tone, message }]);
  window.setTimeout(() => dismissToast(id), tone === 'error' ? 10_000 : 5_000);
}

/** Rendered once by the app. */
export function Toaster() {
  const [list, setList] = useState(toasts);
  useEffect(() => {
    listeners.add(setList);
    return () => void listeners.delete(setList);
  }, []);
  return (
    <div class="toaster" role="status" aria-live="polite">
      {list.map((item) => (
        <div key={item.id} class={`toast toast-${item.tone}`} data-testid="toast" data-tone={item.tone}>
          <span>{item.message}</span>
          <button type="button" class="icon-button" aria-label={t('toast.dismiss')} onClick={() => dismissToast(item.id)}>
            ×
          </button>
        </div>
      ))}
    </div>
  );
}

/** A message inside the page; errors are announced (role="alert"). */
export function Alert({ tone, title, children, testid }: { tone: AlertTone; title?: ComponentChildren; children?: ComponentChildren; testid?: string }) {
  return (
    <div class={`alert alert-${tone}`} role={tone === 'error' ? 'alert' : 'status'} data-testid={testid} data-tone={tone}>
      {title ? <strong class="alert-title">{title}</strong> : null}
      {children ? <div>{children}</div> : null}
    </div>
  );
}
