// The member token's life in the widget, on a fake clock: single sign-on only with a VTEX session,
// refreshed five minutes before it expires, retried while it is still good, dropped when refused,
// kept for the next page of the same VTEX session and not for another one; a token from a one-time
// code is kept and refreshed the same way, but whatever happens to the VTEX session.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createStorefrontApi } from '../../widget/src/api';
import {
  fingerprint, MemberSession, readVtexCookies, REFRESH_BEFORE_EXPIRY_MS, REFRESH_RETRY_MS, storageKeyFor, type KeyValueStorage,
} from '../../widget/src/session';
import { API_BASE, errorAnswer, fakeStorefront, PUBLIC_KEY, type Answer, type SeenRequest } from './fake-storefront';

const HOUR = 60 * 60_000;
const START = Date.parse('2026-03-01T12:00:00Z');
const COOKIES = 'other=1; vtex_session=SESSION-A; vtex_segment=SEGMENT-A';

class MemoryStorage implements KeyValueStorage {
  readonly items = new Map<string, string>();
  getItem(key: string) {
    return this.items.get(key) ?? null;
  }
  setItem(key: string, value: string) {
    this.items.set(key, value);
  }
  removeItem(key: string) {
    this.items.delete(key);
  }
}

let issued = 0;
const freshToken = () => ({ token: `mt.${++issued}`, expiresAt: new Date(Date.now() + HOUR).toISOString() });

function world(options: { answer?: (request: SeenRequest) => Answer; cookies?: string; storage?: MemoryStorage } = {}) {
  const answer = options.answer ?? ((request: SeenRequest): Answer => ({
    status: 200, body: request.path === '/sso/vtex' ? { signedIn: true, ...freshToken(), member: { id: 'mbr_1', name: 'Ana', email: 'ana@example.com' } } : freshToken(),
  }));
  const server = fakeStorefront(answer);
  const storage = options.storage ?? new MemoryStorage();
  const signedOut = vi.fn();
  let cookies = options.cookies ?? COOKIES;
  const session = new MemberSession({
    api: createStorefrontApi({ apiBase: API_BASE, publicKey: PUBLIC_KEY, fetch: server.fetch }),
    storage,
    publicKey: PUBLIC_KEY,
    timers: { now: () => Date.now(), setTimeout: (run, ms) => setTimeout(run, ms), clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>) },
    cookies: () => cookies,
    onSignedOut: signedOut,
  });
  const calls = (path: string) => server.requests.filter((request) => request.path === path);
  return { session, storage, signedOut, requests: server.requests, calls, setCookies: (value: string) => (cookies = value) };
}

beforeEach(() => {
  vi.useFakeTimers();
  vi.setSystemTime(START);
});
afterEach(() => {
  vi.useRealTimers();
});

describe('reading the VTEX cookies', () => {
  it('finds vtex_session and vtex_segment among the others, and nothing when they are absent or empty', () => {
    expect(readVtexCookies(COOKIES)).toEqual({ vtexSession: 'SESSION-A', vtexSegment: 'SEGMENT-A' });
    expect(readVtexCookies('a=b; vtex_session=; vtex_segment_x=1; broken')).toEqual({});
    expect(readVtexCookies('')).toEqual({});
  });
});

