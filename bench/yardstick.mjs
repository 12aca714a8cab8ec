// @ts-check
/**
 * What the bench's yardsticks (bare-server.mjs, hono-floor.mjs) share: the database opened the way
 * `src/db` opens it, with the same driver, and a content row shaped as the app's JSON. Plain
 * JavaScript, so a yardstick that imports it pays no type stripping at start.
 */
import { createRequire } from 'node:module';

/**
 * @typedef {Record<string, any>} DbRow
 * @typedef {{ all(sql: string, params?: unknown[]): Promise<DbRow[]>; insert(sql: string, params: unknown[]): Promise<number>; run(sql: string, params: unknown[]): Promise<void> }} Queryable
 * @typedef {Queryable & { ping(): Promise<unknown>; tx<T>(work: (q: Queryable) => Promise<T>): Promise<T>; quote(name: string): string }} Db
 */

/**
 * The database as `src/db` sets it up (see bare-server.mjs), from BARE_DB, BARE_SQLITE_PATH,
 * BARE_SQLITE_PRAGMAS, BARE_PG_URL, BARE_MYSQL_URL and BARE_POOL_MAX.
 * @param {NodeJS.ProcessEnv} env
 * @returns {Promise<Db>}
 */
export async function openDatabase(env) {
  if (env.BARE_DB === 'sqlite') {
    /** @type {typeof import('better-sqlite3')} */
    const Database = createRequire(import.meta.url)('better-sqlite3');
    const db = new Database(env.BARE_SQLITE_PATH ?? ':memory:');
    for (const pragma of JSON.parse(env.BARE_SQLITE_PRAGMAS ?? '[]')) db.exec(`pragma ${pragma}`);
    /** @type {Map<string, import('better-sqlite3').Statement>} */
    const statements = new Map();
    const statement = (/** @type {string} */ sql) => {
      let s = statements.get(sql);
      if (!s) statements.set(sql, (s = db.prepare(sql)));
      return s;
    };
    // better-sqlite3 binds neither Dates nor booleans; MikroORM stores times as epoch milliseconds.
    const bind = (/** @type {unknown[]} */ params) =>
      params.map((p) => (p instanceof Date ? p.getTime() : typeof p === 'boolean' ? Number(p) : p));
    /** @type {Queryable} */
    const q = {
      all: async (sql, params = []) => /** @type {DbRow[]} */ (statement(sql).all(...bind(params))),
      insert: async (sql, params) => Number(statement(sql).run(...bind(params)).lastInsertRowid),
      run: async (sql, params) => void statement(sql).run(...bind(params)),
    };
    // One connection: transactions take turns.
    let turn = Promise.resolve();
    return {
      ...q,
      quote: (name) => `"${name}"`,
      ping: () => q.all('select 1 as one'),
      tx(work) {
        const result = turn.then(async () => {
          db.exec('begin');
          try {
            const out = await work(q);
            db.exec('commit');
            return out;
          } catch (error) {
            db.exec('rollback');
            throw error;
          }
        });
        turn = result.then(
          () => undefined,
          () => undefined,
        );
        return result;
      },
    };
  }
  if (env.BARE_DB === 'mariadb') {
    // mysql2's callback API, as the app's dialect (Kysely's MysqlDialect under MikroORM) calls it:
    // mysql2/promise captures a stack trace for every query (about 6 us and its garbage per query
    // on the bench machine), which the app never pays.
    const { default: mysql } = await import('mysql2');
    const pool = mysql.createPool({ uri: env.BARE_MYSQL_URL, connectionLimit: Number(env.BARE_POOL_MAX ?? 10), timezone: 'Z' });
    /** @param {import('mysql2').Pool | import('mysql2').PoolConnection} c @param {string} sql @param {unknown[]} params @returns {Promise<any>} */
    const query = (c, sql, params) =>
      new Promise((resolve, reject) => c.query(sql, params, (error, result) => (error ? reject(error) : resolve(result))));
    /** @param {(callback: (error: Error | null) => void) => void} step @returns {Promise<void>} */
    const done = (step) => new Promise((resolve, reject) => step((error) => (error ? reject(error) : resolve())));
    /** @param {import('mysql2').Pool | import('mysql2').PoolConnection} c @returns {Queryable} */
    const on = (c) => ({
      all: async (sql, params = []) => /** @type {DbRow[]} */ (await query(c, sql, params)),
      insert: async (sql, params) => /** @type {import('mysql2').ResultSetHeader} */ (await query(c, sql, params)).insertId,
      run: async (sql, params) => void (await query(c, sql, params)),
    });
    return {
      ...on(pool),
      quote: (name) => `\`${name}\``,
      ping: () => query(pool, 'select 1 as one', []),
      async tx(work) {
        /** @type {import('mysql2').PoolConnection} */
        const c = await new Promise((resolve, reject) =>
          pool.getConnection((error, connection) => (error ? reject(error) : resolve(connection))),
        );
        try {
          await done((callback) => c.beginTransaction(callback));
          const out = await work(on(c));
          await done((callback) => c.commit(callback));
          return out;
        } catch (error) {
          await done((callback) => c.rollback(callback));
          throw error;
        } finally {
          c.release();
        }
      },
    };
  }
  const { default: pg } = await import('pg');
  const pool = new pg.Pool({ connectionString: env.BARE_PG_URL, max: Number(env.BARE_POOL_MAX ?? 10) });
  const dollars = pgPlaceholders();
  /** @param {import('pg').Pool | import('pg').PoolClient} c @returns {Queryable} */
  const on = (c) => ({
    all: async (sql, params = []) => (await c.query(dollars(sql), params)).rows,
    insert: async (sql, params) => Number((await c.query(dollars(`${sql} returning id`), params)).rows[0].id),
    run: async (sql, params) => void (await c.query(dollars(sql), params)),
  });
  return {
    ...on(pool),
    quote: (name) => `"${name}"`,
    ping: () => pool.query('select 1 as one'),
    async tx(work) {
      const c = await pool.connect();
      try {
        await c.query('begin');
        const out = await work(on(c));
        await c.query('commit');
        return out;
      } catch (error) {
        await c.query('rollback');
        throw error;
      } finally {
        c.release();
      }
    },
  };
}

/** `?` placeholders as pg's `$1, $2...`, each SQL text converted once. */
function pgPlaceholders() {
  /** @type {Map<string, string>} */
  const numbered = new Map();
  return (/** @type {string} */ sql) => {
    let out = numbered.get(sql);
    if (!out) {
      let n = 0;
      numbered.set(sql, (out = sql.replace(/\?/g, () => `$${++n}`)));
    }
    return out;
  };
}

/** A datetime as the drivers hand it (a Date, or SQLite's stored text or epoch number), as ISO 8601. */
export const iso = (/** @type {unknown} */ v) =>
  v == null
    ? null
    : new Date(typeof v === 'string' && /^\d+$/.test(v) ? Number(v) : /** @type {string | number | Date} */ (v)).toISOString();

export const SUMMARY = 'id, slug, title, excerpt, type, status, author_id, published_at, created_at, updated_at, version';

/** @param {Record<string, any>} r */
export const summary = (r) => ({
  id: Number(r.id),
  slug: r.slug,
  title: r.title,
  excerpt: r.excerpt,
  type: r.type,
  status: r.status,
  authorId: r.author_id == null ? null : Number(r.author_id),
  publishedAt: iso(r.published_at),
  createdAt: iso(r.created_at),
  updatedAt: iso(r.updated_at),
  version: Number(r.version),
});
