import type { MiddlewareHandler } from 'hono';
import { secureHeaders } from 'hono/secure-headers';
import type { Config } from '../config.ts';
import type { AppEnv } from './types.ts';

/**
 * Sends plain-HTTP requests to HTTPS when FORCE_HTTPS is on. It only redirects requests from a trusted
 * proxy that says http or says nothing (Passenger adds X-Forwarded-Proto only for https), so a
 * TLS-terminating proxy that is not trusted can never cause a loop.
 */
export function httpsRedirect(config: Config): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const client = c.var.client;
    if (!config.forceHttps || client.secure || !client.viaTrustedProxy) return next();
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

/** Conservative headers for a JSON API; HSTS only on requests that arrived over HTTPS. */
export function securityHeaders(config: Config): MiddlewareHandler<AppEnv> {
  const base = secureHeaders({
    strictTransportSecurity: false,
    contentSecurityPolicy: { defaultSrc: ["'none'"], frameAncestors: ["'none'"] },
    crossOriginResourcePolicy: 'same-site',
    xFrameOptions: 'DENY',
  });
  const { maxAge, includeSubDomains, preload } = config.hsts;
  const hsts = `max-age=${maxAge}${includeSubDomains ? '; includeSubDomains' : ''}${preload ? '; preload' : ''}`;
  return async (c, next) => {
    await base(c, next);
    if (maxAge > 0 && c.var.client.secure) c.header('Strict-Transport-Security', hsts);
  };
}
