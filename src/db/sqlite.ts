/**
 * SQLite through Kysely's SqliteDialect, on better-sqlite3 where its prebuilt binary loads and on
 * Node's built-in node:sqlite otherwise (shared hosts that cannot compile native addons).
 */
import { mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname } from 'node:path';

import { type SqliteDatabase, SqliteDialect, type SqliteStatement } from 'kysely';

import { ConfigError, type SqliteDriverChoice } from '../config.ts';

type SqliteDriverName = 'better-sqlite3' | 'node:sqlite';

/** WAL for concurrent readers, enforced foreign keys, waits instead of SQLITE_BUSY. */
export const SQLITE_PRAGMAS = ['journal_mode = WAL', 'foreign_keys = ON', 'busy_timeout = 5000', 'synchronous = NORMAL'];

const STATEMENT_CACHE_SIZE = 256;
/** Longer SQL is never cached: the typed reads are a few hundred characters. */
const CACHED_SQL_MAX_LENGTH = 4096;

type NativeConstructor = new (path: string) => NativeDatabase;

interface NativeDatabase {
  prepare(sql: string): unknown;
  exec(sql: string): unknown;
  close(): unknown;
}

export interface SqliteHandle {
  dialect: SqliteDialect;
  driver: SqliteDriverName;
  /** Why better-sqlite3 was not used, when it was not. */
  fallbackReason?: string;
  /** Runs a pragma and returns its first value (for tests). */
  pragma(name: string): unknown;
  /** One `select 1` on the open handle (readiness), through a statement prepared once. */
  ping(): void;
  /** Typed reads go straight to the handle: their statements are prepared once per SQL text and kept. */
  statements: Pick<SqliteDatabase, 'prepare'>;
}

/** Opens the database file (creating its folder) and returns a Kysely dialect over it. */
export function openSqlite(path: string, choice: SqliteDriverChoice): SqliteHandle {
  if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
  let fallbackReason: string | undefined;
  let native: NativeDatabase | undefined;
  let driver: SqliteDriverName = 'better-sqlite3';
  if (choice !== 'node') {
    let Database: NativeConstructor | undefined;
    try {
      Database = loadBetterSqlite3();
    } catch (error) {
      const reason = (error as Error).message.split('\n')[0];
      if (choice === 'better-sqlite3') {
        throw new ConfigError({
          DB_SQLITE_DRIVER: `better-sqlite3 cannot be loaded (${reason}); use auto or node for Node's built-in node:sqlite`,
        });
      }
      fallbackReason = reason;
    }
    // Outside the try: a file that cannot be opened is not a reason to change drivers.
    if (Database) native = new Database(path);
  }
  if (!native) {
    driver = 'node:sqlite';
    native = openNodeSqlite(path);
  }
  for (const pragma of SQLITE_PRAGMAS) native.exec(`pragma ${pragma}`);
  const { database, typedReads } = withStatementCache(native, driver);
  const selectOne = native.prepare('select 1') as { get(): unknown };
  return {
    dialect: new SqliteDialect({ database }),
    driver,
    fallbackReason,
    statements: typedReads,
    ping: () => void selectOne.get(),
    pragma: (name) => {
      const row = (database.prepare(`pragma ${name}`) as SqliteStatement).all([])[0] as Record<string, unknown> | undefined;
      return row ? Object.values(row)[0] : undefined;
    },
  };
}

/** require() alone does not load the native addon; the first database does. */
function loadBetterSqlite3(): NativeConstructor {
  const Database = createRequire(import.meta.url)('better-sqlite3') as NativeConstructor;
  new Database(':memory:').close();
  return Database;
}

function openNodeSqlite(path: string): NativeDatabase {
  const { DatabaseSync } = process.getBuiltinModule('node:sqlite');
  return new DatabaseSync(path);
}

/**
 * Kysely prepares every query anew; reusing prepared statements by SQL text is what lets typed
 * read queries keep up with hand-written driver code. MikroORM, though, inlines every value into
 * the SQL it sends, so its statements are unique and as large as the values they carry (a 1 MB
 * body makes a 1 MB statement): Kysely's path keeps only the statements it runs with bound
 * parameters, the typed reads (compiled queries, values always bound) keep theirs, and every other
 * statement is left to the garbage collector once run. Bounded by count and by SQL length.
 */
function withStatementCache(
  db: NativeDatabase,
  driver: SqliteDriverName,
): { database: SqliteDatabase; typedReads: Pick<SqliteDatabase, 'prepare'> } {
  const cache = new Map<string, SqliteStatement>();
  const wrap = (sql: string): SqliteStatement => {
    if (driver === 'better-sqlite3') return db.prepare(sql) as SqliteStatement;
    const stmt = db.prepare(sql) as {
      all(...p: unknown[]): unknown[];
      run(...p: unknown[]): { changes: number | bigint; lastInsertRowid: number | bigint };
      iterate(...p: unknown[]): IterableIterator<unknown>;
    };
    return {
      reader: /^\s*(select|pragma|explain|with|values)/i.test(sql) || /\breturning\b/i.test(sql),
      all: (params) => stmt.all(...params),
      run: (params) => stmt.run(...params),
      iterate: (params) => stmt.iterate(...params),
    };
  };
  const cached = (sql: string): SqliteStatement | undefined => {
    const stmt = cache.get(sql);
    if (stmt) {
      cache.delete(sql);
      cache.set(sql, stmt);
    }
    return stmt;
  };
  const keep = (sql: string, stmt: SqliteStatement): SqliteStatement => {
    if (sql.length > CACHED_SQL_MAX_LENGTH || cache.has(sql)) return stmt;
    if (cache.size >= STATEMENT_CACHE_SIZE) cache.delete(cache.keys().next().value as string);
    cache.set(sql, stmt);
    return stmt;
  };
  return {
    typedReads: { prepare: (sql) => cached(sql) ?? keep(sql, wrap(sql)) },
    database: {
      prepare(sql: string) {
        const hit = cached(sql);
        if (hit) return hit;
        const stmt = wrap(sql);
        const ranWith = (params: readonly unknown[]) => params.length > 0 && keep(sql, stmt);
        return {
          reader: stmt.reader,
          all: (params) => (ranWith(params), stmt.all(params)),
          run: (params) => (ranWith(params), stmt.run(params)),
          iterate: (params) => (ranWith(params), stmt.iterate(params)),
        };
      },
      close() {
        cache.clear();
        db.close();
      },
    },
  };
}
