/**
 * Rate-limit counts in Redis (REDIS_URL), shared by every instance: rate-limiter-flexible's Redis
 * store on an ioredis client set up as its documentation advises for an insurance limiter: no
 * offline queue and `rejectIfRedisNotReady`, so while Redis is down a count goes to the memory
 * insurance at once instead of waiting on a connection; short connect and command timeouts for a
 * Redis that hangs. ioredis reconnects by itself, and the counts go back to Redis when it is ready.
 * ioredis loads only when REDIS_URL is set, on the first count.
 */
import type { Redis } from 'ioredis';
import RateLimiterRedis from 'rate-limiter-flexible/lib/RateLimiterRedis.js';

import type { RateLimitStore } from './rate-limit.ts';

/** Short: a count waits at most this long for Redis before the insurance counts it. */
const CONNECT_TIMEOUT_MS = 1000;
const COMMAND_TIMEOUT_MS = 500;

export function redisRateLimitStore(url: string): RateLimitStore {
  let client: Promise<Redis> | undefined;
  let lastError: unknown;
  const connect = () =>
    (client ??= import('ioredis').then(async ({ Redis }) => {
      const redis = new Redis(url, {
        enableOfflineQueue: false,
        connectTimeout: CONNECT_TIMEOUT_MS,
        commandTimeout: COMMAND_TIMEOUT_MS,
        maxRetriesPerRequest: 0,
        retryStrategy: (attempt) => Math.min(attempt * 200, 2000),
      });
      // Every reconnection attempt that fails emits one; without a listener it would be thrown.
      redis.on('error', (error) => (lastError = error));
      // The first count waits for the first connection (or its failure): a process that has just
      // started would otherwise count its first requests alone.
      await new Promise((settle) => {
        redis.once('ready', settle);
        redis.once('error', settle);
      });
      return redis;
    }));
  return {
    kind: 'redis',
    lastError: () => lastError,
    async limiter(options) {
      return new RateLimiterRedis({ ...options, storeClient: await connect(), rejectIfRedisNotReady: true });
    },
    async close() {
      if (!client) return;
      const redis = await client;
      if (redis.status === 'ready') await redis.quit();
      else redis.disconnect();
    },
  };
}
