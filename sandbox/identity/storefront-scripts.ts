// Scripts a merchant adds to every storefront and checkout page (their loyalty widget, say):
// `<script src=… data-…=… async>`, set per account through the control API. Only an http(s)
// src and `data-*` attributes: a test cannot turn it into arbitrary markup.
import type { Account } from '../core/account';
import { escapeHtml } from './html';
import { identityStateKey } from './identity-state';

export interface StorefrontScript {
  src: string;
  attributes: Record<string, string>;
}

/** The scripts from a control body, or why they cannot be. */
export function readScripts(body: unknown): StorefrontScript[] | string {
  const list = typeof body === 'object' && body !== null ? (body as { scripts?: unknown }).scripts : undefined;
  if (!Array.isArray(list)) return 'scripts must be a list of { src, attributes }';
  const scripts: StorefrontScript[] = [];
  for (const entry of list) {
    const { src, attributes = {} } = (entry ?? {}) as { src?: unknown; attributes?: unknown };
    let protocol = '';
    try {
      protocol = typeof src === 'string' ? new URL(src).protocol : '';
    } catch {
      // reported below
    }
    if (protocol !== 'http:' && protocol !== 'https:') return 'each script needs an http(s) src';
    if (typeof attributes !== 'object' || attributes === null) return 'attributes must be an object';
    for (const [name, value] of Object.entries(attributes)) {
      if (!/^data-[a-z0-9-]{1,40}$/.test(name) || typeof value !== 'string') return `attribute ${name}: only data-* attributes with text values`;
    }
    scripts.push({ src: src as string, attributes: attributes as Record<string, string> });
  }
  return scripts;
}

export function scriptTags(account: Account): string {
  return account.state(identityStateKey).storefrontScripts
    .map(({ src, attributes }) => `<script src="${escapeHtml(src)}"${Object.entries(attributes).map(([name, value]) => ` ${name}="${escapeHtml(value)}"`).join('')} async></script>`)
    .join('\n');
}
