/**
 * The bench's yardstick (bench/bare-server.mjs) must do the app's work, or its ratios mean nothing:
 * on the app's own database it answers the slug read and a page of the list exactly as the app does
 * (every key the random loads draw, each page with its total),
 * verifies the same scrypt hash, and signs and checks access tokens the app accepts and vice versa.
 * The framework's floor (bench/hono-floor.mjs), on the same database, answers the probes and the
 * slug read with the app's bodies and headers. No timing here: `npm run bench` measures (the floor
 * is measured by hand, bench/README.md).
 */
import { rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { afterAll, beforeAll, expect, it } from 'vitest';

import { BENCH_USER, seedBench } from '#bench/seed.ts';
import { type RunningServer, startServer, stopServer } from '#bench/servers.ts';
import { APP_ROOT } from '#src/config.ts';
import { AuditEvent } from '#src/db/entities/index.ts';
import { SQLITE_PRAGMAS } from '#src/db/sqlite.ts';
import { SECURITY_HEADERS } from '#src/http/security.ts';
import { buildTestApp, type TestApp } from '#test/support/app.ts';
import { provisionDatabase, type ProvisionedDb, testEnv } from '#test/support/databases.ts';
import { json } from '#test/support/http.ts';
import { describeEachDatabase } from '#test/support/matrix.ts';

function bareEnv(db: ProvisionedDb): Record<string, string> {
  const e = db.env;
  if (db.type === 'sqlite') return { BARE_DB: 'sqlite', BARE_SQLITE_PATH: e.DB_PATH, BARE_SQLITE_PRAGMAS: JSON.stringify(SQLITE_PRAGMAS) };
  const auth = `${encodeURIComponent(e.DB_USER)}${e.DB_PASSWORD ? `:${encodeURIComponent(e.DB_PASSWORD)}` : ''}`;
  const url = `${auth}@${e.DB_HOST}:${e.DB_PORT}/${e.DB_NAME}`;
  return db.type === 'postgresql'
    ? { BARE_DB: 'postgresql', BARE_PG_URL: `postgres://${url}` }
    : { BARE_DB: 'mariadb', BARE_MYSQL_URL: `mysql://${url}` };
}

/** What a response says apart from its date and its request id, which differ on every answer. */
const SAME_ON_BOTH = ['content-type', 'etag', 'cache-control', 'vary', ...SECURITY_HEADERS.map(([name]) => name.toLowerCase())];

describeEachDatabase('bench: the yardsticks do the same work as the app', (type) => {
  let db: ProvisionedDb;
  let t: TestApp;
  let bare: RunningServer;
  let floor: RunningServer;
  const logFiles: string[] = [];
  beforeAll(async () => {
    db = await provisionDatabase(type);
    t = await buildTestApp(db.env);
    await seedBench(testEnv(db.env), 30);
    const start = (name: string, script: string) => {
      const logFile = join(tmpdir(), `filamenta-bench-${name}-${db.name}.log`);
      logFiles.push(logFile);
      const env = { PATH: process.env.PATH ?? '', ...bareEnv(db), BARE_SECRET_KEY: testEnv().SECRET_KEY };
      return startServer({ name: `${name} on ${type}`, args: [script], env, cwd: APP_ROOT, logFile });
    };
    [bare, floor] = await Promise.all([start('bare', 'bench/bare-server.mjs'), start('floor', 'bench/hono-floor.mjs')]);
  }, 60_000);
  afterAll(async () => {
    for (const server of [bare, floor]) if (server) await stopServer(server);
    for (const logFile of logFiles) rmSync(logFile, { force: true });
    await t?.close();
    await db?.drop();
  });

  const fromBare = (path: string, init?: RequestInit) => fetch(`${bare.url}${path}`, init);
  const post = (body: unknown, token?: string): RequestInit => ({
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify(body),
  });

  it('answers the public slug read and a page of the list with the same bodies as the app', async () => {
    for (const path of ['/api/v1/content/bench-item-15', '/api/v1/content?page=2&perPage=7']) {
      const [app, other] = [await t.app.request(path), await fromBare(path)];
      expect(app.status, path).toBe(200);
      expect(other.status, path).toBe(200);
      expect(await json(other), path).toEqual(await json(app));
    }
    const list = await json(await fromBare('/api/v1/content?page=2&perPage=7'));
    expect(list.items.map((i: { slug: string }) => i.slug)).toEqual([23, 22, 21, 20, 19, 18, 17].map((n) => `bench-item-${n}`));
    expect(list.total).toBe(30);
  });

  it('answers every key the random loads draw as the app does: each slug of the range, each page with its total', async () => {
    // The slug load draws bench-item-{1..rows}; the list load pages of 20, past the last one too.
    for (const n of [1, 2, 29, 30]) {
      const path = `/api/v1/content/bench-item-${n}`;
      const [app, other] = [await t.app.request(path), await fromBare(path)];
      expect([app.status, other.status], path).toEqual([200, 200]);
      expect(other.headers.get('etag'), path).toBe(app.headers.get('etag'));
      expect(await json(other), path).toEqual(await json(app));
    }
    const pages = [];
    for (const page of [1, 2, 3]) {
      const path = `/api/v1/content?page=${page}&perPage=20`;
      const [app, other] = [await t.app.request(path), await fromBare(path)];
      expect([app.status, other.status], path).toEqual([200, 200]);
      const body = await json(other);
      expect(body, path).toEqual(await json(app));
      pages.push(body);
    }
    expect(pages.map((p) => [p.items.length, p.total])).toEqual([
      [20, 30],
      [10, 30],
      [0, 30],
    ]);
    expect(pages[1].items.at(-1).slug).toBe('bench-item-1');
    const missing = '/api/v1/content/bench-item-31';
    expect([(await t.app.request(missing)).status, (await fromBare(missing)).status]).toEqual([404, 404]);
  });

  it("logs in against the app's scrypt hash; each side accepts the other's access tokens", async () => {
    const login = { login: BENCH_USER.username, password: BENCH_USER.password };
    const bareSession = await fromBare('/api/v1/auth/login', post(login));
    expect(bareSession.status).toBe(200);
    expect((await fromBare('/api/v1/auth/login', post({ ...login, password: 'wrong-password' }))).status).toBe(401);
    const { accessToken: bareToken, user } = await json(bareSession);
    const me = await t.app.request('/api/v1/auth/me', { headers: { authorization: `Bearer ${bareToken}` } });
    expect(me.status).toBe(200);
    expect(user).toEqual({ ...(await json(me)), updatedAt: user.updatedAt });

    const appSession = await json(await t.app.request('/api/v1/auth/login', post(login)));
    const audited = await t.orm.fork().count(AuditEvent, { action: 'content.created' });
    const created = await fromBare('/api/v1/content', post({ title: 'Crème brûlée', body: 'Some  text' }, appSession.accessToken));
    expect(created.status).toBe(201);
    const item = await json(created);
    expect(item.slug).toBe('creme-brulee');
    const readBack = await t.app.request(`/api/v1/content/${item.id}`, { headers: { authorization: `Bearer ${appSession.accessToken}` } });
    expect(await json(readBack)).toEqual(item);
    expect(await t.orm.fork().count(AuditEvent, { action: 'content.created' })).toBe(audited + 1);
    expect((await fromBare('/api/v1/content', post({ title: 'x', body: 'y' }, `${appSession.accessToken}x`))).status).toBe(401);
  });

  it('the floor answers every slug of the random load with the body, ETag, caching and security headers the app sends', async () => {
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

  it("the floor answers the probes with the app's security headers after a database round trip", async () => {
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
