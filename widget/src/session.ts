// Who the shopper is, for the widget: a member token kept in memory and in sessionStorage (so the
// next page of the store does not sign in again), refreshed before it expires, and obtained by
// single sign-on — the VTEX session cookies go to the server, which asks VTEX; nothing the browser
// says is trusted there — or, for programs without it, by a one-time code the member got by e-mail
// (the controller verifies the code and hands the answer to `adopt`). Clock, timers, storage and
// cookies are passed in, so tests drive time.
import type { StorefrontApi } from './api';
import type { MemberToken, VtexSessionProof } from './contract';

export interface KeyValueStorage {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
  removeItem(key: string): void;
}

export interface Timers {
  now(): number;
  setTimeout(run: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

/** A member token's lifetime (docs/storefront-api.md). */
export const TOKEN_LIFETIME_MS = 60 * 60_000;
/** Refresh this long before expiry (60-minute tokens: at 55 minutes). */
export const REFRESH_BEFORE_EXPIRY_MS = 5 * 60_000;
/** After a refresh without an answer, try again this much later (while the token is still good). */
export const REFRESH_RETRY_MS = 30_000;
/** A stored token closer to expiry than this is not worth reusing. */
const MIN_REMAINING_MS = 30_000;

export interface SessionDeps {
  api: Pick<StorefrontApi, 'signInWithVtex' | 'refreshToken'>;
  /** Null when the browser refuses storage (private modes, sandboxed frames): memory only. */
  storage: KeyValueStorage | null;
  publicKey: string;
  timers: Timers;
  /** document.cookie */
  cookies: () => string;
  /** Called when the shopper stops being signed in (token refused, expired, not refreshable). */
  onSignedOut: () => void;
}

/** How the token was obtained: single sign-on with a VTEX session, or a one-time code by e-mail. */
export type TokenSource = 'vtex' | 'code';

interface StoredToken {
  token: string;
  expiresAt: number;
  source: TokenSource;
  /**
   * Which VTEX session a single sign-on token was issued for: another session (log-out, another
   * shopper) drops it. A code token is not tied to the VTEX session (null), so it is kept.
   */
  vtexSession: string | null;
}

export function storageKeyFor(publicKey: string): string {
  return `pontua:v1:token:${publicKey}`;
}

/** The VTEX cookies the widget can read; VtexIdclientAutCookie is HttpOnly on VTEX stores. */
export function readVtexCookies(cookieHeader: string): VtexSessionProof {
  const proof: VtexSessionProof = {};
  for (const part of cookieHeader.split(';')) {
    const separator = part.indexOf('=');
    if (separator < 0) continue;
    const name = part.slice(0, separator).trim();
    const value = part.slice(separator + 1).trim();
    if (value === '') continue;
    if (name === 'vtex_session') proof.vtexSession = value;
    else if (name === 'vtex_segment') proof.vtexSegment = value;
  }
  return proof;
}

/** A short fingerprint (FNV-1a) to notice the VTEX session changed, without storing the cookie itself. */
export function fingerprint(value: string): string {
  let hash = 0x811c9dc5;
  for (let i = 0; i < value.length; i++) {
    hash ^= value.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash.toString(16).padStart(8, '0');
}

export class MemberSession {
  private current: StoredToken | null = null;
  private timer: unknown = null;
  private refreshing: Promise<string | null> | null = null;
  private stopped = false;
  private readonly storageKey: string;

  constructor(private readonly deps: SessionDeps) {
    this.storageKey = storageKeyFor(deps.publicKey);
  }

  /**
   * Signs the shopper in if it can: a stored token (of the same VTEX session, for single sign-on's),
   * else single sign-on when the program uses it and the store has a session. Answers whether there
   * is a member.
   */
  async start(program: { singleSignOn: boolean }): Promise<boolean> {
    this.stopped = false;
    const proof = readVtexCookies(this.deps.cookies());
    const session = proof.vtexSession ? fingerprint(proof.vtexSession) : null;
    const stored = this.load();
    const sameShopper = stored !== null && (stored.source === 'code' || stored.vtexSession === session);
    if (stored && sameShopper && stored.expiresAt - this.deps.timers.now() > MIN_REMAINING_MS) {
      this.keep(stored);
      return true;
    }
    if (stored) this.forget();
    return this.signIn(program);
  }

  /** Single sign-on with the VTEX session cookies; false (anonymous) when VTEX does not confirm them. */
  async signIn(program: { singleSignOn: boolean }): Promise<boolean> {
    const proof = readVtexCookies(this.deps.cookies());
    // Without vtex_session the server has nothing to ask VTEX about.
    if (!program.singleSignOn || !proof.vtexSession) return false;
    const answer = await this.deps.api.signInWithVtex(proof);
    if (this.stopped || !answer.ok || !answer.value.signedIn) return false;
    this.keep(this.toStored(answer.value, 'vtex', fingerprint(proof.vtexSession)));
    return true;
  }

  /**
   * Signs in with a token the shopper got with a one-time code (POST /login/verify): kept and
   * refreshed like single sign-on's, but not tied to the VTEX session, which it did not come from.
   */
  adopt(answer: MemberToken): void {
    this.keep(this.toStored(answer, 'code', null));
  }

  /** The token to call the API with, refreshed first when it is about to expire; null: anonymous. */
  async token(): Promise<string | null> {
    const current = this.current;
    if (!current) return null;
    const remaining = current.expiresAt - this.deps.timers.now();
    if (remaining <= 0) {
      this.signOut();
      return null;
    }
    if (remaining <= REFRESH_BEFORE_EXPIRY_MS) return this.refresh();
    return current.token;
  }

  isSignedIn(): boolean {
    return this.current !== null && this.current.expiresAt > this.deps.timers.now();
  }

  /** The API refused the token (401): forget it. */
  signOut(): void {
    const was = this.current !== null;
    this.forget();
    if (was && !this.stopped) this.deps.onSignedOut();
  }

  /** Stops the refresh timer (the element left the page); the stored token stays for the next page. */
  stop(): void {
    this.stopped = true;
    this.clearTimer();
  }

  private refresh(): Promise<string | null> {
    this.refreshing ??= this.refreshNow().finally(() => {
      this.refreshing = null;
    });
    return this.refreshing;
  }

  private async refreshNow(): Promise<string | null> {
    const current = this.current;
    if (!current) return null;
    const answer = await this.deps.api.refreshToken(current.token);
    if (this.stopped || this.current !== current) return this.current?.token ?? null;
    if (answer.ok) {
      const next = this.toStored(answer.value, current.source, current.vtexSession);
      this.keep(next);
      return next.token;
    }
    if (!answer.error.retryable || current.expiresAt - this.deps.timers.now() <= REFRESH_RETRY_MS) {
      this.signOut();
      return null;
    }
    // No answer (or 429/5xx): the token is still good for a while; try again soon.
    this.schedule(REFRESH_RETRY_MS);
    return current.token;
  }

  private keep(token: StoredToken): void {
    this.current = token;
    this.save(token);
    const lifetimeLeft = token.expiresAt - this.deps.timers.now();
    this.schedule(Math.max(0, lifetimeLeft - REFRESH_BEFORE_EXPIRY_MS));
  }

  private schedule(ms: number): void {
    this.clearTimer();
    if (this.stopped) return;
    this.timer = this.deps.timers.setTimeout(() => {
      this.timer = null;
      void this.refresh();
    }, ms);
  }

  private clearTimer(): void {
    if (this.timer !== null) this.deps.timers.clearTimeout(this.timer);
    this.timer = null;
  }

  private forget(): void {
    this.current = null;
    this.clearTimer();
    try {
      this.deps.storage?.removeItem(this.storageKey);
    } catch {
      // Storage refused: nothing was kept there either.
    }
  }

  private toStored(answer: MemberToken, source: TokenSource, vtexSession: string | null): StoredToken {
    // Timed on this browser's clock, which may be hours off the server's: expiresAt is believed
    // only when it leaves a plausible lifetime, else the token gets the lifetime the API promises.
    const now = this.deps.timers.now();
    const left = Date.parse(answer.expiresAt) - now;
    const lifetime = left > 0 && left <= TOKEN_LIFETIME_MS ? left : TOKEN_LIFETIME_MS;
    return { token: answer.token, expiresAt: now + lifetime, source, vtexSession };
  }

  private load(): StoredToken | null {
    try {
      const raw = this.deps.storage?.getItem(this.storageKey);
      if (!raw) return null;
      const parsed = JSON.parse(raw) as Partial<StoredToken>;
      if (typeof parsed.token !== 'string' || typeof parsed.expiresAt !== 'number') return null;
      // A token stored without a source (an older widget) came from single sign-on.
      return {
        token: parsed.token, expiresAt: parsed.expiresAt, source: parsed.source === 'code' ? 'code' : 'vtex',
        vtexSession: typeof parsed.vtexSession === 'string' ? parsed.vtexSession : null,
      };
    } catch {
      return null;
    }
  }

  private save(token: StoredToken): void {
    try {
      this.deps.storage?.setItem(this.storageKey, JSON.stringify(token));
    } catch {
      // Storage full or refused: the token lives in memory for this page.
    }
  }
}
