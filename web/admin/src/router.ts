// A small History API router under /admin/. Paths inside the app are written without the base
// ('/members/mbr_1'); `href()` adds it for links. Routes are `{ path, component }` with `:name`
// parameters, matched in order (routes.tsx).
import { h, type ComponentType, type JSX } from 'preact';
import { useEffect, useState } from 'preact/hooks';

export const BASE = '/admin';

export interface Location {
  /** The path inside the app, always starting with '/'. */
  path: string;
  query: URLSearchParams;
}

export type RouteParams = Record<string, string>;

export interface RouteProps {
  params: RouteParams;
  query: URLSearchParams;
}

export interface RouteDef {
  path: string;
  component: ComponentType<RouteProps>;
  /** Shown without the signed-in layout (sign-in, setup). */
  public?: boolean;
}

function readLocation(): Location {
  let path = window.location.pathname;
  if (path === BASE || path.startsWith(`${BASE}/`)) path = path.slice(BASE.length);
  if (!path.startsWith('/')) path = `/${path}`;
  if (path.length > 1 && path.endsWith('/')) path = path.slice(0, -1);
  return { path, query: new URLSearchParams(window.location.search) };
}

let location = readLocation();
const listeners = new Set<(location: Location) => void>();

function update() {
  location = readLocation();
  for (const listener of listeners) listener(location);
}

window.addEventListener('popstate', update);

export const currentLocation = () => location;

/** The browser URL for an app path: href('/members') → '/admin/members'. */
export const href = (path: string) => (path === '/' ? `${BASE}/` : `${BASE}${path.startsWith('/') ? path : `/${path}`}`);

/** Goes to an app path (with an optional '?query'); `replace` keeps the history entry count. */
export function navigate(path: string, options: { replace?: boolean } = {}) {
  const target = href(path);
  if (target === window.location.pathname + window.location.search) return;
  if (options.replace) window.history.replaceState(null, '', target);
  else window.history.pushState(null, '', target);
  update();
  window.scrollTo(0, 0);
}

/** Replaces the query string of the current page (filters), without a new history entry. */
export function setQuery(values: Record<string, string | null | undefined>) {
  const query = new URLSearchParams(window.location.search);
  for (const [name, value] of Object.entries(values)) {
    if (value === null || value === undefined || value === '') query.delete(name);
    else query.set(name, value);
  }
  const text = query.toString();
  window.history.replaceState(null, '', `${window.location.pathname}${text ? `?${text}` : ''}`);
  update();
}

export function useLocation(): Location {
  const [state, setState] = useState(location);
  useEffect(() => {
    listeners.add(setState);
    setState(location);
    return () => void listeners.delete(setState);
  }, []);
  return state;
}

/** The parameters when `pattern` ('/members/:memberId') matches `path`, else null. */
export function matchPath(pattern: string, path: string): RouteParams | null {
  const want = pattern.split('/').filter(Boolean);
  const have = path.split('/').filter(Boolean);
  if (want.length !== have.length) return null;
  const params: RouteParams = {};
  for (let index = 0; index < want.length; index++) {
    const part = want[index] as string;
    const value = have[index] as string;
    if (part.startsWith(':')) {
      try {
        params[part.slice(1)] = decodeURIComponent(value);
      } catch {
        return null;
      }
    } else if (part !== value) return null;
  }
  return params;
}

export function findRoute(routes: readonly RouteDef[], path: string): { route: RouteDef; params: RouteParams } | null {
  for (const route of routes) {
    const params = matchPath(route.path, path);
    if (params) return { route, params };
  }
  return null;
}

/** A relative app path to go to after signing in; anything else (another site) is ignored. */
export function safeNext(next: string | null): string | null {
  return next && next.startsWith('/') && !next.startsWith('//') && !next.includes('\\') ? next : null;
}

/** Whether a nav link for `path` is the current page or one of its sub-pages. */
export const isActive = (path: string, current: string) => (path === '/' ? current === '/' : current === path || current.startsWith(`${path}/`));

type AnchorProps = Omit<JSX.HTMLAttributes<HTMLAnchorElement>, 'href'> & { href: string };

/** An <a> to an app path that navigates without a page load (plain clicks only). */
export function Link({ href: path, onClick, ...rest }: AnchorProps) {
  return h('a', {
    ...rest,
    href: href(path),
    onClick: (event: JSX.TargetedMouseEvent<HTMLAnchorElement>) => {
      onClick?.(event);
      if (event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
      event.preventDefault();
      navigate(path);
    },
  });
}
