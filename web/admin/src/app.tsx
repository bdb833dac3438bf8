// The panel's shell: checks the session at start, sends visitors to sign-in (or first-run setup),
// and lays out signed-in pages with the top bar and the navigation.
import type { ComponentChildren } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import { api, setUnauthorizedHandler } from './api';
import { Alert, Button, ErrorState, Loading, Toaster, toast } from './components';
import { LANGUAGES, setLanguage, t, useLanguage, type Language, type MessageKey } from './i18n';
import { currentLocation, findRoute, isActive, Link, navigate, safeNext, useLocation, type Location } from './router';
import { ROUTES, HOME } from './routes';
import { currentSession, loadSession, patchSession, setSession, setupNeeded, signOut, useSession, type Session } from './session';

interface NavItem {
  path: string;
  label: MessageKey;
}

interface NavGroup {
  label: MessageKey;
  items: NavItem[];
}

const NAV: (NavItem | NavGroup)[] = [
  { path: '/dashboard', label: 'nav.dashboard' },
  { path: '/members', label: 'nav.members' },
  { path: '/rewards', label: 'nav.rewards' },
  { path: '/redemptions', label: 'nav.redemptions' },
  { path: '/sync', label: 'nav.sync' },
  { path: '/emails', label: 'nav.emails' },
  {
    label: 'nav.settings',
    items: [
      { path: '/settings/integration', label: 'nav.integration' },
      { path: '/settings/program', label: 'nav.program' },
    ],
  },
  { path: '/users', label: 'nav.users' },
  { path: '/audit-log', label: 'nav.audit' },
];

const testidOf = (path: string) => `nav-${path.slice(1).replace(/\//g, '-')}`;

const signInPath = (location: Location) => {
  const next = location.path + (location.query.toString() ? `?${location.query.toString()}` : '');
  return next === '/' || next.startsWith('/sign-in') ? '/sign-in' : `/sign-in?next=${encodeURIComponent(next)}`;
};

function SideNav({ path, onNavigate }: { path: string; onNavigate: () => void }) {
  const link = (item: NavItem) => (
    <li key={item.path}>
      <Link href={item.path} class={isActive(item.path, path) ? 'nav-link active' : 'nav-link'} aria-current={isActive(item.path, path) ? 'page' : undefined} data-testid={testidOf(item.path)} onClick={onNavigate}>
        {t(item.label)}
      </Link>
    </li>
  );
  return (
    <ul class="nav-list">
      {NAV.map((entry) =>
        'items' in entry ? (
          <li key={entry.label} class="nav-group">
            <span class="nav-group-label">{t(entry.label)}</span>
            <ul class="nav-list">{entry.items.map(link)}</ul>
          </li>
        ) : (
          link(entry)
        ),
      )}
    </ul>
  );
}

function UserMenu({ session }: { session: Session }) {
  const [open, setOpen] = useState(false);
  const language = useLanguage();
  const ref = useRef<HTMLDivElement>(null);

  useEffect(() => {
    if (!open) return;
    const close = (event: Event) => {
      if (event instanceof KeyboardEvent ? event.key === 'Escape' : !ref.current?.contains(event.target as Node)) setOpen(false);
    };
    document.addEventListener('mousedown', close);
    document.addEventListener('keydown', close);
    return () => {
      document.removeEventListener('mousedown', close);
      document.removeEventListener('keydown', close);
    };
  }, [open]);

  const displayName = session.user ? session.user.name || session.user.email : t('app.apiKeyCaller');

  const changeLanguage = async (next: Language) => {
    setLanguage(next, { remember: true });
    if (!session.user) return;
    try {
      await api.patch('/me', { language: next });
      patchSession({ user: { language: next } });
    } catch {
      // The panel still shows the chosen language for now; it is not kept for the next sign-in.
    }
  };

  return (
    <div class="user-menu" ref={ref}>
      <button type="button" class="user-menu-button" aria-expanded={open} aria-haspopup="true" onClick={() => setOpen(!open)} data-testid="user-menu">
        <span class="avatar" aria-hidden="true">
          {displayName.slice(0, 1).toUpperCase()}
        </span>
        <span class="hide-phone">{displayName}</span>
      </button>
      {open ? (
        <div class="user-menu-panel" data-testid="user-menu-panel">
          {session.user ? <p class="muted">{t('app.signedInAs', { email: session.user.email })}</p> : null}
          <label class="field-label" for="user-language">
            {t('app.language')}
          </label>
          <select id="user-language" class="input" value={language} data-testid="language-switch" onChange={(event) => void changeLanguage(event.currentTarget.value as Language)}>
            {LANGUAGES.map((code) => (
              <option key={code} value={code}>
                {t(`language.${code}`)}
              </option>
            ))}
          </select>
          <Button
            variant="ghost"
            data-testid="sign-out"
            onClick={async () => {
              setOpen(false);
              await signOut().catch(() => undefined);
              navigate('/sign-in');
            }}
          >
            {t('app.signOut')}
          </Button>
        </div>
      ) : null}
    </div>
  );
}

