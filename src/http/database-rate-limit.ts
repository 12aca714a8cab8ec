/**
 * Rate-limit counts in the app's own database, so every process and instance on it counts together
 * without Redis: rate-limiter-flexible's PostgreSQL, MySQL (MariaDB too) and SQLite stores, on the
 * ORM's own pool or handle, in the `rate_limits` table the migrations create (so `tableCreated`:
 * the library never runs DDL at request time). Only the primary is used: a count is a write.
 */
import RateLimiterMySQL from 'rate-limiter-flexible/lib/RateLimiterMySQL.js';
import RateLimiterPostgres from 'rate-limiter-flexible/lib/RateLimiterPostgres.js';
import RateLimiterSQLite from 'rate-limiter-flexible/lib/RateLimiterSQLite.js';

import type { DbConfig } from '../config.ts';
import type { Orm } from '../db/orm.ts';
import type { MysqlPoolLike, PgPoolLike, StatementSource } from '../db/read.ts';
import type { RateLimitStore } from './rate-limit.ts';

const TABLE = { tableName: 'rate_limits', tableCreated: true, clearExpiredByTimeout: false } as const;

interface NativeClientSource {
  getNativeClient(): Promise<unknown>;
}

/** The store of `orm`'s database; the pool is taken from the ORM on first use (it connects lazily). */
export function databaseRateLimitStore(orm: Pick<Orm, 'type' | 'mikro' | 'sqlite'>, db: Pick<DbConfig, 'name'>): RateLimitStore {
  const close = async () => undefined; // the ORM owns the connection
  if (orm.type === 'sqlite') {
    if (!orm.sqlite) throw new Error('a SQLite ORM without its handle');
    const storeClient = sqliteClient(orm.sqlite.statements);
    return {
      kind: 'sqlite',
      close,
      limiter: (options) => new RateLimiterSQLite({ ...options, ...TABLE, storeClient, storeType: 'better-sqlite3' }),
    };
  }
  let pool: Promise<unknown> | undefined;
  const nativePool = <P>() =>
    (pool ??= (orm.mikro.em.getConnection() as unknown as NativeClientSource).getNativeClient().catch((error: unknown) => {
      pool = undefined;
      throw error;
    })) as Promise<P>;
  if (orm.type === 'postgresql') {
    const storeClient = pgClient(() => nativePool<PgPoolLike>());
    return {
      kind: 'postgresql',
      close,
      limiter: (options) => new RateLimiterPostgres({ ...options, ...TABLE, storeClient, storeType: 'client' }),
    };
  }
  // A pool-shaped client: the library takes a connection per count (its upsert is a transaction).
  const storeClient = {
    getConnection: (cb: Parameters<MysqlPoolLike['getConnection']>[0]) =>
      void nativePool<MysqlPoolLike>().then(
        (p) => p.getConnection(cb),
        (error: Error) => cb(error, undefined as never),
      ),
  };
  return {
    kind: 'mysql',
    close,
    limiter: (options) => new RateLimiterMySQL({ ...options, ...TABLE, storeClient, storeType: 'pool', dbName: db.name }),
  };
}

/**
 * A client-shaped pg object: each query takes a pooled connection (with the pool's pre-ping and
 * acquire timeout, `pool.ts`) and gives it back. `pool.query` is not used: the tuned pool's
 * `connect` has no callback form.
 */
function pgClient(pool: () => Promise<PgPoolLike>) {
  return {
    async query(query: { name?: string; text: string; values?: unknown[] }) {
      const client = await (await pool()).connect();
      try {
        const result = await client.query(query as { name: string; text: string; values: unknown[] });
        client.release();
        return result;
      } catch (error) {
        client.release(error as Error);
        throw error;
      }
    },
  };
}

interface CachedStatement {
  all(parameters: readonly unknown[]): unknown[];
  run(parameters: readonly unknown[]): { changes: number | bigint };
}

/**
 * The better-sqlite3 shape the library calls, over the app's one SQLite handle, on either driver
 * (better-sqlite3 or node:sqlite) through the statement cache the typed reads use (its SQL is bound,
 * so each statement is prepared once). Each count is one `INSERT ... ON CONFLICT ... RETURNING`,
 * atomic by itself, so no transaction is opened: a transaction the ORM has open on the same handle
 * would refuse a nested BEGIN.
 */
function sqliteClient(statements: StatementSource) {
  return {
    prepare(sql: string) {
      const statement = statements.prepare(sql) as CachedStatement;
      return {
        get: (...parameters: unknown[]) => statement.all(parameters)[0],
        run: (...parameters: unknown[]) => statement.run(parameters),
      };
    },
    transaction: <T>(fn: () => T) => fn,
  };
}
