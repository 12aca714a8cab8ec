/**
 * The auth rate limit shared through a real Redis (127.0.0.1:6379, or TEST_REDIS_URL): two app
 * instances count together, windows follow the app's clock, and a Redis that is down lets
 * requests through instead of failing them.
 */
import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { lazyRedisClient, redisRateLimitStore } from '#src/http/redis-rate-limit.ts';
import { buildAuthApp, type AuthTestApp } from '#test/support/auth.ts';
import { databasesRequired } from '#test/support/databases.ts';

const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
const unavailable = await (async () => {
  const probe = new Redis(REDIS_URL, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
  try {
    await probe.connect();
    await probe.ping();
    return undefined;
  } catch (error) {
    return `Redis at ${REDIS_URL} is not reachable: ${(error as Error).message}`;
  } finally {
    probe.disconnect();
  }
})();

/** A client address no other run uses, so counters never collide in the shared Redis. */
const freshIp = () => `10.${[...randomBytes(3)].join('.')}`;

if (unavailable && !databasesRequired()) {
  console.warn(`\n*** SKIPPED "Redis rate limit": ${unavailable}. Set REQUIRE_DATABASES=1 to make this a failure. ***\n`);
}

describe.skipIf(unavailable && !databasesRequired())('Redis rate-limit store', () => {
  const client = lazyRedisClient(REDIS_URL);
  const admin = new Redis(REDIS_URL);
  afterAll(async () => {
    await (await client()).quit();
    await admin.quit();
  });

  it('needs a Redis server', () => {
    expect(unavailable).toBeUndefined();
  });

  it('counts per key across store instances, in windows aligned on the given clock, with an expiry', async () => {
    const prefix = `filamenta:test:${randomBytes(4).toString('hex')}:`;
    const a = redisRateLimitStore(client, prefix);
    const b = redisRateLimitStore(lazyRedisClient(REDIS_URL), prefix);
    expect(await a.hit('k', 60_000, 120_000)).toEqual({ count: 1, resetAt: 180_000 });
    expect(await b.hit('k', 60_000, 179_999)).toEqual({ count: 2, resetAt: 180_000 });
    expect(await a.hit('other', 60_000, 150_000)).toEqual({ count: 1, resetAt: 180_000 });
    expect(await b.hit('k', 60_000, 180_000)).toEqual({ count: 1, resetAt: 240_000 });
    const ttl = await admin.pttl(`${prefix}k:2`);
    expect(ttl).toBeGreaterThan(60_000);
    expect(ttl).toBeLessThanOrEqual(120_000);
  });

  describe('two app instances with the same REDIS_URL', () => {
    let one: AuthTestApp;
    let two: AuthTestApp;
    const ip = freshIp();
    beforeAll(async () => {
      const env = { REDIS_URL, RATE_LIMIT_AUTH_PER_MINUTE: '3' };
      one = await buildAuthApp('sqlite', env, { remoteAddress: ip });
      two = await buildAuthApp('sqlite', env, { remoteAddress: ip });
    });
    afterAll(async () => {
      await one?.close();
      await two?.close();
    });

    it('share one per-IP budget: the 4th request, whichever instance gets it, is 429', async () => {
      // Fresh names too: the per-account counter lives in the same Redis, keyed on the test clock.
      const name = () => `nobody-${randomBytes(4).toString('hex')}`;
      const statuses = [];
      for (const t of [one, two, one, two]) statuses.push((await t.login(name(), 'whatever')).status);
      expect(statuses).toEqual([401, 401, 401, 429]);
      const limited = await one.login(name(), 'whatever');
      expect(limited.headers.get('retry-after')).toMatch(/^\d+$/);
    });
  });

  it('lets requests through (not 500, not 429) while Redis cannot be reached', async () => {
    const down = lazyRedisClient('redis://127.0.0.1:1');
    const t = await buildAuthApp('sqlite', { RATE_LIMIT_AUTH_PER_MINUTE: '1' }, { rateLimitStore: redisRateLimitStore(down) });
    try {
      const statuses = [];
      for (let i = 0; i < 3; i++) statuses.push((await t.login('nobody', 'whatever')).status);
      expect(statuses).toEqual([401, 401, 401]);
    } finally {
      (await down()).disconnect();
      await t.close();
    }
  });
});
