/**
 * The signed-in session. The access token lives in this page's memory only; the refresh token never
 * reaches JavaScript at all: the API's cookie mode (`?session=cookie`) keeps it in an HttpOnly,
 * SameSite=Strict cookie on the auth path, so a reload (or another tab) gets a new access token
 * from it (`resume`). Nothing but preferences reaches localStorage. The access token is renewed
 * before it expires, and once more when the API refuses it.
 */
import { computed, signal } from '@preact/signals';

import { api, call, onExpiredToken, type Schemas, useAccessToken, type User } from './api/client.ts';
import { setLanguage } from './i18n/index.ts';
import { rememberLanguage, setTheme } from './prefs.ts';
import { navigate } from './router.ts';

type Session = Schemas['CookieSession'];

/** The cookie mode of login, its 2FA step, refresh and logout. */
export const COOKIE_MODE = { query: { session: 'cookie' } } as const;

interface State {
  user: User;
  /** Date.now() when the access token expires. */
  expiresAt: number;
}

const state = signal<State | undefined>(undefined);
/** Why the last session ended when the person did not sign out ('expired'), for the sign-in page. */
export const endedBecause = signal<'expired' | undefined>(undefined);

export const user = computed(() => state.value?.user);

let timer: ReturnType<typeof setTimeout> | undefined;
let refreshing: Promise<boolean> | undefined;

/** Takes a new session from the API (login, 2FA step, refresh). */
function start(session: Session): void {
  useAccessToken(session.accessToken);
  state.value = { user: session.user, expiresAt: Date.now() + session.expiresIn * 1000 };
  endedBecause.value = undefined;
  clearTimeout(timer);
  // Renew at three quarters of the lifetime, so a request never leaves with an expired token.
  timer = setTimeout(() => void refresh(), Math.max(5_000, session.expiresIn * 750));
}

/** The account after a change (profile, 2FA). */
export function updateUser(next: User): void {
  if (state.value) state.value = { ...state.value, user: next };
}

/** After a change: the account as the API now sees it. */
export async function reloadMe(): Promise<void> {
  const { data } = await call(() => api.GET('/api/v1/me'));
  if (data) updateUser(data);
}

/**
 * Starts a session from a sign-in: the account's theme and language are applied first (read with
 * the new token), so the page the person lands on is already in their language; the console then
 * leaves the sign-in page by itself (a signed-in person has no business there).
 */
export async function begin(session: Session): Promise<void> {
  const { data } = await api
    .GET('/api/v1/me/preferences', { headers: { Authorization: `Bearer ${session.accessToken}` } })
    .catch(() => ({ data: undefined }));
  if (data) {
    setTheme(data.theme);
    await setLanguage(rememberLanguage(data.language));
  }
  start(session);
}

/** One refresh at a time: the refresh token (in the cookie) is single use. */
function refresh(): Promise<boolean> {
  if (!state.value) return Promise.resolve(false);
  refreshing ??= (async () => {
    try {
      const { data } = await api.POST('/api/v1/auth/refresh', { params: COOKIE_MODE, body: {} });
      if (data) start(data);
      else end('expired');
      return data !== undefined;
    } catch {
      // Offline: keep the session; the next call tries again.
      return false;
    } finally {
      refreshing = undefined;
    }
  })();
  return refreshing;
}

/**
 * On page load: the session the cookie still holds, if any (204 when there is no cookie, 401 when
 * it is no longer valid: both leave the person signed out). `begin` it once the page is ready.
 */
export async function cookieSession(): Promise<Session | undefined> {
  const { data } = await api.POST('/api/v1/auth/refresh', { params: COOKIE_MODE, body: {} }).catch(() => ({ data: undefined }));
  return data;
}

onExpiredToken(refresh);

function end(reason?: 'expired'): void {
  clearTimeout(timer);
  useAccessToken(undefined);
  state.value = undefined;
  endedBecause.value = reason;
}

/**
 * Signs out here at once, then on the server (the cookie's session is revoked and the cookie
 * cleared), and shows the sign-in
 * page in the same step: had the page re-rendered signed out first, it would have asked to sign in
 * to come back to the page being left.
 */
export async function signOut(): Promise<void> {
  end();
  void navigate('/sign-in');
  await api.POST('/api/v1/auth/logout', { params: COOKIE_MODE, body: {} }).catch(() => undefined);
}
