/**
 * Fixed-window rate limiting behind a store interface: the memory store serves one process; a
 * shared store (Redis, keyed the same way) is what several instances need.
 */
import type { MiddlewareHandler } from 'hono';
import type { Logger } from '../logger.ts';
import type { Services } from '../services.ts';
import { ProblemError } from './problem.ts';
import type { AppEnv } from './types.ts';

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

/** What a limit counts with: the store and the app's clock. */
export type Limiter = Pick<Services, 'rateLimitStore' | 'clock'>;

const MINUTE_MS = 60_000;

/**
 * Counts one hit for `key` in a window of `windowMs`. Returns undefined while the count is within
 * `limit` (0 is no limit), else the seconds until the window ends. A store that is down (Redis
 * restarting) must not take logins down with it: the hit goes uncounted and a warning is logged.
 */
export async function countHit(
  { rateLimitStore, clock }: Limiter,
  key: string,
  { limit, windowMs = MINUTE_MS }: { limit: number; windowMs?: number },
  log: Logger,
): Promise<number | undefined> {
  if (limit <= 0) return undefined;
  const now = clock().getTime();
  let hit: { count: number; resetAt: number };
  try {
    hit = await rateLimitStore.hit(key, windowMs, now);
  } catch (error) {
    log.warn({ err: error, key }, 'rate-limit store unavailable; not counted');
    return undefined;
  }
  return hit.count <= limit ? undefined : Math.max(1, Math.ceil((hit.resetAt - now) / 1000));
}

/** Counts one request against `key` (per minute); throws 429 with Retry-After past `limit`. */
export async function enforceLimit(limiter: Limiter, key: string, limit: number, log: Logger, what = 'requests'): Promise<void> {
  const retryAfterS = await countHit(limiter, key, { limit }, log);
  if (retryAfterS === undefined) return;
  throw new ProblemError({
    status: 429,
    detail: `More than ${limit} ${what} a minute; try again later`,
    headers: { 'Retry-After': String(retryAfterS) },
  });
}

/** `limit` requests per minute per client address, shared by every route under the same `scope`. */
export function rateLimit<E extends AppEnv = AppEnv>(limiter: Limiter, scope: string, limit: number): MiddlewareHandler<E> {
  return async (c, next) => {
    await enforceLimit(limiter, `${scope}:${c.var.client.ip ?? 'unknown'}`, limit, c.var.log);
    return next();
  };
}

/** The per-address limit every endpoint that checks a password or a mailed token shares (RATE_LIMIT_AUTH_PER_MINUTE). */
export function authRateLimit<E extends AppEnv = AppEnv>(services: Services): MiddlewareHandler<E> {
  return rateLimit<E>(services, 'auth', services.config.auth.rateLimitPerMinute);
}
