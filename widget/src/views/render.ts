// Re-rendering a view's content without losing the keyboard user's place: the focused control is
// found again by its data-focus key (or the first requested key found), else focus goes to `fallback`;
// and what the shopper typed in a field with a data-keep key is put in the new field of that key.
import type { CodeSignIn } from '../controller';
import type { Locale } from '../i18n';

export function replaceKeepingFocus(
  root: ShadowRoot,
  container: HTMLElement,
  nodes: Node[],
  options: { focus?: readonly string[] | null; fallback?: HTMLElement | null } = {},
): void {
  const active = root.activeElement instanceof HTMLElement ? root.activeElement : null;
  const hadFocus = active !== null && container.contains(active);
  const current = hadFocus ? active.getAttribute('data-focus') : null;
  const keys = options.focus ?? (current ? [current] : []);
  const typed = new Map<string, { value: string; start: number | null; end: number | null }>();
  for (const field of container.querySelectorAll<HTMLInputElement>('input[data-keep]')) {
    typed.set(field.getAttribute('data-keep') ?? '', { value: field.value, start: field.selectionStart, end: field.selectionEnd });
  }
  container.replaceChildren(...nodes);
  for (const field of container.querySelectorAll<HTMLInputElement>('input[data-keep]')) {
    const kept = typed.get(field.getAttribute('data-keep') ?? '');
    if (!kept) continue;
    field.value = kept.value;
    // An e-mail field has no selection (null): its caret goes to the end.
    if (kept.start !== null && kept.end !== null) field.setSelectionRange(kept.start, kept.end);
  }
  if (keys.length === 0 && !hadFocus) return;
  const candidates = [...container.querySelectorAll<HTMLElement>('[data-focus]')];
  let target: HTMLElement | undefined;
  for (const key of keys) {
    target = candidates.find((element) => element.getAttribute('data-focus') === key);
    if (target) break;
  }
  (target ?? options.fallback)?.focus();
}

/** A polite live region that also shows the message (copy confirmations and the like). */
export function liveRegion(): { element: HTMLElement; announce(message: string): void } {
  const element = document.createElement('div');
  element.className = 'toast';
  element.setAttribute('role', 'status');
  element.setAttribute('aria-live', 'polite');
  element.setAttribute('data-testid', 'pontua-live');
  let clear: ReturnType<typeof setTimeout> | undefined;
  return {
    element,
    announce(message: string) {
      clearTimeout(clear);
      // Emptied first, so the same message twice is announced twice.
      element.textContent = '';
      setTimeout(() => {
        element.textContent = message;
        clear = setTimeout(() => (element.textContent = ''), 4000);
      }, 50);
    },
  };
}

/** "Send again" worked: said in the live region (the code field keeps focus). */
export function announceCodeResent(previous: { code: CodeSignIn }, next: { code: CodeSignIn }, locale: Locale, announce: (message: string) => void): void {
  if (next.code.step === 'code' && previous.code.step === 'code' && next.code.sent > previous.code.sent) announce(locale.t('codeResent', { email: next.code.email }));
}
