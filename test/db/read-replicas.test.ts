/**
 * Read replicas against real ones: a PostgreSQL streaming replica and a MariaDB binlog replica,
 * each made by the test on free ports (test/support/replication.ts). Which server answered is
 * proven by pausing replication and writing on the primary: the replica still holds the old row,
 * so an answer with the old row came from it and one with the new row from the primary.
 */
import { createServer, type Server, type Socket } from 'node:net';

import mysql from 'mysql2/promise';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import type { Services } from '#src/services.ts';
import { buildTestApp, type TestApp } from '#test/support/app.ts';
import { PASSWORD, SETUP_TOKEN } from '#test/support/auth.ts';
import { provisionDatabase, type ProvisionedDb } from '#test/support/databases.ts';
import { type Json, json } from '#test/support/http.ts';
import { mariadbReplicationProblem } from '#test/support/mariadb-replica.ts';
import { describeEachDatabase } from '#test/support/matrix.ts';
import { describeNeeding } from '#test/support/needs.ts';
import { postgresReplicationProblem } from '#test/support/postgres-replica.ts';
import { pollUntil } from '#test/support/process.ts';
import { type ReplicatedDatabase, type ReplicatedType, startReplication } from '#test/support/replication.ts';

const PROBLEMS: Record<ReplicatedType, string | undefined> = {
  postgresql: postgresReplicationProblem(),
  mariadb: mariadbReplicationProblem(),
};

