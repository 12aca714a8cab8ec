/**
 * Rate limits counted by rate-limiter-flexible in a store every process and instance shares: Redis
 * when REDIS_URL is set, else the app's own database (`database-rate-limit.ts`, `redis-rate-limit.ts`). Every store limiter
 * has a memory limiter as insurance: while the store fails, this process counts alone, at once, and
 * the store counts again as soon as it answers (logged once each way). Answers carry the IETF
 * `RateLimit-Policy` and `RateLimit` fields (draft-ietf-httpapi-ratelimit-headers); a 429 adds
 * `Retry-After` and says in its detail how long to wait.
 */
import { createHash } from 'node:crypto';

import type { MiddlewareHandler } from 'hono';
import type { RateLimiterAbstract } from 'rate-limiter-flexible';
// Each class from its own file: the package's index requires node:cluster (rate-limiter-flexible.d.ts).
import RateLimiterMemory from 'rate-limiter-flexible/lib/RateLimiterMemory.js';
import RateLimiterRes from 'rate-limiter-flexible/lib/RateLimiterRes.js';

import type { Logger } from '../logger.ts';
import type { Services } from '../services.ts';
import { ProblemError } from './problem.ts';
import { addHeader } from './respond.ts';
import type { AppEnv } from './types.ts';

/** One limit: its name (the key prefix and the policy name in the headers), how many hits, per how many seconds. */
export interface RateLimitPolicy {
  name: string;
  /** 0 (or less) is no limit. */
  limit: number;
  windowS: number;
}

/** The count after a hit. */
export interface RateLimitState {
  policy: RateLimitPolicy;
  limited: boolean;
  remaining: number;
  /** Seconds until the window ends (at least 1). */
  resetS: number;
}

/** What a store builds: its limiter for one policy, counting in `insuranceLimiter` while it fails. */
interface LimiterOptions {
  keyPrefix: string;
  points: number;
  duration: number;
  insuranceLimiter: RateLimiterAbstract;
}

/** A shared store of counts (`database-rate-limit.ts`, `redis-rate-limit.ts`), or this process's memory. */
export interface RateLimitStore {
  /** Where counts live: `redis`, `postgresql`, `mysql`, `sqlite` or `memory`. */
  readonly kind: string;
  limiter(options: LimiterOptions): RateLimiterAbstract | Promise<RateLimiterAbstract>;
  /** Why the store last failed, when it can tell (Redis's connection error). */
  lastError?(): unknown;
  close(): Promise<void>;
}

export interface RateLimits {
  readonly kind: string;
  /** Counts one hit on `id` under `policy`; undefined when the policy has no limit. */
  hit(policy: RateLimitPolicy, id: string): Promise<RateLimitState | undefined>;
  close(): Promise<void>;
}

/** Counters of this process only: the insurance of every store, and what a test may share between apps. */
export function memoryRateLimitStore(): RateLimitStore {
  const limiters = new Map<string, RateLimiterMemory>();
  return {
    kind: 'memory',
    limiter({ keyPrefix, points, duration }) {
      const id = `${keyPrefix}:${points}:${duration}`;
      let limiter = limiters.get(id);
      if (!limiter) limiters.set(id, (limiter = new RateLimiterMemory({ keyPrefix, points, duration })));
      return limiter;
    },
    close: async () => undefined,
  };
}

const FELL_BACK = Symbol('counted by the insurance limiter');

/** The memory limiter a store falls back on; it marks what it answers, so the fallback can be logged. */
class InsuranceLimiter extends RateLimiterMemory {
  override consume(key: string | number, points?: number, options?: Record<string, unknown>): Promise<RateLimiterRes> {
    const mark = <T>(res: T): T => (res instanceof RateLimiterRes ? Object.assign(res, { [FELL_BACK]: true }) : res);
    return super.consume(key, points, options).then(mark, (outcome: unknown) => Promise.reject(mark(outcome)));
  }
}

/** Deletes the counters of windows that ended over an hour ago (the SQL stores; Redis expires its own). */
const SWEEP_MS = 5 * 60_000;
const STALE_MS = 60 * 60_000;

