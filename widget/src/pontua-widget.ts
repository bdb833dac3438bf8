// <pontua-widget data-key="pk_…" data-api="https://…/api/storefront/v1" data-mode="launcher|page">:
// the custom element the script tag inserts. Everything it shows lives in its open shadow root;
// it reads no global of the store and adds none (only this element's registration).
import { createStorefrontApi } from './api';
import { WidgetController } from './controller';
import { MemberSession, type KeyValueStorage, type Timers } from './session';
import { LauncherView } from './views/launcher';
import { PageView } from './views/page';

export const TAG = 'pontua-widget';

export class PontuaWidget extends HTMLElement {
  private controller: WidgetController | null = null;
  private dispose: (() => void) | null = null;

  connectedCallback(): void {
    if (this.controller) return;
    const apiBase = this.getAttribute('data-api');
    const publicKey = this.getAttribute('data-key');
    if (!apiBase || !publicKey) {
      console.warn('[pontua] <pontua-widget> needs data-key and data-api');
      return;
    }
    const root = this.shadowRoot ?? this.attachShadow({ mode: 'open' });
    // The store's own scripts may replace window.fetch later; this one is bound now.
    const fetchNow = fetch;
    const api = createStorefrontApi({ apiBase, publicKey, fetch: (url, init) => fetchNow(url, init) });
    let onSignedOut = () => {};
    const timers: Timers = { now: () => Date.now(), setTimeout: (run, ms) => setTimeout(run, ms), clearTimeout: (handle) => clearTimeout(handle as number) };
    const session = new MemberSession({
      api,
      storage: sessionStorageOrNull(),
      publicKey,
      timers,
      cookies: readCookies,
      onSignedOut: () => onSignedOut(),
    });
    const controller = new WidgetController({
      api, session, newIdempotencyKey, now: () => Date.now(), wait: (ms) => new Promise((resolve) => setTimeout(resolve, ms)), timers,
    });
    onSignedOut = () => controller.signedOut();
    const mode = this.getAttribute('data-mode') === 'page' ? 'page' : 'launcher';
    this.setAttribute('data-mode', mode);
    const view = mode === 'page' ? new PageView(root, controller) : new LauncherView(root, controller);
    const unsubscribe = controller.subscribe((state) => {
      this.setAttribute('data-state', state.phase);
      view.render(state);
    });
    view.render(controller.state);
    this.controller = controller;
    this.dispose = () => {
      unsubscribe();
      controller.stop();
      view.destroy();
      root.replaceChildren();
    };
    void controller.start();
  }

  disconnectedCallback(): void {
    // Moved or removed by the store's framework: a new start when it comes back (the token is kept).
    this.dispose?.();
    this.dispose = null;
    this.controller = null;
  }
}

/** Registers <pontua-widget> once: a second copy of the script on the page reuses the first. */
export function defineWidget(): void {
  if (!customElements.get(TAG)) customElements.define(TAG, PontuaWidget);
}

function sessionStorageOrNull(): KeyValueStorage | null {
  try {
    const storage = window.sessionStorage;
    storage.getItem('pontua:probe');
    return storage;
  } catch {
    return null;
  }
}

function readCookies(): string {
  try {
    return document.cookie;
  } catch {
    return '';
  }
}

function newIdempotencyKey(): string {
  if (typeof crypto.randomUUID === 'function') return crypto.randomUUID();
  // randomUUID needs a secure context; a store page over http still gets a random v4 UUID.
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  bytes[6] = ((bytes[6] ?? 0) & 0x0f) | 0x40;
  bytes[8] = ((bytes[8] ?? 0) & 0x3f) | 0x80;
  const hex = [...bytes].map((byte) => byte.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
