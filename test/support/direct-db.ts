/**
 * A connection of its own to a provisioned database, beside any ORM: to see what a script left
 * behind without going through the code under test, and to act on the server from outside (end a
 * session) as an operator or a server restart would.
 */
import { DatabaseSync } from 'node:sqlite';

import mysql from 'mysql2/promise';
import pg from 'pg';

import type { ProvisionedDb } from './databases.ts';

type Row = Record<string, unknown>;

export interface DirectDb {
  /** Placeholders are `?` on every database. */
  query<T extends Row = Row>(sql: string, params?: unknown[]): Promise<T[]>;
  /** Quotes an identifier (`key` is reserved on MariaDB). */
  quote(name: string): string;
  /** Every table in the database, sorted. */
  tables(): Promise<string[]>;
  /** The settings table as key -> decoded JSON value. */
  settings(): Promise<Record<string, unknown>>;
  /** Ends another session on the server, as `pg_terminate_backend` or `KILL` would from a console. */
  terminate(sessionId: number): Promise<void>;
  close(): Promise<void>;
}

const TABLES_SQL = {
  sqlite: "select name from sqlite_master where type = 'table' and name not like 'sqlite_%'",
  mariadb: 'select table_name as name from information_schema.tables where table_schema = database()',
  postgresql: "select table_name as name from information_schema.tables where table_schema = 'public'",
};

/** Opens a connection to `db` with the same credentials the app is given. */
export async function connectDirect(db: ProvisionedDb): Promise<DirectDb> {
  const query = await openQuery(db);
  const quote = (name: string) => (db.type === 'mariadb' ? `\`${name}\`` : `"${name}"`);
  return {
    query: query as DirectDb['query'],
    quote,
    async tables() {
      return (await query(TABLES_SQL[db.type])).map((r) => String(r.name)).sort();
    },
    async settings() {
      const rows = await query(`select ${quote('key')} as k, ${quote('value')} as v from settings`);
      // PostgreSQL's driver decodes jsonb; the others hand back the JSON text.
      return Object.fromEntries(rows.map((r) => [r.k, typeof r.v === 'string' && db.type !== 'postgresql' ? JSON.parse(r.v) : r.v]));
    },
    async terminate(sessionId) {
      if (db.type === 'postgresql') await query('select pg_terminate_backend(?)', [sessionId]);
      else if (db.type === 'mariadb') await query(`kill ${Number(sessionId)}`);
      else throw new Error('SQLite has no sessions to end');
    },
    close: () => query.close(),
  };
}

/** Runs `fn` on a direct connection to `db`, closed afterwards. */
export async function withDirect<T>(db: ProvisionedDb, fn: (direct: DirectDb) => Promise<T>): Promise<T> {
  const direct = await connectDirect(db);
  try {
    return await fn(direct);
  } finally {
    await direct.close();
  }
}

type Query = ((sql: string, params?: unknown[]) => Promise<Row[]>) & { close(): Promise<void> };

async function openQuery(db: ProvisionedDb): Promise<Query> {
  const env = db.env;
  if (db.type === 'sqlite') {
    const sqlite = new DatabaseSync(env.DB_PATH);
    return Object.assign(async (sql: string, params: unknown[] = []) => sqlite.prepare(sql).all(...(params as never[])) as Row[], {
      close: async () => sqlite.close(),
    });
  }
  const options = { host: env.DB_HOST, port: Number(env.DB_PORT), user: env.DB_USER, password: env.DB_PASSWORD, database: env.DB_NAME };
  if (db.type === 'postgresql') {
    const client = new pg.Client(options);
    await client.connect();
    return Object.assign(
      async (sql: string, params: unknown[] = []) => {
        let n = 0;
        return (
          await client.query(
            sql.replace(/\?/g, () => `$${++n}`),
            params,
          )
        ).rows as Row[];
      },
      { close: () => client.end() },
    );
  }
  const conn = await mysql.createConnection({ ...options, jsonStrings: true });
  return Object.assign(async (sql: string, params: unknown[] = []) => (await conn.query(sql, params))[0] as Row[], {
    close: () => conn.end(),
  });
}
