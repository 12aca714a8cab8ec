/**
 * The DB_POOL_* settings as the drivers' own pools see them, and as they behave against a real
 * server: idle reaping, recycling, lost connections, and a bounded wait for a free one.
 */
import { setTimeout as sleep } from 'node:timers/promises';

import { afterAll, afterEach, beforeAll, expect, it } from 'vitest';

import { loadConfig } from '#src/config.ts';
import { createOrm, type Orm } from '#src/db/orm.ts';
import { createLogger } from '#src/logger.ts';
import { provisionDatabase, type ProvisionedDb, testEnv } from '#test/support/databases.ts';
import { withDirect } from '#test/support/direct-db.ts';
import { describeEachDatabase } from '#test/support/matrix.ts';
import { startTcpProxy, type TcpProxy } from '#test/support/tcp-proxy.ts';

const SESSION_ID = { postgresql: 'select pg_backend_pid() as id', mariadb: 'select connection_id() as id' };
/** pool.ts skips the pre-ping for a connection used within the last second. */
const PAST_PING_THRESHOLD_MS = 1100;

describeEachDatabase(
  'connection pool',
  (type) => {
    const server = type as 'postgresql' | 'mariadb';
    let db: ProvisionedDb;
    let proxy: TcpProxy | undefined;
    const orms: Orm[] = [];
    beforeAll(async () => {
      db = await provisionDatabase(type);
    });
    afterEach(async () => {
      await Promise.all(orms.splice(0).map((orm) => orm.close()));
      await proxy?.close();
      proxy = undefined;
    });
    afterAll(() => db?.drop());

    async function ormWith(env: Record<string, string>, connect = true): Promise<Orm> {
      const orm = await createOrm(loadConfig(testEnv({ ...db.env, ...env })), { logger: createLogger({ logLevel: 'silent' }), connect });
      orms.push(orm);
      return orm;
    }
    const execute = (orm: Orm, sql: string) => orm.fork().getConnection().execute<{ id: number }[]>(sql);
    const sessionId = async (orm: Orm) => Number((await execute(orm, SESSION_ID[server]))[0].id);
    const nativePool = (orm: Orm) =>
      (orm.fork().getConnection() as unknown as { getNativeClient(): Promise<NativePool> }).getNativeClient();

    it('hands every DB_POOL_* setting to the driver’s own pool', async () => {
      const orm = await ormWith({
        DB_POOL_MIN: '2',
        DB_POOL_MAX: '7',
        DB_POOL_IDLE_TIMEOUT_MS: '12345',
        DB_POOL_ACQUIRE_TIMEOUT_MS: '2345',
        DB_POOL_MAX_LIFETIME_S: '77',
        DB_POOL_PRE_PING: 'false',
        DB_CONNECT_TIMEOUT_MS: '3456',
      });
      const pool = await nativePool(orm);
      if (type === 'postgresql') {
        expect(pool.options).toMatchObject({
          min: 2,
          max: 7,
          idleTimeoutMillis: 12345,
          connectionTimeoutMillis: 2345,
          maxLifetimeSeconds: 77,
          keepAlive: true,
          application_name: 'filamenta',
          database: db.name,
        });
        const [row] = await execute(orm, 'select application_name as id from pg_stat_activity where pid = pg_backend_pid()');
        expect(row.id).toBe('filamenta');
      } else {
        // mysql2 has no minimum; maxIdle at the limit lets idle connections live for idleTimeout.
        expect(pool.config).toMatchObject({ connectionLimit: 7, maxIdle: 7, idleTimeout: 12345 });
        // A new connection may take no longer than either limit allows.
        expect(pool.config?.connectionConfig).toMatchObject({ connectTimeout: 2345, enableKeepAlive: true, database: db.name });
      }
      expect(orm.poolStats()).toMatchObject({ max: 7 });
    });

    it('keeps idle connections for DB_POOL_IDLE_TIMEOUT_MS, then closes them down to DB_POOL_MIN (PostgreSQL) or none (mysql2)', async () => {
      const orm = await ormWith({ DB_POOL_MIN: '1', DB_POOL_MAX: '4', DB_POOL_IDLE_TIMEOUT_MS: '1500' });
      await (await holdConnections(orm, 3)).release();
      expect(orm.poolStats()).toEqual({ total: 3, idle: 3, waiting: 0, longestWaitMs: 0, max: 4 });
      const idleSince = Date.now();
      while (orm.poolStats()!.total === 3 && Date.now() - idleSince < 5000) await sleep(25);
      // pg times each client; mysql2 sweeps once a second.
      expect(Date.now() - idleSince).toBeGreaterThanOrEqual(1450);
      expect(Date.now() - idleSince).toBeLessThan(4000);
      const floor = type === 'postgresql' ? 1 : 0;
      while (orm.poolStats()!.total > floor && Date.now() - idleSince < 5000) await sleep(25);
      expect(orm.poolStats()).toEqual({ total: floor, idle: floor, waiting: 0, longestWaitMs: 0, max: 4 });
    });

    it('replaces a connection older than DB_POOL_MAX_LIFETIME_S, even one opened before the ORM first pinged', async () => {
      // As createRuntime builds it: no wait for the database, so a request may open the first connection.
      const orm = await ormWith({ DB_POOL_MAX: '1', DB_POOL_MAX_LIFETIME_S: '1', DB_POOL_PRE_PING: 'false' }, false);
      const first = await sessionId(orm);
      expect((await orm.ping()).ok).toBe(true);
      expect(await sessionId(orm)).toBe(first);
      await sleep(1200);
      expect(await sessionId(orm)).not.toBe(first);
    });

    it('runs the next query on a new session after the server ended the pooled one', async () => {
      const orm = await ormWith({ DB_POOL_MAX: '1', DB_POOL_PRE_PING: 'true' });
      const first = await sessionId(orm);
      await withDirect(db, (admin) => admin.terminate(first));
      await sleep(PAST_PING_THRESHOLD_MS);
      const second = await sessionId(orm);
      expect(second).not.toBe(first);
      expect(orm.poolStats()).toEqual({ total: 1, idle: 1, waiting: 0, longestWaitMs: 0, max: 1 });
    });

    it('with DB_POOL_PRE_PING, a connection the network dropped silently is replaced before use; without, the query fails', async () => {
      proxy = await startTcpProxy({ host: db.env.DB_HOST, port: Number(db.env.DB_PORT) });
      const viaProxy = { DB_HOST: '127.0.0.1', DB_PORT: String(proxy.port), DB_POOL_MAX: '1' };
      const checked = await ormWith({ ...viaProxy, DB_POOL_PRE_PING: 'true' });
      const unchecked = await ormWith({ ...viaProxy, DB_POOL_PRE_PING: 'false' });
      const before = await sessionId(checked);
      await sessionId(unchecked);

      proxy.forgetConnections();
      await sleep(PAST_PING_THRESHOLD_MS);

      expect(await sessionId(checked)).not.toBe(before);
      await expect(sessionId(unchecked)).rejects.toThrow(/ECONNRESET|terminated|closed/i);
      // The broken connection is gone from the pool with the failed query.
      expect(await sessionId(unchecked)).toEqual(expect.any(Number));
    });

    it('fails a query that waited DB_POOL_ACQUIRE_TIMEOUT_MS for a connection with a clear error, counting it as waiting meanwhile', async () => {
      const orm = await ormWith({ DB_POOL_MAX: '1', DB_POOL_ACQUIRE_TIMEOUT_MS: '400' });
      const holder = await holdConnections(orm, 1);
      try {
        const started = performance.now();
        const waiting = execute(orm, 'select 1 as id').then(
          () => undefined,
          (error: Error) => ({ error, afterMs: performance.now() - started }),
        );
        await sleep(100);
        expect(orm.poolStats()).toEqual({ total: 1, idle: 0, waiting: 1, longestWaitMs: expect.any(Number), max: 1 });
        const outcome = await waiting;
        expect(outcome?.error.message).toBe('Timed out after 400 ms waiting for a database connection (pool max 1)');
        expect(outcome?.afterMs).toBeGreaterThanOrEqual(390);
        expect(outcome?.afterMs).toBeLessThan(1500);
        expect(orm.poolStats()).toEqual({ total: 1, idle: 0, waiting: 0, longestWaitMs: 0, max: 1 });
      } finally {
        await holder.release();
      }
      expect(await execute(orm, 'select 1 as id')).toEqual([{ id: 1 }]);
      expect(orm.poolStats()).toEqual({ total: 1, idle: 1, waiting: 0, longestWaitMs: 0, max: 1 });
    });
  },
  ['mariadb', 'postgresql'],
);

/** Opens `count` connections at once: as many transactions, each kept open until all have begun. */
async function holdConnections(orm: Orm, count: number): Promise<{ release(): Promise<void> }> {
  let release!: () => void;
  const released = new Promise<void>((resolve) => (release = resolve));
  let begun = 0;
  let allBegun!: () => void;
  const ready = new Promise<void>((resolve) => (allBegun = resolve));
  const transactions = Array.from({ length: count }, () =>
    orm.fork().transactional(async (em) => {
      await em.getConnection().execute('select 1', [], 'all', em.getTransactionContext());
      if (++begun === count) allBegun();
      await released;
    }),
  );
  await Promise.race([ready, Promise.all(transactions)]);
  return {
    async release() {
      release();
      await Promise.all(transactions);
    },
  };
}

interface NativePool {
  /** pg */
  options?: Record<string, unknown>;
  /** mysql2 */
  config?: Record<string, unknown> & { connectionConfig: Record<string, unknown> };
}
