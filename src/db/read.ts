/**
 * Typed reads on the driver itself. A hot public read is built as a typed Kysely query, compiled
 * (parameters stay parameters) and run here on the driver's own handle or pool, prepared once per
 * SQL text: SQLite reuses its cached statement, PostgreSQL a named prepared statement per
 * connection. Kysely's and MikroORM's executors cost 10 to 30 us of CPU more per query, which is
 * most of a one-row read. Rows come back exactly as the same driver hands
 * them to Kysely; nothing here builds SQL from input.
 */
import { createHash } from 'node:crypto';

import type { SqlEntityManager } from '@mikro-orm/sql';
import type { CompiledQuery, Kysely } from 'kysely';

import type { Orm } from './orm.ts';

export type ReadFn = <R>(query: CompiledQuery<R>) => Promise<R[]>;

/**
 * The query builder typed reads are compiled with. Compiling touches no connection and no
 * identity map, so the ORM's own builder serves every request; `Orm.read` runs the result. The
 * MySQL-family drivers make that builder asynchronously, the first time it is needed (a Lambda's
 * first request may come before any connection), so it is awaited.
 */
export async function queryBuilder<DB>(orm: Pick<Orm, 'mikro'>): Promise<Kysely<DB>> {
  const em = orm.mikro.em as SqlEntityManager;
  await em.getConnection().initClient();
  return em.getKysely() as unknown as Kysely<DB>;
}

interface Statement {
  all(parameters: readonly unknown[]): unknown[];
}
export interface StatementSource {
  prepare(sql: string): unknown;
}

interface PgClient {
  query(config: { name: string; text: string; values: unknown[] }): Promise<{ rows: unknown[] }>;
  release(err?: Error | boolean): void;
}
export interface PgPoolLike {
  connect(): Promise<PgClient>;
}

interface MysqlConnectionLike {
  query(sql: string, values: unknown[], cb: (err: Error | null, rows: unknown) => void): void;
  release(): void;
}
export interface MysqlPoolLike {
  getConnection(cb: (err: Error | null, conn: MysqlConnectionLike) => void): void;
}

/** SQLite: the statement cache in `sqlite.ts` keeps one prepared statement per SQL text. */
export function sqliteReader(database: StatementSource): ReadFn {
  return async <R>(query: CompiledQuery<R>) => (database.prepare(query.sql) as Statement).all(query.parameters) as R[];
}

const MAX_NAMES = 256;

/** PostgreSQL: a named statement is parsed and planned once per connection, then only bound. */
export function pgReader(pool: () => Promise<PgPoolLike>): ReadFn {
  const names = new Map<string, string>();
  const nameOf = (sql: string) => {
    let name = names.get(sql);
    if (!name) {
      if (names.size >= MAX_NAMES) names.clear();
      name = `filamenta_${createHash('sha1').update(sql).digest('base64url')}`;
      names.set(sql, name);
    }
    return name;
  };
  return async <R>(query: CompiledQuery<R>) => {
    const client = await (await pool()).connect();
    try {
      const { rows } = await client.query({ name: nameOf(query.sql), text: query.sql, values: [...query.parameters] });
      client.release();
      return rows as R[];
    } catch (error) {
      client.release(error as Error);
      throw error;
    }
  };
}

/** MySQL/MariaDB: the same `query` call Kysely's driver makes, without its executor around it. */
export function mysqlReader(pool: () => Promise<MysqlPoolLike>): ReadFn {
  return async <R>(query: CompiledQuery<R>) => {
    const p = await pool();
    return new Promise<R[]>((resolve, reject) =>
      p.getConnection((err, conn) => {
        if (err) return reject(err);
        conn.query(query.sql, [...query.parameters], (error, rows) => {
          conn.release();
          if (error) reject(error);
          else resolve(rows as R[]);
        });
      }),
    );
  };
}

/** A datetime column as read on the driver: a Date (pg, mysql2), or the stored text or epoch number (SQLite). */
export function dateOf(value: Date | string | number): Date {
  if (value instanceof Date) return value;
  return new Date(typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : value);
}
