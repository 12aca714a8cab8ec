/**
 * isDatabaseOutage (src/db/outage.ts) against the errors the real drivers raise when the database
 * is out of reach, and against the errors that are the request's or the code's fault; then the app
 * on SQLite held locked past busy_timeout (503 with Retry-After, then served again).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import mysql from 'mysql2/promise';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { createApp } from '#src/app.ts';
import { isDatabaseOutage } from '#src/db/outage.ts';
import { buildTestApp, type TestApp } from '#test/support/app.ts';
import { provisionDatabase, type ProvisionedDb } from '#test/support/databases.ts';
import { json } from '#test/support/http.ts';
import { capturedLogger } from '#test/support/log-sink.ts';
import { describeEachDatabase } from '#test/support/matrix.ts';
import { freePort, pollUntil } from '#test/support/process.ts';

type Native = { exec(sql: string): unknown; close(): unknown };
const BetterSqlite3 = createRequire(import.meta.url)('better-sqlite3') as new (path: string) => Native;
const { DatabaseSync } = process.getBuiltinModule('node:sqlite');

/** The error `fn` throws or rejects with. */
async function caught(fn: () => unknown): Promise<unknown> {
  try {
    await fn();
  } catch (error) {
    return error;
  }
  throw new Error('expected an error');
}

describe('isDatabaseOutage on SQLite', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'filamenta-outage-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it.each([
    ['better-sqlite3', (path: string) => new BetterSqlite3(path)],
    ['node:sqlite', (path: string) => new DatabaseSync(path) as Native],
  ])('%s: a write still locked out after busy_timeout is an outage; a constraint violation is not', async (_, open) => {
    const path = join(dir, `${Math.random()}.sqlite`);
    const holder = open(path);
    const other = open(path);
    try {
      holder.exec('create table t (id integer primary key, name text unique)');
      other.exec('pragma busy_timeout = 0');
      holder.exec('begin exclusive');
      expect(isDatabaseOutage(await caught(() => other.exec("insert into t (name) values ('a')")))).toBe(true);
      holder.exec('rollback');
      other.exec("insert into t (name) values ('a')");
      expect(isDatabaseOutage(await caught(() => other.exec("insert into t (name) values ('a')")))).toBe(false);
      expect(isDatabaseOutage(await caught(() => other.exec('selec 1')))).toBe(false);
    } finally {
      holder.close();
      other.close();
    }
  });
});

describeEachDatabase(
  'isDatabaseOutage on the network drivers',
  (type) => {
    let db: ProvisionedDb;
    beforeAll(async () => {
      db = await provisionDatabase(type);
    });
    afterAll(() => db?.drop());

    const connect = async () => {
      const { DB_HOST: host, DB_PORT: port, DB_USER: user, DB_PASSWORD: password, DB_NAME: database } = db.env;
      if (type === 'postgresql') {
        const client = new pg.Client({ host, port: Number(port), user, password, database });
        client.on('error', () => undefined);
        await client.connect();
        return {
          query: (sql: string) => client.query(sql),
          id: async () => (await client.query<{ id: number }>('select pg_backend_pid() as id')).rows[0].id,
          close: () => client.end().catch(() => undefined),
        };
      }
      const conn = await mysql.createConnection({ host, port: Number(port), user, password, database });
      conn.on('error', () => undefined);
      return {
        query: (sql: string) => conn.query(sql),
        id: async () => conn.threadId,
        close: () => conn.end().catch(() => undefined),
      };
    };

    it('a refused connection is an outage', async () => {
      const port = await freePort();
      const error =
        type === 'postgresql'
          ? await caught(() => new pg.Client({ host: '127.0.0.1', port }).connect())
          : await caught(() => mysql.createConnection({ host: '127.0.0.1', port, user: 'x' }));
      expect(isDatabaseOutage(error)).toBe(true);
    });

    it('a connection the server ends (an administrator, a restart) is an outage', async () => {
      const victim = await connect();
      const admin = await connect();
      try {
        const id = await victim.id();
        await admin.query(type === 'postgresql' ? `select pg_terminate_backend(${id})` : `kill ${id}`);
        const error = await pollUntil(() => caught(() => victim.query('select 1')).catch(() => undefined), {
          timeoutMs: 5000,
          what: 'the ended connection to fail',
        });
        expect(isDatabaseOutage(error), String(error)).toBe(true);
      } finally {
        await victim.close();
        await admin.close();
      }
    });

    it("a request's own mistakes are not: a duplicate key, a syntax error", async () => {
      const conn = await connect();
      try {
        await conn.query('create table outage_t (id int primary key)');
        await conn.query('insert into outage_t values (1)');
        expect(isDatabaseOutage(await caught(() => conn.query('insert into outage_t values (1)')))).toBe(false);
        expect(isDatabaseOutage(await caught(() => conn.query('selec 1')))).toBe(false);
      } finally {
        await conn.close();
      }
    });
  },
  ['postgresql', 'mariadb'],
);

describe('the app on SQLite held locked past busy_timeout', () => {
  let db: ProvisionedDb;
  let t: TestApp;
  beforeAll(async () => {
    db = await provisionDatabase('sqlite');
    t = await buildTestApp({ ...db.env, RATE_LIMIT_CONTACT_PER_MINUTE: '0' });
  });
  afterAll(async () => {
    await t?.close();
    await db?.drop();
  });

  it('answers 503 with Retry-After while another process holds the write lock, logs it once, then serves again', async () => {
    const { lines, logger } = capturedLogger();
    const app = createApp({ ...t, logger });
    const send = () =>
      app.request('/api/v1/contact', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ name: 'Ada', email: 'ada@example.com', message: 'Hello' }),
      });
    const holder = new BetterSqlite3(db.env.DB_PATH);
    try {
      holder.exec('begin exclusive');
      const res = await send();
      expect(res.status).toBe(503);
      expect(res.headers.get('retry-after')).toBe('5');
      expect(res.headers.get('content-type')).toBe('application/problem+json');
      expect(await json(res)).toMatchObject({ status: 503, detail: 'The database is unavailable. Retry later.' });
    } finally {
      holder.exec('rollback');
      holder.close();
    }
    const back = await pollUntil(
      async () => {
        const res = await send();
        return lines.some((l) => l.msg === 'database reachable again') && res.status === 202 ? res : undefined;
      },
      { timeoutMs: 15_000, intervalMs: 200, what: 'the app to serve again and say so' },
    );
    expect(back.status).toBe(202);
    expect(lines.filter((l) => l.msg === 'database unavailable: answering 503 until it returns')).toHaveLength(1);
    expect(lines.filter((l) => l.msg === 'database reachable again')).toHaveLength(1);
    expect(lines.filter((l) => 'err' in l)).toEqual([]);
  }, 30_000);
});
