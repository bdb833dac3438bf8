// The signed-in session: who, which store, the CSRF token. Loaded at start (GET /auth/session),
// set by sign-in and first-run setup, cleared by sign-out or a 401.
import { useEffect, useState } from 'preact/hooks';
import { api, isApiError, setCsrfToken } from './api';
import { languageFor, setLanguage, storedLanguage, type Language } from './i18n';

export interface SessionUser {
  id: string;
  email: string;
  name: string;
  language: Language | null;
}

export interface SessionTenant {
  id: string;
  name: string;
  language: Language | null;
}

export interface Session {
  /** null for an API key's caller (no panel user behind it). */
  user: SessionUser | null;
  tenant: SessionTenant;
  csrfToken: string | null;
}

/** GET /auth/session: every field null when nobody is signed in. */
type SessionAnswer = Session | { user: null; tenant: null; csrfToken: null };

let session: Session | null = null;
const listeners = new Set<(session: Session | null) => void>();

export const currentSession = () => session;

export function setSession(next: Session | null) {
  session = next;
  setCsrfToken(next?.csrfToken ?? null);
  setLanguage(next ? languageFor(next.user?.language, next.tenant.language) : storedLanguage());
  for (const listener of listeners) listener(next);
}

/** Updates the user or store shown (after PATCH /me or PATCH /program) without a new sign-in. */
export function patchSession(changes: { user?: Partial<SessionUser>; tenant?: Partial<SessionTenant> }) {
  if (!session) return;
  setSession({ ...session, user: session.user && { ...session.user, ...changes.user }, tenant: { ...session.tenant, ...changes.tenant } });
}

export function useSession(): Session | null {
  const [state, setState] = useState(session);
  useEffect(() => {
    listeners.add(setState);
    setState(session);
    return () => void listeners.delete(setState);
  }, []);
  return state;
}

/** The current session from the server; null when nobody is signed in. Other failures throw. */
export async function loadSession(): Promise<Session | null> {
  try {
    const answer = await api.get<SessionAnswer>('/auth/session', { allowUnauthorized: true });
    const loaded = answer.tenant ? answer : null;
    setSession(loaded);
    return loaded;
  } catch (error) {
    if (isApiError(error) && (error.status === 401 || error.status === 404)) {
      setSession(null);
      return null;
    }
    throw error;
  }
}

/** Whether the deployment still needs its first user (first-run setup). */
export async function setupNeeded(): Promise<boolean> {
  try {
    const answer = await api.get<{ needed: boolean }>('/auth/setup', { allowUnauthorized: true });
    return answer.needed;
  } catch {
    return false;
  }
}

export async function signOut() {
  try {
    await api.post<void>('/auth/sign-out', undefined, { allowUnauthorized: true });
  } finally {
    setSession(null);
  }
}
