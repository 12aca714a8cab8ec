import { randomUUID } from 'node:crypto';
import type { MiddlewareHandler } from 'hono';
import type { Logger } from '../logger.ts';
import type { AppEnv } from './types.ts';

const VALID_ID = /^[\w\-.:@]{1,128}$/;

/**
 * Keeps a trusted proxy's X-Request-Id (so one id follows a request through nginx and the app),
 * otherwise makes one; echoes it on the response and logs one line per request.
 */
export function requestContext(logger: Logger): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const incoming = c.req.header('x-request-id');
    const requestId = c.var.client.viaTrustedProxy && incoming && VALID_ID.test(incoming) ? incoming : randomUUID();
    c.set('requestId', requestId);
    const log = logger.child({ requestId });
    c.set('log', log);
    const started = performance.now();
    await next();
    c.header('X-Request-Id', requestId);
    const status = c.res.status;
    const entry = {
      method: c.req.method,
      path: c.req.path,
      status,
      durationMs: Math.round((performance.now() - started) * 100) / 100,
      ip: c.var.client.ip,
    };
    if (status >= 500) log.error(entry, 'request failed');
    else if (c.req.path.startsWith('/health')) log.debug(entry, 'request');
    else log.info(entry, 'request');
  };
}
