// What the merchant's one <script> tag says: the program's public key (data-key), the mode
// (data-mode), where a page goes (data-target), and — from the tag's own src — where the API is,
// so the same file works on any Pontua server, also one under a path prefix.

export type WidgetMode = 'launcher' | 'page';

export interface WidgetConfig {
  /** e.g. https://pontua.example/api/storefront/v1 */
  apiBase: string;
  publicKey: string;
  mode: WidgetMode;
  /** A CSS selector (data-target="#id") the page goes into; null: in place of the script tag. */
  target: string | null;
}

export type ConfigRead = { ok: true; config: WidgetConfig } | { ok: false; problem: string };

const PUBLIC_KEY = /^pk_[A-Za-z0-9_-]{1,200}$/;

export function apiBaseFor(scriptSrc: string): string | null {
  let url: URL;
  try {
    url = new URL(scriptSrc);
  } catch {
    return null;
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return null;
  return new URL('api/storefront/v1', new URL('./', url)).href;
}

export function readConfig(scriptSrc: string, attribute: (name: string) => string | null): ConfigRead {
  const apiBase = apiBaseFor(scriptSrc);
  if (!apiBase) return { ok: false, problem: 'the script tag needs an http(s) src to find the Pontua server' };
  const publicKey = (attribute('data-key') ?? '').trim();
  if (!PUBLIC_KEY.test(publicKey)) return { ok: false, problem: 'data-key must be the program\'s public key (pk_…)' };
  const modeValue = (attribute('data-mode') ?? 'launcher').trim();
  if (modeValue !== 'launcher' && modeValue !== 'page') return { ok: false, problem: 'data-mode must be "launcher" or "page"' };
  const target = (attribute('data-target') ?? '').trim();
  return { ok: true, config: { apiBase, publicKey, mode: modeValue, target: target === '' ? null : target } };
}
