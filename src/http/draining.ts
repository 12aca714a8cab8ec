import type { MiddlewareHandler } from 'hono';

import type { AppEnv } from './types.ts';

/**
 * Whether the server is shutting down. The adapter that drains sets it first, so readiness fails
 * before anything stops: a load balancer or Kubernetes stops sending new work while the requests
 * that already arrived are answered.
 */
export interface Lifecycle {
  readonly draining: boolean;
  beginDrain(): void;
}

export function createLifecycle(): Lifecycle {
  let draining = false;
  return {
    get draining() {
      return draining;
    },
    beginDrain() {
      draining = true;
    },
  };
}

/** Mounted on /health/ready: 503 while draining, in the shape of the readiness document. */
export function readinessWhileDraining(lifecycle: Lifecycle): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    if (lifecycle.draining) return c.json({ status: 'unavailable', reason: 'shutting down' }, 503);
    await next();
  };
}
