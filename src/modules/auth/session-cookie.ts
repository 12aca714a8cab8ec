/**
 * The cookie mode of login, its 2FA step, refresh and logout (`?session=cookie`), for the console:
 * the refresh token travels in an HttpOnly, SameSite=Strict cookie scoped to `<base>/api/v1/auth`
 * (Secure on HTTPS) and never reaches the page's JavaScript; the body carries the access token
 * only. Every cookie-mode call must come from the site's own origin (`assertSameOrigin`). Without
 * the parameter, the JSON mode is unchanged: the refresh token in the body, both ways.
 */
import type { Context } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';

import type { Config } from '../../config.ts';
import { assertSameOrigin } from '../../http/same-origin.ts';
import type { AppEnv } from '../../http/types.ts';
import type { Session } from './session.service.ts';

const REFRESH_COOKIE = 'filamenta_refresh';

export type SessionMode = 'json' | 'cookie';
export type CookieSession = Omit<Session, 'refreshToken'>;

/** The mode a request asked for; a cookie-mode request from another origin is refused here (403). */
export function sessionMode<E extends AppEnv>(c: Context<E>, config: Config, mode: SessionMode | undefined): SessionMode {
  if (mode !== 'cookie') return 'json';
  assertSameOrigin(c, config);
  return 'cookie';
}

function cookieOptions<E extends AppEnv>(c: Context<E>, config: Config) {
  const secure = c.var.client.secure || config.publicUrl?.startsWith('https:') === true;
  return { path: `${c.var.client.prefix}/api/v1/auth`, httpOnly: true, sameSite: 'Strict', secure } as const;
}

/** The session as the mode delivers it: in cookie mode the refresh token goes into the cookie. */
export function deliver<E extends AppEnv>(c: Context<E>, config: Config, mode: SessionMode, session: Session): Session | CookieSession {
  if (mode === 'json') return session;
  const { refreshToken, ...rest } = session;
  setCookie(c, REFRESH_COOKIE, refreshToken, { ...cookieOptions(c, config), maxAge: config.auth.refreshTokenTtlS });
  return rest;
}

/** The refresh token the cookie carries (cookie mode) or the body (JSON mode). */
export function presentedToken<E extends AppEnv>(c: Context<E>, mode: SessionMode, body: string | undefined): string | undefined {
  return mode === 'cookie' ? getCookie(c, REFRESH_COOKIE) : body;
}

/** Tells the browser to drop the cookie (logout, or a refresh with a dead token). */
export function clearSessionCookie<E extends AppEnv>(c: Context<E>, config: Config): void {
  deleteCookie(c, REFRESH_COOKIE, cookieOptions(c, config));
}