/** Hits counted in `store`, one limiter per policy; logs once when it fails over to memory and once when it is back. */
export function createRateLimits(store: RateLimitStore, log: Logger): RateLimits {
  const limiters = new Map<string, Promise<RateLimiterAbstract>>();
  let down = false;
  const limiterFor = ({ name, limit, windowS }: RateLimitPolicy) => {
    const id = `${name}:${limit}:${windowS}`;
    let limiter = limiters.get(id);
    if (!limiter) {
      const options = { keyPrefix: `filamenta:${name}`, points: limit, duration: windowS };
      limiter = Promise.resolve(store.limiter({ ...options, insuranceLimiter: new InsuranceLimiter(options) }));
      limiters.set(id, limiter);
      limiter.catch(() => limiters.delete(id));
    }
    return limiter;
  };
  const watch = (res: RateLimiterRes) => {
    const fellBack = FELL_BACK in res;
    if (fellBack && !down) {
      log.warn(
        { store: store.kind, err: store.lastError?.() },
        `rate-limit store (${store.kind}) unavailable: counting in this process until it answers`,
      );
    } else if (!fellBack && down) {
      log.info({ store: store.kind }, `rate-limit store (${store.kind}) answers again: counts are shared again`);
    }
    down = fellBack;
  };
  const sweeper = setInterval(() => {
    const [first] = limiters.values();
    void first
      ?.then((limiter) => (limiter as { clearExpired?(before: number): Promise<void> }).clearExpired?.(Date.now() - STALE_MS))
      .catch(() => undefined);
  }, SWEEP_MS);
  sweeper.unref();
  return {
    kind: store.kind,
    async hit(policy, id) {
      if (policy.limit <= 0) return undefined;
      let res: RateLimiterRes;
      let limited = false;
      try {
        res = await (await limiterFor(policy)).consume(storeKey(id));
      } catch (outcome) {
        if (!(outcome instanceof RateLimiterRes)) {
          log.warn({ err: outcome, policy: policy.name }, 'rate limit not counted');
          return undefined;
        }
        res = outcome;
        limited = true;
      }
      watch(res);
      return { policy, limited, remaining: res.remainingPoints, resetS: Math.max(1, Math.ceil(res.msBeforeNext / 1000)) };
    },
    async close() {
      clearInterval(sweeper);
      await store.close();
    },
  };
}

/** A key the stores' columns take (255 characters): long or unusual identifiers (a login with a NUL) are hashed. */
function storeKey(id: string): string {
  return /^[\x21-\x7e]{1,128}$/.test(id) ? id : `sha256:${createHash('sha256').update(id).digest('base64url')}`;
}

/** The IETF fields for the policies counted on a request (draft-ietf-httpapi-ratelimit-headers). */
function rateLimitHeaders({ policy, remaining, resetS }: RateLimitState): Record<string, string> {
  return {
    'RateLimit-Policy': `"${policy.name}";q=${policy.limit};w=${policy.windowS}`,
    RateLimit: `"${policy.name}";r=${remaining};t=${resetS}`,
  };
}

const MINUTE_S = 60;

/** Counts one hit; throws 429 with Retry-After and the RateLimit fields past the limit. */
export async function enforceLimit(
  { rateLimits }: Pick<Services, 'rateLimits'>,
  policy: RateLimitPolicy,
  id: string,
  what: string,
): Promise<RateLimitState | undefined> {
  const state = await rateLimits.hit(policy, id);
  if (!state?.limited) return state;
  const per = policy.windowS === MINUTE_S ? 'a minute' : policy.windowS === 3600 ? 'an hour' : `in ${policy.windowS} seconds`;
  throw new ProblemError({
    status: 429,
    detail: `More than ${policy.limit} ${what} ${per}; try again in ${state.resetS} second${state.resetS === 1 ? '' : 's'}`,
    headers: { 'Retry-After': String(state.resetS), ...rateLimitHeaders(state) },
  });
}

/** `limit` requests per minute per client address, shared by every route under the same `scope`. */
export function rateLimit<E extends AppEnv = AppEnv>(
  services: Pick<Services, 'rateLimits'>,
  scope: string,
  limit: number,
): MiddlewareHandler<E> {
  const policy = { name: scope, limit, windowS: MINUTE_S };
  return async (c, next) => {
    const state = await enforceLimit(services, policy, c.var.client.ip ?? 'unknown', 'requests from this address');
    if (state) for (const [name, value] of Object.entries(rateLimitHeaders(state))) addHeader(c, name, value, true);
    return next();
  };
}

/** The per-address limit every endpoint that checks a password or a mailed token shares (RATE_LIMIT_AUTH_PER_MINUTE). */
export function authRateLimit<E extends AppEnv = AppEnv>(services: Services): MiddlewareHandler<E> {
  return rateLimit<E>(services, 'auth', services.config.auth.rateLimitPerMinute);
}

/** A per-minute policy on the auth limit (RATE_LIMIT_AUTH_PER_MINUTE), for counts per account. */
export function perMinute(name: string, limit: number): RateLimitPolicy {
  return { name, limit, windowS: MINUTE_S };
}
