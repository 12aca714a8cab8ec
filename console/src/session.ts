/**
 * The signed-in session, in memory only: the access token and the refresh token live in this
 * page's JavaScript and are gone when it closes (nothing but preferences reaches localStorage).
 * The access token is renewed before it expires, and once more when the API refuses it.
 */
import { computed, signal } from '@preact/signals';
import { api, call, onExpiredToken, useAccessToken, type Schemas, type User } from './api/client.ts';
import { setLanguage } from './i18n/index.ts';
import { rememberLanguage, setTheme } from './prefs.ts';
import { navigate } from './router.ts';

type Session = Schemas['Session'];

interface State {
  user: User;
  refreshToken: string;
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
  state.value = { user: session.user, refreshToken: session.refreshToken, expiresAt: Date.now() + session.expiresIn * 1000 };
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
    rememberLanguage(data.language);
    await setLanguage(data.language);
  }
  start(session);
}

/** One refresh at a time: the refresh token is single use. */
function refresh(): Promise<boolean> {
  const current = state.value;
  if (!current) return Promise.resolve(false);
  refreshing ??= (async () => {
    try {
      const { data } = await api.POST('/api/v1/auth/refresh', { body: { refreshToken: current.refreshToken } });
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
onExpiredToken(refresh);

function end(reason?: 'expired'): void {
  clearTimeout(timer);
  useAccessToken(undefined);
  state.value = undefined;
  endedBecause.value = reason;
}

/**
 * Signs out here at once, then on the server (the refresh token is revoked), and shows the sign-in
 * page in the same step: had the page re-rendered signed out first, it would have asked to sign in
 * to come back to the page being left.
 */
export async function signOut(): Promise<void> {
  const current = state.value;
  end();
  void navigate('/sign-in');
  if (current) await api.POST('/api/v1/auth/logout', { body: { refreshToken: current.refreshToken } }).catch(() => undefined);
}
