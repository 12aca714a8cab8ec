/**
 * The rate-limit store shared by every instance: one Redis counter per key and window. Windows are
 * aligned on the caller's clock (window index = now / windowMs), so instances agree on them and a
 * test's clock drives Redis the same way it drives the memory store. ioredis loads only when
 * REDIS_URL is set, so a deployment without Redis never pays for it at start-up.
 */
import type { Redis } from 'ioredis';
import type { RateLimitStore } from './rate-limit.ts';

/** The part of an ioredis client this store uses. */
export interface RedisCounter {
  eval(script: string, keys: number, ...args: (string | number)[]): Promise<unknown>;
}

// INCR, and on the first hit an expiry past the window's end so a late instance still counts.
const SCRIPT = `local n = redis.call('INCR', KEYS[1])
if n == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end
return n`;

export function redisRateLimitStore(client: () => Promise<RedisCounter>, prefix = 'filamenta:rl:'): RateLimitStore {
  return {
    async hit(key, windowMs, now) {
      const window = Math.floor(now / windowMs);
      const count = Number(await (await client()).eval(SCRIPT, 1, `${prefix}${key}:${window}`, windowMs * 2));
      return { count, resetAt: (window + 1) * windowMs };
    },
  };
}

/** An ioredis client for `url`, made on first use; commands fail fast instead of queueing while Redis is down. */
export function lazyRedisClient(url: string): () => Promise<Redis> {
  let client: Promise<Redis> | undefined;
  return () =>
    (client ??= import('ioredis').then(
      ({ Redis }) => new Redis(url, { maxRetriesPerRequest: 1, connectTimeout: 2000, commandTimeout: 1000, enableAutoPipelining: true }),
    ));
}
