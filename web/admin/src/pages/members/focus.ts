// After a form is refused, focus moves to its first invalid field, so keyboard and screen-reader
// users land on what to fix.
export function focusFirstInvalid(form: HTMLFormElement | null) {
  // After the render that marks the fields (aria-invalid).
  window.setTimeout(() => form?.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus(), 0);
}
