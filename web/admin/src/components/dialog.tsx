// Modal dialogs on the native <dialog>: showModal() keeps focus inside and makes the page inert,
// Esc cancels; focus returns to where it was when the dialog closes.
import type { ComponentChildren } from 'preact';
import { useEffect, useId, useRef } from 'preact/hooks';
import { t } from '../i18n';
import { Button } from './button';

export interface DialogProps {
  open: boolean;
  title: ComponentChildren;
  onClose: () => void;
  children: ComponentChildren;
  footer?: ComponentChildren;
  testid?: string;
  /** Wider, for previews and long content. */
  wide?: boolean;
}

export function Dialog({ open, title, onClose, children, footer, testid, wide }: DialogProps) {
  const ref = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  const onCloseRef = useRef(onClose);
  onCloseRef.current = onClose;

  useEffect(() => {
    const dialog = ref.current;
    if (!dialog || !open) return;
    const returnTo = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    if (!dialog.open) dialog.showModal();
    const cancel = (event: Event) => {
      event.preventDefault();
      onCloseRef.current();
    };
    dialog.addEventListener('cancel', cancel);
    return () => {
      dialog.removeEventListener('cancel', cancel);
      if (dialog.open) dialog.close();
      returnTo?.focus();
    };
  }, [open]);

  if (!open) return null;
  return (
    <dialog ref={ref} class={`dialog${wide ? ' dialog-wide' : ''}`} aria-labelledby={titleId} data-testid={testid}>
      <div class="dialog-header">
        <h2 id={titleId}>{title}</h2>
        <button type="button" class="icon-button" aria-label={t('dialog.close')} onClick={() => onClose()}>
          ×
        </button>
      </div>
      <div class="dialog-body">{children}</div>
      {footer ? <div class="dialog-footer">{footer}</div> : null}
    </dialog>
  );
}

export interface ConfirmDialogProps {
  open: boolean;
  title: ComponentChildren;
  children: ComponentChildren;
  confirmLabel: ComponentChildren;
  onConfirm: () => void;
  onCancel: () => void;
  tone?: 'primary' | 'danger';
  busy?: boolean;
  /** Keeps the confirm button off (e.g. until a required reason is typed). */
  confirmDisabled?: boolean;
  testid?: string;
}

/** Asks before an action; focus starts on Cancel so Enter does not confirm by accident. */
export function ConfirmDialog({ open, title, children, confirmLabel, onConfirm, onCancel, tone = 'primary', busy, confirmDisabled, testid = 'confirm-dialog' }: ConfirmDialogProps) {
  return (
    <Dialog
      open={open}
      title={title}
      onClose={onCancel}
      testid={testid}
      footer={
        <>
          <Button onClick={onCancel} autofocus data-testid="confirm-cancel">
            {t('common.cancel')}
          </Button>
          <Button variant={tone} onClick={onConfirm} busy={busy} disabled={confirmDisabled} data-testid="confirm-ok">
            {confirmLabel}
          </Button>
        </>
      }
    >
      {children}
    </Dialog>
  );
}
