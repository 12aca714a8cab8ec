/**
 * The console's own small router: paths are below the page's <base> (`<base>/admin/`, set by the
 * server for every deep link), so the console never needs to know the base path. Links are plain
 * <a href> (open in a new tab works); same-console clicks become history entries. A page with
 * unsaved changes installs a leave guard, asked before any in-console navigation, and the browser
 * asks on reload or close.
 */
import { signal } from '@preact/signals';

export interface Location {
  /** Below the console's root, always starting with '/': '/', '/users/5'. */
  path: string;
  query: URLSearchParams;
}

/** The console's root URL path, e.g. '/filamenta/admin/'. */
const ROOT = new URL('.', document.baseURI).pathname;

function current(): Location {
  const { pathname, search } = window.location;
  const path = pathname.startsWith(ROOT) ? `/${pathname.slice(ROOT.length)}` : '/';
  return { path: path.length > 1 ? path.replace(/\/+$/, '') : path, query: new URLSearchParams(search) };
}

export const location = signal<Location>(current());

/** The URL of a console path ('/users/5?x=1' -> '/filamenta/admin/users/5?x=1'). */
export function href(path: string): string {
  return `${ROOT}${path.replace(/^\/+/, '')}`;
}

type Guard = () => Promise<boolean>;
let guard: Guard | undefined;

/** While set, navigation asks `allow()` first; `beforeunload` asks the browser's own question. */
export function setLeaveGuard(allow: Guard | undefined): void {
  guard = allow;
}

function onBeforeUnload(event: BeforeUnloadEvent): void {
  if (guard) event.preventDefault();
}
window.addEventListener('beforeunload', onBeforeUnload);

/** Asks the leave guard, if a page set one; true (and the guard gone) when the page may be left. */
export async function mayLeave(): Promise<boolean> {
  if (guard && !(await guard())) return false;
  guard = undefined;
  return true;
}

/** Goes to a console path; false when a leave guard kept the page. */
export async function navigate(path: string, { replace = false } = {}): Promise<boolean> {
  if (guard && !(await mayLeave())) return false;
  const url = href(path);
  if (replace) history.replaceState(null, '', url);
  else history.pushState(null, '', url);
  location.value = current();
  window.scrollTo(0, 0);
  return true;
}

window.addEventListener('popstate', () => {
  const leaving = `${window.location.pathname}${window.location.search}`;
  if (!guard) {
    location.value = current();
    return;
  }
  // The URL has already changed: put the page's URL back, ask, then go if allowed.
  const staying = href(`${location.value.path}${location.value.query.size ? `?${location.value.query}` : ''}`);
  history.pushState(null, '', staying);
  void guard().then((allowed) => {
    if (!allowed) return;
    guard = undefined;
    history.pushState(null, '', leaving);
    location.value = current();
  });
});

/** Clicks on links into the console navigate in place; new tabs, downloads and other sites are left alone. */
document.addEventListener('click', (event) => {
  if (event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
  const link = (event.target as Element | null)?.closest?.('a');
  if (!link || link.target || link.hasAttribute('download')) return;
  const url = new URL(link.href, document.baseURI);
  if (url.origin !== window.location.origin || !url.pathname.startsWith(ROOT)) return;
  // A link within the page (the skip link) is the browser's.
  if (url.hash && url.pathname === window.location.pathname && url.search === window.location.search) return;
  event.preventDefault();
  void navigate(`/${url.pathname.slice(ROOT.length)}${url.search}`);
});

/** Matches '/users/:id' against '/users/5' -> { id: '5' }; undefined when it does not match. */
export function match(pattern: string, path: string): Record<string, string> | undefined {
  const want = pattern.split('/');
  const have = path.split('/');
  if (want.length !== have.length) return undefined;
  const params: Record<string, string> = {};
  for (let i = 0; i < want.length; i++) {
    if (want[i].startsWith(':')) params[want[i].slice(1)] = decodeURIComponent(have[i]);
    else if (want[i] !== have[i]) return undefined;
  }
  return params;
}