describe('member session', () => {
  it('signs in with the VTEX session cookies and keeps the token in sessionStorage under the program\'s key', async () => {
    const { session, storage, calls } = world();
    expect(await session.start({ singleSignOn: true })).toBe(true);
    expect(calls('/sso/vtex').map((request) => request.body)).toEqual([{ vtexSession: 'SESSION-A', vtexSegment: 'SEGMENT-A' }]);
    expect(await session.token()).toBe('mt.' + issued);
    const stored = JSON.parse(storage.getItem(storageKeyFor(PUBLIC_KEY)) ?? '{}');
    expect(stored).toMatchObject({ token: 'mt.' + issued, expiresAt: START + HOUR, vtexSession: fingerprint('SESSION-A') });
    expect(JSON.stringify(stored)).not.toContain('SESSION-A');
  });

  it('stays anonymous without single sign-on, without a vtex_session, or when VTEX does not confirm it (401)', async () => {
    const off = world();
    expect(await off.session.start({ singleSignOn: false })).toBe(false);
    expect(off.requests).toHaveLength(0);

    const noSession = world({ cookies: 'vtex_segment=SEGMENT-A' });
    expect(await noSession.session.start({ singleSignOn: true })).toBe(false);
    expect(noSession.requests).toHaveLength(0);

    const refused = world({ answer: () => errorAnswer(401, 'UNAUTHORIZED') });
    expect(await refused.session.start({ singleSignOn: true })).toBe(false);
    expect(await refused.session.token()).toBeNull();
    expect(refused.storage.items.size).toBe(0);
  });

  it('refreshes the token five minutes before it expires, not earlier, and again before the new one expires', async () => {
    const { session, calls, storage } = world();
    await session.start({ singleSignOn: true });
    const first = await session.token();

    await vi.advanceTimersByTimeAsync(HOUR - REFRESH_BEFORE_EXPIRY_MS - 1);
    expect(calls('/token/refresh')).toHaveLength(0);
    await vi.advanceTimersByTimeAsync(1);
    expect(calls('/token/refresh').map((request) => request.headers.authorization)).toEqual([`Bearer ${first}`]);

    const second = await session.token();
    expect(second).not.toBe(first);
    expect(JSON.parse(storage.getItem(storageKeyFor(PUBLIC_KEY)) ?? '{}').token).toBe(second);
    await vi.advanceTimersByTimeAsync(HOUR - REFRESH_BEFORE_EXPIRY_MS);
    expect(calls('/token/refresh').map((request) => request.headers.authorization)).toEqual([`Bearer ${first}`, `Bearer ${second}`]);
  });

  it('refreshes first when asked for the token late (a background tab whose timer did not run)', async () => {
    const { session, calls } = world();
    await session.start({ singleSignOn: true });
    const first = await session.token();
    vi.setSystemTime(START + HOUR - 60_000);
    const token = await session.token();
    expect(calls('/token/refresh')).toHaveLength(1);
    expect(token).not.toBe(first);
  });

  it('tries a refresh without answer again every 30 seconds with the same token, and ends the session when the token runs out', async () => {
    let refreshes = 0;
    const { session, calls, signedOut, storage } = world({
      answer: (request) => (request.path === '/token/refresh' ? (refreshes++, 'no-answer') : { status: 200, body: { signedIn: true, ...freshToken(), member: { id: 'mbr_1', name: null, email: null } } }),
    });
    await session.start({ singleSignOn: true });
    const token = await session.token();

    await vi.advanceTimersByTimeAsync(HOUR - REFRESH_BEFORE_EXPIRY_MS);
    expect(refreshes).toBe(1);
    await vi.advanceTimersByTimeAsync(REFRESH_RETRY_MS);
    expect(refreshes).toBe(2);
    expect(await session.token()).toBe(token);
    expect(signedOut).not.toHaveBeenCalled();

    await vi.advanceTimersByTimeAsync(REFRESH_BEFORE_EXPIRY_MS);
    expect(new Set(calls('/token/refresh').map((request) => request.headers.authorization))).toEqual(new Set([`Bearer ${token}`]));
    expect(signedOut).toHaveBeenCalledTimes(1);
    expect(await session.token()).toBeNull();
    expect(storage.items.size).toBe(0);
  });

  it('drops the token at once when the refresh is refused (401)', async () => {
    const { session, signedOut } = world({
      answer: (request) => (request.path === '/token/refresh' ? errorAnswer(401, 'UNAUTHORIZED') : { status: 200, body: { signedIn: true, ...freshToken(), member: { id: 'mbr_1', name: null, email: null } } }),
    });
    await session.start({ singleSignOn: true });
    await vi.advanceTimersByTimeAsync(HOUR - REFRESH_BEFORE_EXPIRY_MS);
    expect(signedOut).toHaveBeenCalledTimes(1);
    expect(await session.token()).toBeNull();
  });

  it('reuses the stored token on the next page of the same VTEX session, and signs in again for another session', async () => {
    const storage = new MemoryStorage();
    const firstPage = world({ storage });
    await firstPage.session.start({ singleSignOn: true });
    const token = await firstPage.session.token();
    firstPage.session.stop();

    vi.setSystemTime(START + 10 * 60_000);
    const nextPage = world({ storage });
    expect(await nextPage.session.start({ singleSignOn: true })).toBe(true);
    expect(nextPage.requests).toHaveLength(0);
    expect(await nextPage.session.token()).toBe(token);

    // Logged out and another shopper logged in: another vtex_session, so not the first shopper's token.
    const otherShopper = world({ storage, cookies: 'vtex_session=SESSION-B' });
    expect(await otherShopper.session.start({ singleSignOn: true })).toBe(true);
    expect(otherShopper.calls('/sso/vtex').map((request) => request.body)).toEqual([{ vtexSession: 'SESSION-B' }]);
    expect(await otherShopper.session.token()).not.toBe(token);

    // Logged out (no VTEX session any more): the stored token is dropped and nobody is signed in.
    const loggedOut = world({ storage, cookies: '' });
    expect(await loggedOut.session.start({ singleSignOn: true })).toBe(false);
    expect(storage.items.size).toBe(0);
  });

  it('times the token on the browser\'s clock when the server\'s is hours away (a wrong clock, a test server\'s fixed one)', async () => {
    const serverNow = START - 50 * 24 * HOUR;
    const { session, calls } = world({
      answer: () => ({ status: 200, body: { signedIn: true, token: 'mt.skewed', expiresAt: new Date(serverNow + HOUR).toISOString(), member: { id: 'mbr_1', name: null, email: null } } }),
    });
    expect(await session.start({ singleSignOn: true })).toBe(true);
    expect(await session.token()).toBe('mt.skewed');
    await vi.advanceTimersByTimeAsync(HOUR - REFRESH_BEFORE_EXPIRY_MS - 1);
    expect(calls('/token/refresh')).toHaveLength(0);
    await vi.advanceTimersByTimeAsync(1);
    expect(calls('/token/refresh')).toHaveLength(1);
  });

  it('does not reuse a stored token about to expire, and stops refreshing once stopped', async () => {
    const storage = new MemoryStorage();
    const firstPage = world({ storage });
    await firstPage.session.start({ singleSignOn: true });
    firstPage.session.stop();
    await vi.advanceTimersByTimeAsync(HOUR - 10_000);
    expect(firstPage.calls('/token/refresh')).toHaveLength(0);

    const lastMinute = world({ storage });
    expect(await lastMinute.session.start({ singleSignOn: true })).toBe(true);
    expect(lastMinute.calls('/sso/vtex')).toHaveLength(1);
  });
});

