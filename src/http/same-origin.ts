/**
 * CSRF protection for the calls a cookie authenticates: the browser says where a request comes
 * from (Origin on every POST, Sec-Fetch-Site on every fetch), and only the site's own origin may
 * use the cookie. SameSite=Strict on the cookie is the second line; this check does not rely on it.
 */
import type { Context } from 'hono';

import type { Config } from '../config.ts';
import { PROBLEM_TYPES, ProblemError } from './problem.ts';
import type { AppEnv } from './types.ts';

/**
 * The site's origin: PUBLIC_URL's when set, else the one the request reached (the scheme as the
 * trusted proxy saw it, the Host header).
 */
function siteOrigin<E extends AppEnv>(c: Context<E>, config: Config): string {
  if (config.publicUrl) return new URL(config.publicUrl).origin;
  const url = new URL(c.req.url);
  return `${c.var.client.secure ? 'https' : 'http'}://${url.host}`;
}

/** Throws a 403 `cross-site-request` problem unless the request comes from the site's own pages. */
export function assertSameOrigin<E extends AppEnv>(c: Context<E>, config: Config): void {
  const origin = c.req.header('origin');
  const fetchSite = c.req.header('sec-fetch-site');
  const allowed = origin !== undefined ? origin === siteOrigin(c, config) : fetchSite === 'same-origin';
  if (!allowed) {
    throw new ProblemError({
      status: 403,
      type: PROBLEM_TYPES.crossSite,
      detail:
        origin !== undefined
          ? `A session cookie is only accepted from ${siteOrigin(c, config)}, not from ${origin}`
          : 'A session cookie is only accepted with an Origin or Sec-Fetch-Site: same-origin header (use the JSON mode outside a browser)',
    });
  }
}
