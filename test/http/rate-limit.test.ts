/**
 * The rate limits counted in the app's own database (no REDIS_URL), on every database: two apps
 * on one database (two processes, each with its own ORM and pool) count once, in the `rate_limits`
 * table; and a store that fails (its table gone) leaves the counting to the process's memory at
 * once, logged once, until the table answers again (logged once).
 */
import { afterAll, beforeAll, expect, it } from 'vitest';

import type { Logger } from '#src/logger.ts';
import { createPasswordHasher } from '#src/modules/auth/password.ts';
import { buildTestApp, type TestApp } from '#test/support/app.ts';
import { provisionDatabase, type ProvisionedDb, type TestDb } from '#test/support/databases.ts';
import { capturedLogger } from '#test/support/log-sink.ts';
import { describeEachDatabase } from '#test/support/matrix.ts';

const IP = '198.51.100.7';
const hasher = createPasswordHasher({ params: { log2N: 10, r: 8, p: 1 } });
const ENV = { RATE_LIMIT_AUTH_PER_MINUTE: '3' };

const login = (t: TestApp, name = 'nobody') =>
  t.app.request('/api/v1/auth/login', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ login: name, password: 'whatever' }),
  });

async function counted(t: TestApp, key: string): Promise<number | undefined> {
  const column = t.orm.type === 'postgresql' ? '"key"' : '`key`';
  const rows = await t.orm
    .fork()
    .getConnection()
    .execute<{ points: number }[]>(`select points from rate_limits where ${column} = ?`, [key]);
  return rows[0] === undefined ? undefined : Number(rows[0].points);
}

describeEachDatabase('rate limits in the database', (type: TestDb) => {
  let db: ProvisionedDb;
  let one: TestApp;
  let two: TestApp;
  const { lines, logger } = capturedLogger();
  const build = (migrate: boolean, log?: Logger) =>
    buildTestApp({ ...db.env, ...ENV }, { migrate, logger: log, remoteAddress: () => IP, services: { hasher } });
  beforeAll(async () => {
    db = await provisionDatabase(type);
    one = await build(true, logger);
    two = await build(false);
  });
  afterAll(async () => {
    await one?.close();
    await two?.close();
    await db?.drop();
  });
  const storeLines = (what: RegExp) => lines.filter((l) => typeof l.msg === 'string' && what.test(l.msg));

  it('two apps on one database share one per-address count, kept in rate_limits', async () => {
    const statuses = [];
    for (const t of [one, two, one, two]) statuses.push((await login(t, `someone-${statuses.length}`)).status);
    expect(statuses).toEqual([401, 401, 401, 429]);
    expect(await counted(one, `filamenta:auth:${IP}`)).toBe(4);
    // The per-account count is one row per account, across both apps too.
    expect(await counted(two, 'filamenta:login-account:someone-0')).toBe(1);
    const limited = await login(one);
    expect(limited.headers.get('ratelimit-policy')).toBe('"auth";q=3;w=60');
    expect(limited.headers.get('ratelimit')).toMatch(/^"auth";r=0;t=\d+$/);
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
  });

  it('counts in memory at once while its table fails, logged once, and in the table again when it answers', async () => {
    const execute = (sql: string) => one.orm.fork().getConnection().execute(sql);
    await execute(`delete from rate_limits`);
    expect((await login(one)).status).toBe(401);
    await execute('alter table rate_limits rename to rate_limits_away');
    try {
      // This process counts alone, from zero: three, then 429.
      const statuses = [];
      for (let i = 0; i < 4; i++) statuses.push((await login(one)).status);
      expect(statuses).toEqual([401, 401, 401, 429]);
      const kind = type === 'mariadb' ? 'mysql' : type;
      expect(storeLines(new RegExp(`rate-limit store \\(${kind}\\) unavailable`))).toHaveLength(1);
    } finally {
      await execute('alter table rate_limits_away rename to rate_limits');
    }
    // The table kept its count from before: 1, and now 2.
    const back = await login(one);
    expect(back.status).toBe(401);
    expect(back.headers.get('ratelimit')).toMatch(/^"auth";r=1;t=\d+$/);
    expect(await counted(one, `filamenta:auth:${IP}`)).toBe(2);
    expect(storeLines(/rate-limit store \(\w+\) answers again/)).toHaveLength(1);
    expect(storeLines(/rate-limit store \(\w+\) unavailable/)).toHaveLength(1);
  });
});
