import { randomUUID } from 'node:crypto';

import type { MiddlewareHandler } from 'hono';

import type { Logger } from '../logger.ts';
import { lazy } from './lazy.ts';
import { publicPath } from './proxy.ts';
import type { AppEnv } from './types.ts';

const VALID_ID = /^[\w\-.:@]{1,128}$/;

/**
 * Keeps a trusted proxy's X-Request-Id (so one id follows a request through nginx and the app),
 * otherwise makes one; echoes it on the response and logs one line per request (health probes at
 * debug, so a load balancer polling every second does not flood the log).
 */
export function requestContext(logger: Logger): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const client = c.get('client');
    const incoming = client.viaTrustedProxy ? c.req.header('x-request-id') : undefined;
    const requestId = incoming && VALID_ID.test(incoming) ? incoming : randomUUID();
    c.set('requestId', requestId);
    // The request's child logger, made on first use: most requests log nothing but their request line.
    c.set(
      'log',
      lazy(logger, () => logger.child({ requestId })),
    );
    // Set before the handler runs: a header added after the response exists makes Hono copy it.
    c.header('X-Request-Id', requestId);
    const started = performance.now();
    await next();
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