for (const type of ['postgresql', 'mariadb'] as const) {
  describeNeeding(PROBLEMS[type], `${type} read replica`)(`read replicas on ${type}`, () => {
    let db: ReplicatedDatabase;
    let t: TestApp;
    let token: string;

    const request = (method: string, path: string, options: { token?: string; body?: unknown; headers?: Record<string, string> } = {}) =>
      t.app.request(path, {
        method,
        headers: {
          ...(options.token ? { authorization: `Bearer ${options.token}` } : {}),
          ...(options.body === undefined ? {} : { 'content-type': 'application/json' }),
          ...options.headers,
        },
        body: options.body === undefined ? undefined : JSON.stringify(options.body),
      });
    const get = async (path: string, asAdmin = false): Promise<{ status: number; body: Json }> => {
      const res = await request('GET', path, { token: asAdmin ? token : undefined });
      return { status: res.status, body: await json(res) };
    };
    const count = async (node: 'primary' | 'replica', sql: string) => Number(Object.values((await db.query(node, sql))[0])[0]);
    /** Retitles item `id` as the admin, through the API (on the primary). */
    const retitle = async (id: number, title: string) => {
      const current = await request('GET', `/api/v1/content/${id}`, { token });
      const res = await request('PATCH', `/api/v1/content/${id}`, {
        token,
        body: { title },
        headers: { 'if-match': current.headers.get('etag') ?? '' },
      });
      expect(res.status).toBe(200);
    };
    /** Replication paused for `run`, then resumed and caught up. */
    const whilePaused = async (run: () => Promise<void>) => {
      await db.pauseReplication();
      try {
        await run();
      } finally {
        await db.resumeReplication();
        await db.waitForCatchUp();
      }
    };

    beforeAll(async () => {
      if (PROBLEMS[type]) throw new Error(PROBLEMS[type]);
      db = await startReplication(type);
      if (type === 'mariadb') {
        // SHOW SLAVE STATUS, for the lag, needs SLAVE MONITOR; the grant replicates to the replica.
        const root = await mysql.createConnection({ host: '127.0.0.1', port: db.ports.primary, user: 'root' });
        await root.query(`grant slave monitor on *.* to ${db.user}@'127.0.0.1'`);
        await root.end();
      }
      t = await buildTestApp({
        ...db.appEnv(),
        DB_READ_REPLICA_URLS: db.url('replica'),
        SETUP_TOKEN,
        RATE_LIMIT_AUTH_PER_MINUTE: '0',
      });
      const setup = await request('POST', '/api/v1/setup', {
        body: { token: SETUP_TOKEN, username: 'root', email: 'root@example.com', password: PASSWORD },
      });
      expect(setup.status).toBe(201);
      token = (await json(await request('POST', '/api/v1/auth/login', { body: { login: 'root', password: PASSWORD } }))).accessToken;
      await db.waitForCatchUp();
    }, 120_000);

    afterAll(async () => {
      await t?.close();
      await db?.stop();
    });

    it('configures one replica and keeps the public readers apart from the primary ones', () => {
      expect(t.config.db.replicas).toHaveLength(1);
      expect(t.orm.readReplica).not.toBe(t.orm.read);
      const services: Services = t.services;
      expect(services.publicContent).not.toBe(services.content);
    });

    it('anonymous reads come from the replica; the signed-in writer reads its own write from the primary', async () => {
      const created = await json(
        await request('POST', '/api/v1/content', { token, body: { title: 'Before', body: 'x', status: 'published' } }),
      );
      await db.waitForCatchUp();
      expect((await get(`/api/v1/content/${created.slug}`)).body.title).toBe('Before');

      await whilePaused(async () => {
        await retitle(created.id, 'After');
        // The primary has the new title, the replica not yet.
        expect(await db.query('primary', `select title from content where id = ${created.id}`)).toEqual([{ title: 'After' }]);
        expect(await db.query('replica', `select title from content where id = ${created.id}`)).toEqual([{ title: 'Before' }]);

        const anonymous = await get(`/api/v1/content/${created.slug}`);
        expect(anonymous).toMatchObject({ status: 200, body: { title: 'Before' } });
        expect((await get(`/api/v1/content/${created.id}`)).body.title).toBe('Before');
        const list = await get('/api/v1/content?perPage=100');
        expect(list.body.items.find((item: Json) => item.id === created.id).title).toBe('Before');

        const signedIn = await get(`/api/v1/content/${created.slug}`, true);
        expect(signedIn).toMatchObject({ status: 200, body: { title: 'After' } });
        const signedInList = await get('/api/v1/content?perPage=100', true);
        expect(signedInList.body.items.find((item: Json) => item.id === created.id).title).toBe('After');
      });
      // Caught up, the replica answers the new title too.
      expect((await get(`/api/v1/content/${created.slug}`)).body.title).toBe('After');
    });

    it('the public config, the stats and the audit log are read on the replica; the admin settings on the primary', async () => {
      await whilePaused(async () => {
        const patched = await request('PATCH', '/api/v1/settings', { token, body: { site_name: 'Changed on the primary' } });
        expect(patched.status).toBe(200);
        expect((await json(patched)).site_name).toBe('Changed on the primary');
        expect((await get('/api/v1/config')).body.siteName).not.toBe('Changed on the primary');
        expect((await get('/api/v1/settings', true)).body.site_name).toBe('Changed on the primary');

        await request('POST', '/api/v1/content', { token, body: { title: 'Only on the primary', status: 'published' } });
        const published = (await get('/api/v1/stats', true)).body.content.published;
        expect(published).toBe(await count('replica', "select count(*) from content where status = 'published'"));
        expect(published).toBeLessThan(await count('primary', "select count(*) from content where status = 'published'"));

        const audit = await get('/api/v1/audit?perPage=1', true);
        expect(audit.status).toBe(200);
        expect(audit.body.total).toBe(await count('replica', 'select count(*) from audit_events'));
        expect(audit.body.total).toBeLessThan(await count('primary', 'select count(*) from audit_events'));
      });
      expect((await get('/api/v1/config')).body.siteName).toBe('Changed on the primary');
    });

    it('readiness lists the replica up with its lag, and the lag while replication is paused', async () => {
      const ready = await get('/health/ready');
      expect(ready.status).toBe(200);
      const [replica] = ready.body.database.replicas;
      expect(replica).toMatchObject({ name: 'replica-1', ok: true, lagS: 0, latencyMs: expect.any(Number) });
      if (type === 'postgresql') expect(replica.lagBytes).toBe(0);

      await whilePaused(async () => {
        await request('POST', '/api/v1/content', { token, body: { title: 'Written while paused' } });
        const paused = (await get('/health/ready')).body.database.replicas[0];
        expect(paused.ok).toBe(true);
        if (type === 'postgresql') {
          // Behind by WAL bytes, and by the age of the last replayed transaction.
          expect(paused.lagBytes).toBeGreaterThan(0);
          expect(paused.lagS).toBeGreaterThan(0);
        } else {
          // MariaDB says NULL while the replica's SQL thread is stopped: the lag is unknown.
          expect(paused.lagS).toBeNull();
        }
      });
    });

    it('a stopped replica is skipped (reads keep answering 200, readiness says it is down) and used again once back', async () => {
      const created = await json(await request('POST', '/api/v1/content', { token, body: { title: 'Steady', status: 'published' } }));
      await db.waitForCatchUp();
      // Warm the replica's pool, so that the stop breaks connections in use, not only new ones.
      expect((await get(`/api/v1/content/${created.slug}`)).body.title).toBe('Steady');
      await db.stopReplica({ crash: true });
      try {
        await retitle(created.id, 'Written while the replica was down');
        for (let i = 0; i < 5; i++) {
          const read = await get(`/api/v1/content/${created.slug}`);
          expect(read).toMatchObject({ status: 200, body: { title: 'Written while the replica was down' } });
          expect((await get('/api/v1/content')).status).toBe(200);
          expect((await get('/api/v1/config')).status).toBe(200);
          expect((await get('/api/v1/stats', true)).status).toBe(200);
          expect((await get('/api/v1/audit', true)).status).toBe(200);
        }
        const ready = await get('/health/ready');
        expect(ready.status).toBe(200);
        expect(ready.body.status).toBe('ready');
        expect(ready.body.database.ok).toBe(true);
        expect(ready.body.database.replicas[0]).toMatchObject({ name: 'replica-1', ok: false, lagS: null, error: expect.any(String) });
        expect(ready.body.database.replicas[0].error).not.toContain(db.password || 'no password to leak');
      } finally {
        await db.startReplica();
      }
      await db.waitForCatchUp();
      await whilePaused(async () => {
        await retitle(created.id, 'Newer, on the primary only');
        // No readiness probe here: the reads themselves try the replica again and go back to it.
        const title = await pollUntil(
          async () => {
            const { body } = await get(`/api/v1/content/${created.slug}`);
            return body.title === 'Written while the replica was down' ? body.title : undefined;
          },
          { timeoutMs: 45_000, intervalMs: 200, what: 'anonymous reads to use the restarted replica again' },
        );
        expect(title).toBe('Written while the replica was down');
      });
      expect((await get('/health/ready')).body.database.replicas[0]).toMatchObject({ ok: true });
    }, 90_000);
  });
}

