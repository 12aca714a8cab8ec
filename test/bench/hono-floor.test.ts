/**
 * The framework's floor (bench/hono-floor.mjs) must do the app's work and send the app's headers,
 * or what it tells of the framework's cost means nothing: on the app's own database it answers the
 * probes and the public slug read as the app does, with the same body, ETag, caching and security
 * headers. No timing here: the floor is measured by hand (bench/README.md).
 */
import { rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { afterAll, beforeAll, expect, it } from 'vitest';

import { seedBench } from '#bench/seed.ts';
import { type RunningServer, startServer, stopServer } from '#bench/servers.ts';
import { APP_ROOT } from '#src/config.ts';
import { SECURITY_HEADERS } from '#src/http/security.ts';
import { buildTestApp, type TestApp } from '#test/support/app.ts';
import { provisionDatabase, type ProvisionedDb, testEnv } from '#test/support/databases.ts';
import { json } from '#test/support/http.ts';
import { describeEachDatabase } from '#test/support/matrix.ts';

function floorEnv(db: ProvisionedDb): Record<string, string> {
  const e = db.env;
  if (db.type === 'sqlite') return { FLOOR_DB: 'sqlite', FLOOR_SQLITE_PATH: e.DB_PATH };
  const auth = `${encodeURIComponent(e.DB_USER)}${e.DB_PASSWORD ? `:${encodeURIComponent(e.DB_PASSWORD)}` : ''}`;
  const url = `${auth}@${e.DB_HOST}:${e.DB_PORT}/${e.DB_NAME}`;
  return db.type === 'postgresql'
    ? { FLOOR_DB: 'postgresql', FLOOR_PG_URL: `postgres://${url}` }
    : { FLOOR_DB: 'mariadb', FLOOR_MYSQL_URL: `mysql://${url}` };
}

/** What a response says apart from its date and its request id, which differ on every answer. */
const SAME_ON_BOTH = ['content-type', 'etag', 'cache-control', 'vary', ...SECURITY_HEADERS.map(([name]) => name.toLowerCase())];

describeEachDatabase("bench: the framework's floor does the app's work", (type) => {
  let db: ProvisionedDb;
  let t: TestApp;
  let floor: RunningServer;
  let logFile: string;
  beforeAll(async () => {
    db = await provisionDatabase(type);
    logFile = join(tmpdir(), `filamenta-bench-floor-${db.name}.log`);
    t = await buildTestApp(db.env);
    await seedBench(testEnv(db.env), 30);
    floor = await startServer({
      name: `floor on ${type}`,
      args: ['bench/hono-floor.mjs'],
      env: { PATH: process.env.PATH ?? '', ...floorEnv(db) },
      cwd: APP_ROOT,
      logFile,
    });
  }, 60_000);
  afterAll(async () => {
    if (floor) await stopServer(floor);
    if (logFile) rmSync(logFile, { force: true });
    await t?.close();
    await db?.drop();
  });

  it('answers every slug of the random load with the body, ETag, caching and security headers the app sends', async () => {
    for (const n of [1, 15, 30]) {
      const path = `/api/v1/content/bench-item-${n}`;
      const [app, other] = [await t.app.request(path), await fetch(`${floor.url}${path}`)];
      expect([app.status, other.status], path).toEqual([200, 200]);
      for (const name of SAME_ON_BOTH) expect(other.headers.get(name), `${path} ${name}`).toBe(app.headers.get(name));
      expect(other.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
      expect(await json(other), path).toEqual(await json(app));
    }
    expect((await fetch(`${floor.url}/api/v1/content/bench-item-31`)).status).toBe(404);
  });

  it("answers the probes with the app's security headers after a database round trip", async () => {
    for (const path of ['/health', '/health/ready']) {
      const [app, other] = [await t.app.request(path), await fetch(`${floor.url}${path}`)];
      expect([app.status, other.status], path).toEqual([200, 200]);
      for (const [name, value] of SECURITY_HEADERS) expect(other.headers.get(name), `${path} ${name}`).toBe(value);
      expect(other.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
    }
    const ready = await json(await fetch(`${floor.url}/health/ready`));
    expect(ready).toMatchObject({ status: 'ready', database: { ok: true } });
    expect(typeof ready.database.latencyMs).toBe('number');
  });
});
