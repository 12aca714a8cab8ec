/**
 * A real database outage under load: `node adapters/node.js` reaches PostgreSQL or MariaDB through
 * a TCP forwarder that the test cuts (every connection dropped, new ones reset) while requests keep
 * coming, then restores. Every answer meanwhile is a 503 problem with Retry-After, never a 500; the
 * log says once that the database is gone and once that it is back; the service recovers by itself.
 */
import { afterAll, afterEach, beforeAll, expect, it } from 'vitest';

import { ADAPTER_SETUP_TOKEN, adminToken } from '#test/support/adapter-session.ts';
import { runNode } from '#test/support/child.ts';
import { provisionDatabase, type ProvisionedDb } from '#test/support/databases.ts';
import { describeEachDatabase } from '#test/support/matrix.ts';
import { httpRequest, type HttpResult, killLeftovers, pollUntil, startNodeAdapter, TcpForwarder } from '#test/support/process.ts';

const SECRET_KEY = 'Zq8vN2xR5tL9wK3mB7cF1hJ4pD6gS0yAeU2iO5nT8rW=';
const WORKERS = 4;

afterEach(killLeftovers);

describeEachDatabase(
  'node adapters/node.js through a database outage under load',
  (type) => {
    let db: ProvisionedDb;
    let forwarder: TcpForwarder;
    beforeAll(async () => {
      db = await provisionDatabase(type);
      const migrated = await runNode(['scripts/migrate.ts', 'up'], db.env);
      expect(migrated.code, migrated.stderr).toBe(0);
      forwarder = await TcpForwarder.start({ host: db.env.DB_HOST, port: Number(db.env.DB_PORT) });
      forwarder.pass();
    });
    afterAll(async () => {
      await forwarder?.close();
      await db?.drop();
    });

    it('answers only 503 problems with Retry-After while the database is cut, logs the outage once and its end once, and serves again', async () => {
      const { DB_USER: user, DB_PASSWORD: password, DB_TYPE: scheme } = db.env;
      const adapter = await startNodeAdapter({
        NODE_ENV: 'test',
        SECRET_KEY,
        MIGRATE_ON_START: 'false',
        SETUP_TOKEN: ADAPTER_SETUP_TOKEN,
        RATE_LIMIT_AUTH_PER_MINUTE: '0',
        DATABASE_URL: `${scheme}://${encodeURIComponent(user)}${password ? `:${encodeURIComponent(password)}` : ''}@127.0.0.1:${forwarder.port}/${db.name}`,
        DB_CONNECT_TIMEOUT_MS: '60000',
      });
      const token = await adminToken(adapter.url);
      const auth = { authorization: `Bearer ${token}` };

      // The load: public reads (typed reads on the driver), an admin list (the account read, then the
      // ORM) and creations (a transaction), round after round on every worker.
      let round = 0;
      const requests = [
        () => httpRequest(`${adapter.url}/api/v1/content?perPage=5`),
        () => httpRequest(`${adapter.url}/api/v1/users`, { headers: auth }),
        () =>
          httpRequest(`${adapter.url}/api/v1/content`, {
            method: 'POST',
            headers: { ...auth, 'content-type': 'application/json' },
            body: JSON.stringify({ title: `During the outage ${round++}` }),
          }),
      ];
      const answers: { phase: 'before' | 'cut' | 'after'; res: HttpResult }[] = [];
      let phase: 'before' | 'cut' | 'after' = 'before';
      let stop = false;
      const load = Promise.all(
        Array.from({ length: WORKERS }, async (_, worker) => {
          for (let i = worker; !stop; i++) answers.push({ phase, res: await requests[i % requests.length]() });
        }),
      );
      const answered = (when: typeof phase, status: number) => answers.filter((a) => a.phase === when && a.res.status === status).length;
      const waitFor = (what: string, condition: () => boolean) =>
        pollUntil(() => (condition() ? true : undefined), { timeoutMs: 30_000, intervalMs: 20, what });

      try {
        await waitFor('some answers before the cut', () => answered('before', 200) + answered('before', 201) >= 6);
        phase = 'cut';
        forwarder.refuse();
        await waitFor('30 answers during the cut', () => answers.filter((a) => a.phase === 'cut').length >= 30);
        phase = 'after';
        forwarder.pass();
        await waitFor('creations and reads to succeed again', () => answered('after', 201) >= 2 && answered('after', 200) >= 4);
        await adapter.waitForLog((l) => l.msg === 'database reachable again', 30_000, 'the line saying the database is back');
      } finally {
        stop = true;
        await load;
      }

      for (const { phase: when, res } of answers) {
        expect([200, 201, 503], `${when}: ${res.status} ${res.body}`).toContain(res.status);
        if (res.status !== 503) continue;
        expect(res.headers['retry-after']).toBe('5');
        expect(res.headers['content-type']).toBe('application/problem+json');
        expect(JSON.parse(res.body)).toEqual({
          type: 'about:blank',
          title: 'Service Unavailable',
          status: 503,
          detail: 'The database is unavailable. Retry later.',
          instance: expect.stringMatching(/^\/api\/v1\/(content|users)$/),
          requestId: res.headers['x-request-id'],
        });
      }
      // Most answers during the cut are 503s (a request already past the database may still succeed).
      expect(answered('cut', 503)).toBeGreaterThanOrEqual(20);

      const logs = adapter.logs;
      expect(logs.filter((l) => l.msg === 'database unavailable: answering 503 until it returns')).toEqual([
        expect.objectContaining({ level: 'warn', reason: expect.any(String) }),
      ]);
      expect(logs.filter((l) => l.msg === 'database reachable again')).toEqual([
        expect.objectContaining({ level: 'info', downForMs: expect.any(Number) }),
      ]);
      // No stack anywhere, no error line: the per-request lines are the access log (503 at warn).
      expect(logs.filter((l) => l.level === 'error' || l.level === 'fatal')).toEqual([]);
      expect(logs.filter((l) => 'err' in l)).toEqual([]);
      expect(adapter.stdout).not.toMatch(/\\n\s+at /);
      expect(adapter.stderr).toBe('');
      expect(adapter.exited).toBe(false);
    }, 120_000);
  },
  ['postgresql', 'mariadb'],
);
