import { randomUUID } from 'node:crypto';

import type { Context, MiddlewareHandler } from 'hono';

import type { Config } from '../config.ts';
import type { Logger } from '../logger.ts';
import { lazy } from './lazy.ts';
import { publicPath } from './proxy.ts';
import { finishHeaders } from './respond.ts';
import { securityHeaderSets } from './security.ts';
import type { AppEnv, ClientInfo } from './types.ts';

const VALID_ID = /^[\w\-.:@]{1,128}$/;

/**
 * Keeps a trusted proxy's X-Request-Id (so one id follows a request through nginx and the app),
 * otherwise makes one; echoes it and the security headers on every response (one plain object per
 * request, see `respond.ts`) and logs one line per request (health probes at debug, so a load
 * balancer polling every second does not flood the log).
 *
 * `options.client` makes `c.var.client` first and `options.onRequest` runs before the rest of the
 * chain: what every request needs lives in this one middleware, not in three layers (each layer is
 * an async dispatch in Hono's compose, on every request).
 */
export function requestContext(
  logger: Logger,
  config: Pick<Config, 'hsts'>,
  options: { client: (c: Context) => ClientInfo; onRequest?: () => void },
): MiddlewareHandler<AppEnv> {
  const security = securityHeaderSets(config);
  const { client: clientOf, onRequest } = options;
  return async (c, next) => {
    const client = clientOf(c);
    c.set('client', client);
    const incoming = client.viaTrustedProxy ? c.req.header('x-request-id') : undefined;
    const requestId = incoming && VALID_ID.test(incoming) ? incoming : randomUUID();
    c.set('requestId', requestId);
    c.set('headers', { ...(client.secure ? security.secure : security.plain), 'X-Request-Id': requestId });
    // The request's child logger, made on first use: most requests log nothing but their request line.
    c.set(
      'log',
      lazy(logger, () => logger.child({ requestId })),
    );
    onRequest?.();
    const started = performance.now();
    await next();
    finishHeaders(c);
    const status = c.res.status;
    // 503 is a state (database down, draining), not a bug: warn, so it stands out without paging.
    const level = status === 503 ? 'warn' : status >= 500 ? 'error' : c.req.path.startsWith('/health') ? 'debug' : 'info';
    if (!logger.isLevelEnabled(level)) return;
    const path = publicPath(c);
    const durationMs = Math.round((performance.now() - started) * 100) / 100;
    logger[level](
      { requestId, method: c.req.method, path, status, durationMs, ip: client.ip },
      status >= 500 ? 'request failed' : 'request',
    );
  };
}