/** A TCP port that accepts connections and never says a word: a replica that hangs. */
async function silentServer(): Promise<{ port: number; close(): Promise<void> }> {
  const sockets = new Set<Socket>();
  const server: Server = createServer((socket) => {
    sockets.add(socket);
    socket.on('error', () => undefined);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as { port: number }).port,
    close: () =>
      new Promise((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

describeEachDatabase(
  'a read replica that accepts connections and never answers',
  (type) => {
    let silent: Awaited<ReturnType<typeof silentServer>>;
    let database: ProvisionedDb;
    let t: TestApp;
    beforeAll(async () => {
      silent = await silentServer();
      database = await provisionDatabase(type);
      const scheme = type === 'postgresql' ? 'postgresql' : 'mariadb';
      t = await buildTestApp({ ...database.env, DB_READ_REPLICA_URLS: `${scheme}://filamenta:pw@127.0.0.1:${silent.port}/filamenta` });
    });
    afterAll(async () => {
      await t?.close();
      await database?.drop();
      await silent?.close();
    });

    it('public reads answer from the primary once the replica timed out, and readiness answers 200 without waiting for it', async () => {
      expect((await t.app.request('/api/v1/content')).status).toBe(200);
      expect((await t.app.request('/api/v1/config')).status).toBe(200);
      const ready = await t.app.request('/health/ready');
      expect(ready.status).toBe(200);
      expect((await json(ready)).database.replicas).toEqual([
        expect.objectContaining({ name: 'replica-1', ok: false, lagS: null, error: 'no answer within 2000 ms' }),
      ]);
    }, 30_000);
  },
  ['postgresql', 'mariadb'],
);

describe('without replicas', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await buildTestApp({ DATABASE_URL: 'sqlite::memory:' });
  });
  afterAll(async () => {
    await t?.close();
  });

  it('public reads use the primary reader itself, and readiness lists no replicas', async () => {
    expect(t.orm.readReplica).toBe(t.orm.read);
    expect(t.services.publicContent).toBe(t.services.content);
    expect(t.services.publicSettings).toBe(t.services.settings);
    expect(await t.orm.onReplica(async (connectionType) => connectionType)).toBe('write');
    const ready = await json(await t.app.request('/health/ready'));
    expect(ready.status).toBe('ready');
    expect(ready.database).not.toHaveProperty('replicas');
  });
});
