// Master Data scroll tokens of one account. A token lives while it is used: it dies after
// `idleMs` without a request (20 min on VTEX, settable per account so tests move the sandbox
// clock instead of waiting). At most `maxActive` unfinished scrolls per account.

import { randomBytes } from 'node:crypto';
import { AccountStateKey } from '../core/account';
import type { CustomerQuery, Cursor } from './customer-query';
import type { DocumentField } from './render-document';

export interface ScrollSession {
  token: string;
  query: CustomerQuery;
  fields: DocumentField[];
  size: number;
  total: number;
  cursor: Cursor | undefined;
  lastUsedMs: number;
  /** Set once the empty page was served: the scroll no longer counts against the limit. */
  finished: boolean;
}

export interface ScrollSettings {
  idleMs: number;
  maxActive: number;
}

export const DEFAULT_SCROLL_SETTINGS: ScrollSettings = { idleMs: 20 * 60_000, maxActive: 10 };

export class ScrollSessions {
  settings: ScrollSettings = { ...DEFAULT_SCROLL_SETTINGS };
  private readonly sessions = new Map<string, ScrollSession>();

  /** Undefined when the token is unknown or idled out (an expired token is forgotten). */
  use(token: string, nowMs: number): ScrollSession | undefined {
    this.expire(nowMs);
    const session = this.sessions.get(token);
    if (session) session.lastUsedMs = nowMs;
    return session;
  }

  /** Undefined when `maxActive` scrolls are already open. */
  open(fields: Omit<ScrollSession, 'token' | 'lastUsedMs' | 'finished' | 'cursor'>, nowMs: number): ScrollSession | undefined {
    if (this.activeCount(nowMs) >= this.settings.maxActive) return undefined;
    const session: ScrollSession = { ...fields, token: randomBytes(24).toString('base64url'), cursor: undefined, lastUsedMs: nowMs, finished: false };
    this.sessions.set(session.token, session);
    return session;
  }

  activeCount(nowMs: number): number {
    this.expire(nowMs);
    let active = 0;
    for (const session of this.sessions.values()) if (!session.finished) active += 1;
    return active;
  }

  private expire(nowMs: number): void {
    for (const [token, session] of this.sessions) {
      if (nowMs - session.lastUsedMs >= this.settings.idleMs) this.sessions.delete(token);
    }
  }
}

export const scrollSessionsKey = new AccountStateKey('masterdata-scrolls', () => new ScrollSessions());
