/**
 * Fixed-window rate limiting behind a store interface: the memory store serves one process; a
 * shared store (Redis, keyed the same way) is what several instances need.
 */
import type { MiddlewareHandler } from 'hono';
import { ProblemError } from '../../http/problem.ts';
import type { AppEnv } from '../../http/types.ts';
import type { Logger } from '../../logger.ts';

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

export interface LimitOptions {
  store: RateLimitStore;
  limit: number;
  clock: () => Date;
}

/**
 * Counts one request against `key` (per minute); throws 429 with Retry-After past `limit`. 0 is no
 * limit. A store that is down (Redis restarting) must not take logins down with it: the request is
 * let through uncounted and a warning logged.
 */
export async function enforceLimit(key: string, { store, limit, clock }: LimitOptions, log: Logger, what = 'requests'): Promise<void> {
  if (limit <= 0) return;
  const now = clock().getTime();
  let hit: { count: number; resetAt: number };
  try {
    hit = await store.hit(key, 60_000, now);
  } catch (error) {
    log.warn({ err: error }, 'rate-limit store unavailable; request not counted');
    return;
  }
  if (hit.count <= limit) return;
  throw new ProblemError({
    status: 429,
    detail: `More than ${limit} ${what} a minute; try again later`,
    headers: { 'Retry-After': String(Math.max(1, Math.ceil((hit.resetAt - now) / 1000))) },
  });
}

/** `limit` requests per minute per client address, shared by every route under the same `scope`. */
export function rateLimit<E extends AppEnv = AppEnv>(options: LimitOptions & { scope: string }): MiddlewareHandler<E> {
  return async (c, next) => {
    await enforceLimit(`${options.scope}:${c.var.client.ip ?? 'unknown'}`, options, c.var.log);
    return next();
  };
}
