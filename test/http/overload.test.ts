/**
 * Load shedding on a real socket (src/http/overload.ts): an event loop blocked past
 * OVERLOAD_EVENT_LOOP_DELAY_MS, or more requests waiting for a pooled connection than
 * OVERLOAD_DB_WAITING with the first waiting past OVERLOAD_DB_WAIT_MS, makes /api answer 503 with Retry-After and a problem body before any work;
 * the health probes still answer; service returns once the load is gone.
 */
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';

import { afterEach, describe, expect, it } from 'vitest';

import { createHttpServer } from '#adapters/http-server.js';
import { createApp } from '#src/app.ts';
import { createLoadMonitor, type LoadMonitor } from '#src/http/overload.ts';
import { createLogger } from '#src/logger.ts';
import { createServices } from '#src/services.ts';
import { buildTestApp, type TestApp } from '#test/support/app.ts';
import { provisionDatabase, type ProvisionedDb } from '#test/support/databases.ts';
import { describeEachDatabase } from '#test/support/matrix.ts';
import { httpRequest, pollUntil } from '#test/support/process.ts';

let cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
  cleanups = [];
});

/** The suite's app with a load monitor, served by the adapters' HTTP server on a free port. */
async function servedWithMonitor(db: ProvisionedDb, env: Record<string, string>, monitor: { sampleMs: number; calmMs: number }) {
  const t: TestApp = await buildTestApp({ ...db.env, ...env });
  const logger = createLogger({ logLevel: 'silent' });
  const load: LoadMonitor = createLoadMonitor({ orm: t.orm, overload: t.config.overload, logger, ...monitor });
  const app = createApp({ orm: t.orm, services: createServices(t.config, t.orm), logger, load });
  const server: Server = createHttpServer({ app, logger });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  cleanups.push(async () => {
    load.stop();
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
    await t.close();
    await db.drop();
  });
  return { t, load, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
}

/** Keeps the event loop busy for `ms`, as a CPU-bound burst would. */
function blockEventLoop(ms: number): void {
  const until = performance.now() + ms;
  while (performance.now() < until);
}

function expectRefused(res: { status: number; headers: Record<string, unknown>; body: string }) {
  expect(res.status, res.body).toBe(503);
  expect(res.headers['retry-after']).toBe('1');
  expect(res.headers['content-type']).toBe('application/problem+json');
  expect(JSON.parse(res.body)).toEqual({
    type: 'about:blank',
    title: 'Service Unavailable',
    status: 503,
    detail: 'The server is too busy to take this request now; retry after 1 s',
    instance: expect.any(String),
    requestId: expect.any(String),
  });
}

describe('event-loop lag', () => {
  it('past OVERLOAD_EVENT_LOOP_DELAY_MS, /api answers 503 before validating anything, the probes answer, and service returns when calm', async () => {
    const db = await provisionDatabase('sqlite');
    const { load, url } = await servedWithMonitor(
      db,
      { OVERLOAD_EVENT_LOOP_DELAY_MS: '250', OVERLOAD_DB_WAITING: '0' },
      { sampleMs: 20, calmMs: 3000 },
    );
    expect((await httpRequest(`${url}/api/v1/config`)).status).toBe(200);
    expect(load.overloaded).toBeUndefined();

    // One stall (a start-up's migrations, a module loaded on first use) is not a load: still served.
    blockEventLoop(800);
    await new Promise((resolve) => setTimeout(resolve, 60));
    expect(load.overloaded).toBeUndefined();
    expect((await httpRequest(`${url}/api/v1/config`)).status).toBe(200);

    // A loop late at sample after sample is: the sampler runs between the bursts and sees each one.
    blockEventLoop(800);
    await new Promise((resolve) => setTimeout(resolve, 0));
    blockEventLoop(800);
    await pollUntil(() => load.overloaded, { timeoutMs: 1000, what: 'the monitor to notice' });
    expect(load.overloaded).toBe('event-loop');

    expectRefused(await httpRequest(`${url}/api/v1/config`));
    // A body that would be refused with 422 is not even read.
    const login = await httpRequest(`${url}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"login":1}',
    });
    expectRefused(login);
    expect((await httpRequest(`${url}/health`)).status).toBe(200);
    expect((await httpRequest(`${url}/health/ready`)).status).toBe(200);

    // Calm for calmMs: served again.
    await pollUntil(async () => ((await httpRequest(`${url}/api/v1/config`)).status === 200 ? true : undefined), {
      timeoutMs: 15_000,
      intervalMs: 100,
      what: '/api/v1/config to answer 200 again',
    });
    expect(load.overloaded).toBeUndefined();
  }, 60_000);

  it('with both thresholds at 0 a blocked loop trips nothing', async () => {
    const db = await provisionDatabase('sqlite');
    const t = await buildTestApp({ ...db.env, OVERLOAD_EVENT_LOOP_DELAY_MS: '0', OVERLOAD_DB_WAITING: '0' });
    cleanups.push(async () => {
      await t.close();
      await db.drop();
    });
    const load = createLoadMonitor({ orm: t.orm, overload: t.config.overload, logger: createLogger({ logLevel: 'silent' }), sampleMs: 10 });
    cleanups.push(() => load.stop());
    blockEventLoop(300);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(load.overloaded).toBeUndefined();
  });
});

interface PgPool {
  connect(): Promise<{ release(): void }>;
}
interface MysqlPool {
  getConnection(cb: (err: unknown, conn?: { release(): void }) => void): void;
}

describe('a queue that moves', () => {
  it('is not an overload, however long: the count trips the guard only with a head that waited past OVERLOAD_DB_WAIT_MS', async () => {
    // The pool's figures as a list load makes them (two connections per request, 32 clients, a pool
    // of 10: 54 waiting for a few ms each), then as a stuck database makes them.
    let stats = { total: 10, idle: 0, waiting: 54, longestWaitMs: 12, max: 10 };
    const load = createLoadMonitor({
      orm: { poolStats: () => stats },
      overload: { eventLoopDelayMs: 0, dbWaiting: 40, dbWaitMs: 250 },
      logger: createLogger({ logLevel: 'silent' }),
      sampleMs: 10,
      calmMs: 50,
    });
    cleanups.push(() => load.stop());
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(load.overloaded).toBeUndefined();
    stats = { ...stats, longestWaitMs: 400 };
    await pollUntil(() => load.overloaded, { timeoutMs: 2000, what: 'the monitor to notice the stuck queue' });
    expect(load.overloaded).toBe('database');
    stats = { ...stats, waiting: 3, longestWaitMs: 5 };
    await pollUntil(() => (load.overloaded ? undefined : true), { timeoutMs: 2000, what: 'the monitor to calm down' });
  });
});

describeEachDatabase(
  'requests waiting for a database connection',
  (type) => {
    it('more than OVERLOAD_DB_WAITING waiting, the first for OVERLOAD_DB_WAIT_MS: /api answers 503, /health answers, and service returns once the queue drains', async () => {
      const db = await provisionDatabase(type);
      const { t, load, url } = await servedWithMonitor(
        db,
        {
          DB_POOL_MAX: '2',
          DB_POOL_ACQUIRE_TIMEOUT_MS: '60000',
          OVERLOAD_DB_WAITING: '2',
          OVERLOAD_DB_WAIT_MS: '1000',
          OVERLOAD_EVENT_LOOP_DELAY_MS: '0',
        },
        { sampleMs: 20, calmMs: 200 },
      );
      expect((await httpRequest(`${url}/api/v1/config`)).status).toBe(200);
      expect((await t.orm.ping()).ok).toBe(true);

      // The driver's own pool (the one the app queries through): two connections taken, three callers waiting.
      const native = await (t.orm.mikro.em.getConnection() as unknown as { getNativeClient(): Promise<unknown> }).getNativeClient();
      const take =
        type === 'postgresql'
          ? () => (native as PgPool).connect()
          : () =>
              new Promise<{ release(): void }>((resolve, reject) =>
                (native as MysqlPool).getConnection((err, conn) => (err || !conn ? reject(err as Error) : resolve(conn))),
              );
      const held = await Promise.all([take(), take()]);
      const queuedAt = performance.now();
      const queued = [take(), take(), take()];
      await pollUntil(() => (t.orm.poolStats()?.waiting === 3 ? true : undefined), { timeoutMs: 5000, what: '3 callers waiting' });
      // Three waiting is past the count, but a queue is an overload only once its head waited 1 s.
      await pollUntil(() => load.overloaded, { timeoutMs: 6000, what: 'the monitor to notice' });
      expect(performance.now() - queuedAt).toBeGreaterThanOrEqual(1000);
      expect(t.orm.poolStats()?.longestWaitMs).toBeGreaterThanOrEqual(1000);
      expect(load.overloaded).toBe('database');

      expectRefused(await httpRequest(`${url}/api/v1/content`));
      expect((await httpRequest(`${url}/health`)).status).toBe(200);

      // Each waiter gets a connection as one is released, and hands it back at once.
      const served = queued.map((waiting) => waiting.then((connection) => connection.release()));
      for (const connection of held) connection.release();
      await Promise.all(served);
      await pollUntil(async () => ((await httpRequest(`${url}/api/v1/content`)).status === 200 ? true : undefined), {
        timeoutMs: 15_000,
        intervalMs: 100,
        what: '/api/v1/content to answer 200 again',
      });
      expect(t.orm.poolStats()?.waiting).toBe(0);
    }, 60_000);
  },
  ['postgresql', 'mariadb'],
);