function Layout({ session, location, children }: { session: Session; location: Location; children: ComponentChildren }) {
  const [menuOpen, setMenuOpen] = useState(false);
  useEffect(() => setMenuOpen(false), [location.path]);
  return (
    <div class={`layout${menuOpen ? ' menu-open' : ''}`}>
      <a class="skip-link" href="#main">
        {t('app.skipToContent')}
      </a>
      <header class="topbar">
        <button type="button" class="menu-button" aria-expanded={menuOpen} aria-controls="side-nav" aria-label={menuOpen ? t('app.closeMenu') : t('app.menu')} onClick={() => setMenuOpen(!menuOpen)} data-testid="menu-button">
          <span aria-hidden="true">☰</span>
        </button>
        <span class="brand">{t('app.name')}</span>
        <span class="store-name" data-testid="store-name">
          {session.tenant.name}
        </span>
        <UserMenu session={session} />
      </header>
      <nav id="side-nav" class="sidenav" aria-label={t('nav.main')} data-testid="side-nav">
        <SideNav path={location.path} onNavigate={() => setMenuOpen(false)} />
      </nav>
      <main id="main" class="main" tabIndex={-1}>
        {children}
      </main>
    </div>
  );
}

function NotFound() {
  return (
    <div class="page" data-testid="page-not-found">
      <Alert tone="info" title={t('app.notFound')}>
        <Link href={HOME}>{t('app.backHome')}</Link>
      </Alert>
    </div>
  );
}

type Boot = { state: 'loading' } | { state: 'ready' } | { state: 'failed'; error: unknown };

export function App() {
  useLanguage();
  const location = useLocation();
  const session = useSession();
  const [boot, setBoot] = useState<Boot>({ state: 'loading' });
  const firstPath = useRef(location.path);

  const start = async () => {
    setBoot({ state: 'loading' });
    try {
      const loaded = await loadSession();
      if (!loaded && location.path !== '/setup' && (await setupNeeded())) navigate(`/setup${window.location.search}`, { replace: true });
      setBoot({ state: 'ready' });
    } catch (error) {
      setBoot({ state: 'failed', error });
    }
  };

  useEffect(() => {
    void start();
    setUnauthorizedHandler(() => {
      const wasSignedIn = currentSession() !== null;
      setSession(null);
      if (wasSignedIn) toast(t('app.sessionExpired'), 'info');
    });
    return () => setUnauthorizedHandler(null);
  }, []);

  const match = findRoute(ROUTES, location.path);

  // Where someone who may not see this page goes.
  useEffect(() => {
    if (boot.state !== 'ready') return;
    // The location now, not this render's: a navigation may have happened since (signing out).
    const here = currentLocation();
    const route = findRoute(ROUTES, here.path);
    if (!session && !route?.route.public) navigate(signInPath(here), { replace: true });
    else if (session && here.path === '/sign-in') navigate(safeNext(here.query.get('next')) ?? HOME, { replace: true });
    else if (session && here.path === '/') navigate(HOME, { replace: true });
  }, [boot.state, session, location]);

  // After navigating, move focus to the new page's title for screen readers.
  useEffect(() => {
    if (location.path === firstPath.current) return;
    firstPath.current = '';
    document.getElementById('page-title')?.focus({ preventScroll: true });
  }, [location.path]);

  let content;
  if (boot.state === 'loading') content = <Loading />;
  else if (boot.state === 'failed') content = <ErrorState error={boot.error} onRetry={() => void start()} />;
  else if (match?.route.public) {
    const Component = match.route.component;
    content = (
      <div class="public-layout">
        <Component params={match.params} query={location.query} />
      </div>
    );
  } else if (!session) content = <Loading />;
  else {
    const Component = match?.route.component;
    content = (
      <Layout session={session} location={location}>
        {Component ? <Component key={location.path} params={match.params} query={location.query} /> : location.path === '/' ? <Loading /> : <NotFound />}
      </Layout>
    );
  }
  return (
    <>
      {content}
      <Toaster />
    </>
  );
}
