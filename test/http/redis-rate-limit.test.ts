/**
 * The rate limits counted in Redis (REDIS_URL): two app instances on the machine's Redis
 * (127.0.0.1:6379, or TEST_REDIS_URL) count together; and a Redis of the test's own that dies:
 * the next counts go at once to the process's memory (logged once), and back to Redis once it is
 * started again (logged once).
 */
import { randomBytes } from 'node:crypto';

import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { type AuthTestApp, buildAuthApp } from '#test/support/auth.ts';
import { databasesRequired } from '#test/support/databases.ts';
import { json } from '#test/support/http.ts';
import { capturedLogger } from '#test/support/log-sink.ts';
import { missingBinaries } from '#test/support/owned-servers.ts';
import { pollUntil } from '#test/support/process.ts';
import { type OwnRedis, startOwnRedis } from '#test/support/redis.ts';

const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
const unavailable = await (async () => {
  const probe = new Redis(REDIS_URL, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
  try {
    await probe.connect();
    await probe.ping();
    return missingBinaries(['redis-server'], 'apt-get install redis-server');
  } catch (error) {
    return `Redis at ${REDIS_URL} is not reachable: ${(error as Error).message}`;
  } finally {
    probe.disconnect();
  }
})();

/** A client address no other run uses, so counters never collide in the shared Redis. */
const freshIp = () => `10.${[...randomBytes(3)].join('.')}`;
const freshName = () => `nobody-${randomBytes(4).toString('hex')}`;

if (unavailable && !databasesRequired()) {
  console.warn(`\n*** SKIPPED "Redis rate limit": ${unavailable}. Set REQUIRE_DATABASES=1 to make this a failure. ***\n`);
}

describe.skipIf(unavailable && !databasesRequired())('rate limits in Redis', () => {
  it('needs a Redis server and redis-server', () => {
    expect(unavailable).toBeUndefined();
  });

  describe('two app instances with the same REDIS_URL', () => {
    let one: AuthTestApp;
    let two: AuthTestApp;
    const admin = new Redis(REDIS_URL);
    const ip = freshIp();
    beforeAll(async () => {
      const env = { REDIS_URL, RATE_LIMIT_AUTH_PER_MINUTE: '3' };
      one = await buildAuthApp('sqlite', env, { remoteAddress: ip });
      two = await buildAuthApp('sqlite', env, { remoteAddress: ip });
    });
    afterAll(async () => {
      await one?.close();
      await two?.close();
      await admin.quit();
    });

    it('share one per-address budget: the 4th request, whichever instance gets it, is 429', async () => {
      const statuses = [];
      for (const t of [one, two, one, two]) statuses.push((await t.login(freshName(), 'whatever')).status);
      expect(statuses).toEqual([401, 401, 401, 429]);
      expect(await admin.get(`filamenta:auth:${ip}`)).toBe('4');
      const limited = await one.login(freshName(), 'whatever');
      expect(Number(limited.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
      expect(Number(limited.headers.get('retry-after'))).toBeLessThanOrEqual(60);
      expect(limited.headers.get('ratelimit-policy')).toBe('"auth";q=3;w=60');
      expect(limited.headers.get('ratelimit')).toMatch(/^"auth";r=0;t=\d+$/);
      expect(await admin.pttl(`filamenta:auth:${ip}`)).toBeGreaterThan(0);
    });
  });

  describe('a Redis that dies and comes back', () => {
    let redis: OwnRedis;
    let t: AuthTestApp;
    const { lines, logger } = capturedLogger();
    const ip = freshIp();
    const key = `filamenta:auth:${ip}`;
    const storeLines = (what: RegExp) => lines.filter((l) => typeof l.msg === 'string' && what.test(l.msg));
    beforeAll(async () => {
      redis = await startOwnRedis();
      t = await buildAuthApp('sqlite', { REDIS_URL: redis.url, RATE_LIMIT_AUTH_PER_MINUTE: '3' }, { remoteAddress: ip, logger });
    });
    afterAll(async () => {
      await t?.close();
      await redis?.stop();
    });

    it('counts in memory at once while Redis is down, logged once, and in Redis again when it answers', async () => {
      expect((await t.login(freshName(), 'whatever')).status).toBe(401);
      expect((await t.login(freshName(), 'whatever')).status).toBe(401);
      expect(await redis.admin.get(key)).toBe('2');

      await redis.kill();
      // This process counts alone from zero: three more, then 429, each answered (none waits for Redis).
      const statuses = [];
      for (let i = 0; i < 4; i++) statuses.push((await t.login(freshName(), 'whatever')).status);
      expect(statuses).toEqual([401, 401, 401, 429]);
      const limited = await t.login(freshName(), 'whatever');
      expect(limited.status).toBe(429);
      expect((await json(limited)).detail).toMatch(/^More than 3 requests from this address a minute; try again in \d+ seconds?$/);
      expect(storeLines(/rate-limit store \(redis\) unavailable/)).toHaveLength(1);
      expect(storeLines(/rate-limit store \(redis\) unavailable/)[0]).toMatchObject({ level: 'warn', store: 'redis' });

      await redis.start();
      // The restarted Redis is empty: once ioredis has reconnected, counts start again from zero there.
      const back = await pollUntil(
        async () => {
          const res = await t.login(freshName(), 'whatever');
          return res.status === 401 ? res : undefined;
        },
        { timeoutMs: 15_000, intervalMs: 200, what: 'the counts to go back to Redis' },
      );
      expect(back.headers.get('ratelimit')).toMatch(/^"auth";r=2;t=\d+$/);
      expect(await redis.admin.get(key)).toBe('1');
      expect(storeLines(/rate-limit store \(redis\) answers again/)).toHaveLength(1);
      expect(storeLines(/rate-limit store \(redis\) unavailable/)).toHaveLength(1);
    });
  });
});
