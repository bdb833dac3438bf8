// Re-rendering a view's content without losing the keyboard user's place: the focused control is
// found again by its data-focus key (or the first requested key found), else focus goes to `fallback`.

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
  container.replaceChildren(...nodes);
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
