// Test helpers for the storefront: cookies handled by hand (as a browser would), login by form.
import { expect } from 'vitest';
import { http, type HttpResult, type TestAccount } from './support';

export interface SetCookie {
  name: string;
  value: string;
  attributes: string[];
}

export function setCookies(result: HttpResult): SetCookie[] {
  return result.headers.getSetCookie().map((line) => {
    const [pair = '', ...attributes] = line.split(';').map((part) => part.trim());
    const eq = pair.indexOf('=');
    return { name: pair.slice(0, eq), value: decodeURIComponent(pair.slice(eq + 1)), attributes };
  });
}

/** A tiny cookie jar: what the last responses set, sent back as one Cookie header. */
export class CookieJar {
  readonly cookies = new Map<string, string>();

  take(result: HttpResult): HttpResult {
    for (const cookie of setCookies(result)) {
      if (cookie.attributes.includes('Max-Age=0')) this.cookies.delete(cookie.name);
      else this.cookies.set(cookie.name, cookie.value);
    }
    return result;
  }

  header(): Record<string, string> {
    return this.cookies.size === 0 ? {} : { cookie: [...this.cookies].map(([name, value]) => `${name}=${encodeURIComponent(value)}`).join('; ') };
  }

  async get(url: string): Promise<HttpResult> {
    return this.take(await http(url, { headers: this.header(), redirect: 'manual' }));
  }

  async postForm(url: string, fields: Record<string, string>): Promise<HttpResult> {
    return this.take(await http(url, {
      method: 'POST', redirect: 'manual', body: new URLSearchParams(fields).toString(),
      headers: { ...this.header(), 'content-type': 'application/x-www-form-urlencoded' },
    }));
  }

  async postJson(url: string, body: unknown): Promise<HttpResult> {
    return this.take(await http(url, { method: 'POST', body: JSON.stringify(body), headers: { ...this.header(), 'content-type': 'application/json' } }));
  }
}

export async function logIn(shop: TestAccount, email: string, password = 'sandbox'): Promise<CookieJar> {
  const jar = new CookieJar();
  await jar.get(`${shop.baseUrl}/`);
  const login = await jar.postForm(`${shop.baseUrl}/login`, { email, password });
  expect(login.status).toBe(303);
  return jar;
}