describe('a token from a one-time code (programs without single sign-on)', () => {
  const codeToken = (token: string) => ({ token, expiresAt: new Date(Date.now() + HOUR).toISOString() });
  const stored = (storage: MemoryStorage) => JSON.parse(storage.getItem(storageKeyFor(PUBLIC_KEY)) ?? '{}');

  it('is adopted like single sign-on\'s: same storage, refreshed five minutes before it expires, still a code token after', async () => {
    const { session, storage, calls, requests } = world({ cookies: '' });
    session.adopt(codeToken('mt.code'));
    expect(requests).toHaveLength(0);
    expect(session.isSignedIn()).toBe(true);
    expect(await session.token()).toBe('mt.code');
    expect(stored(storage)).toEqual({ token: 'mt.code', expiresAt: START + HOUR, source: 'code', vtexSession: null });

    await vi.advanceTimersByTimeAsync(HOUR - REFRESH_BEFORE_EXPIRY_MS - 1);
    expect(calls('/token/refresh')).toHaveLength(0);
    await vi.advanceTimersByTimeAsync(1);
    expect(calls('/token/refresh').map((request) => request.headers.authorization)).toEqual(['Bearer mt.code']);
    const refreshed = await session.token();
    expect(refreshed).not.toBe('mt.code');
    expect(stored(storage)).toMatchObject({ token: refreshed, source: 'code', vtexSession: null });
  });

  it('is kept on the next page without a vtex_session, with one, and with another one, and no single sign-on is tried', async () => {
    const storage = new MemoryStorage();
    const firstPage = world({ storage, cookies: '' });
    firstPage.session.adopt(codeToken('mt.code'));
    firstPage.session.stop();

    for (const cookies of ['', COOKIES, 'vtex_session=SESSION-B']) {
      vi.setSystemTime(Date.now() + 5 * 60_000);
      const page = world({ storage, cookies });
      expect(await page.session.start({ singleSignOn: false }), cookies).toBe(true);
      expect(await page.session.token(), cookies).toBe('mt.code');
      page.session.stop();
    }
    // Even for a program that now uses single sign-on, the member the code signed in stays signed in.
    const ssoPage = world({ storage, cookies: 'vtex_session=SESSION-C' });
    expect(await ssoPage.session.start({ singleSignOn: true })).toBe(true);
    expect(ssoPage.requests).toHaveLength(0);
    expect(await ssoPage.session.token()).toBe('mt.code');
  });

  it('is dropped like any token when it is about to expire or refused; a single sign-on token without a source is still tied to its session', async () => {
    const storage = new MemoryStorage();
    const firstPage = world({ storage, cookies: '' });
    firstPage.session.adopt(codeToken('mt.code'));
    firstPage.session.stop();
    vi.setSystemTime(START + HOUR - 10_000);
    const late = world({ storage, cookies: '' });
    expect(await late.session.start({ singleSignOn: false })).toBe(false);
    expect(storage.items.size).toBe(0);

    const refused = world({ storage, cookies: '', answer: () => errorAnswer(401, 'UNAUTHORIZED') });
    refused.session.adopt(codeToken('mt.code2'));
    expect(await refused.session.token()).toBe('mt.code2');
    refused.session.signOut();
    expect(refused.signedOut).toHaveBeenCalledTimes(1);
    expect(await refused.session.token()).toBeNull();
    expect(storage.items.size).toBe(0);

    // Stored by an older widget (no source): single sign-on's, so dropped without its VTEX session.
    storage.setItem(storageKeyFor(PUBLIC_KEY), JSON.stringify({ token: 'mt.old', expiresAt: Date.now() + HOUR, vtexSession: fingerprint('SESSION-A') }));
    const loggedOut = world({ storage, cookies: '' });
    expect(await loggedOut.session.start({ singleSignOn: false })).toBe(false);
    expect(storage.items.size).toBe(0);
  });
});
