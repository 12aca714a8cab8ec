/**
 * Fixed-window rate limiting behind a store interface: the memory store serves one process; a
 * shared store (Redis, keyed the same way) is what several instances need.
 */
import type { MiddlewareHandler } from 'hono';
import { ProblemError } from '../../http/problem.ts';
import type { AppEnv } from '../../http/types.ts';

export interface RateLimitStore {
  /** Counts one hit for `key` in the window that holds `now`; returns the count and when the window ends. */
  hit(key: string, windowMs: number, now: number): Promise<{ count: number; resetAt: number }>;
}

export function memoryRateLimitStore(): RateLimitStore {
  const windows = new Map<string, { count: number; resetAt: number }>();
  let nextSweep = 0;
  return {
    async hit(key, windowMs, now) {
      if (now >= nextSweep) {
        for (const [k, w] of windows) if (w.resetAt <= now) windows.delete(k);
        nextSweep = now + windowMs;
      }
      let w = windows.get(key);
      if (!w || w.resetAt <= now) {
        w = { count: 0, resetAt: now + windowMs };
        windows.set(key, w);
      }
      w.count++;
      return { count: w.count, resetAt: w.resetAt };
    },
  };
}

/** `limit` requests per minute per client address; past it, 429 with Retry-After. 0 is no limit. */
export function rateLimit<E extends AppEnv = AppEnv>(options: {
  store: RateLimitStore;
  limit: number;
  scope: string;
  clock: () => Date;
}): MiddlewareHandler<E> {
  const { store, limit, scope, clock } = options;
  return async (c, next) => {
    if (limit <= 0) return next();
    const now = clock().getTime();
    let hit: { count: number; resetAt: number };
    try {
      hit = await store.hit(`${scope}:${c.var.client.ip ?? 'unknown'}`, 60_000, now);
    } catch (error) {
      // A store that is down (Redis restarting) must not take logins down with it: count nothing, say so.
      c.var.log.warn({ err: error }, 'rate-limit store unavailable; request not counted');
      return next();
    }
    const { count, resetAt } = hit;
    if (count > limit) {
      const retryAfter = String(Math.max(1, Math.ceil((resetAt - now) / 1000)));
      throw new ProblemError({
        status: 429,
        detail: `More than ${limit} requests a minute; try again later`,
        headers: { 'Retry-After': retryAfter },
      });
    }
    return next();
  };
}
