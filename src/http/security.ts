import type { MiddlewareHandler } from 'hono';

import type { Config } from '../config.ts';
import type { AppEnv } from './types.ts';

/**
 * Sends plain-HTTP requests to HTTPS (mounted only when FORCE_HTTPS is on). It only redirects requests from a trusted
 * proxy that says http or says nothing (Passenger adds X-Forwarded-Proto only for https), so a
 * TLS-terminating proxy that is not trusted can never cause a loop.
 */
export function httpsRedirect(config: Config): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const client = c.get('client');
    if (client.secure || !client.viaTrustedProxy) return next();
    const url = new URL(c.req.url);
    const host = config.publicUrl ? new URL(config.publicUrl).host : c.req.header('x-forwarded-host')?.split(',')[0].trim() || url.host;
    const path = prefixed(client.prefix, url.pathname, config.basePath);
    const status = c.req.method === 'GET' || c.req.method === 'HEAD' ? 301 : 308;
    return c.redirect(`https://${host}${path}${url.search}`, status);
  };
}

/** The public path of a request: add the prefix a proxy stripped, unless it is already there. */
function prefixed(prefix: string, pathname: string, basePath: string): string {
  if (!prefix || pathname === prefix || pathname.startsWith(`${prefix}/`)) return pathname;
  return basePath && (pathname === basePath || pathname.startsWith(`${basePath}/`)) ? pathname : `${prefix}${pathname}`;
}

/**
 * The headers OWASP's REST Security Cheat Sheet asks of a JSON API, plus a strict referrer and
 * resource policy; HSTS only on requests that arrived over HTTPS. The browser-page headers of Hono's
 * `secureHeaders` (X-XSS-Protection, X-Download-Options, DNS prefetch...) protect HTML, which this
 * API never serves. A handler can still override any of them (the console sends its own CSP).
 */
export const SECURITY_HEADERS: readonly (readonly [string, string])[] = [
  ['Content-Security-Policy', "default-src 'none'; frame-ancestors 'none'"],
  ['Cross-Origin-Resource-Policy', 'same-site'],
  ['Referrer-Policy', 'no-referrer'],
  ['X-Content-Type-Options', 'nosniff'],
  ['X-Frame-Options', 'DENY'],
];

/**
 * The security headers of a response, computed once per configuration: one frozen object for plain
 * HTTP, one with HSTS for HTTPS (the same object when HSTS is off). The request context copies one
 * into the request's headers (`src/http/respond.ts`).
 */
export function securityHeaderSets(config: Pick<Config, 'hsts'>): {
  plain: Readonly<Record<string, string>>;
  secure: Readonly<Record<string, string>>;
} {
  const { maxAge, includeSubDomains, preload } = config.hsts;
  const plain = Object.freeze(Object.fromEntries(SECURITY_HEADERS));
  if (maxAge <= 0) return { plain, secure: plain };
  const hsts = `max-age=${maxAge}${includeSubDomains ? '; includeSubDomains' : ''}${preload ? '; preload' : ''}`;
  return { plain, secure: Object.freeze({ ...plain, 'Strict-Transport-Security': hsts }) };
}
