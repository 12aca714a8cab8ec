/**
 * The framework's own floor: Hono on @hono/node-server doing what bench/bare-server.mjs does for
 * the probes and the public slug read (the same driver set-up and SQL, the same JSON), and sending
 * the headers the app must send (the security headers and a request id; on the item its ETag,
 * Cache-Control and Vary). Run beside the bare server and the app, it tells what the chosen stack
 * costs apart from the app's own work (bench/README.md, "The yardstick, corrected"). Not part of
 * `npm run bench`: started by hand, on a database the bench's seed filled.
 *
 * Environment: PORT, HOST, FLOOR_DB (sqlite | postgresql | mariadb), FLOOR_SQLITE_PATH, FLOOR_PG_URL
 * (postgres://...), FLOOR_MYSQL_URL (mysql://...). test/bench/hono-floor.test.ts checks that it
 * answers what the app answers.
 */
import { randomUUID } from 'node:crypto';
import { createRequire } from 'node:module';

import { serve } from '@hono/node-server';
import { Hono } from 'hono';

import { SQLITE_PRAGMAS } from '../src/db/sqlite.ts';
import { SECURITY_HEADERS } from '../src/http/security.ts';
import { pgPlaceholders, SUMMARY, summary } from './bare-rows.mjs';

const env = process.env;
// The app's own list; this server's start is never timed, so it may take it from the TypeScript source.
const SECURITY = Object.fromEntries(SECURITY_HEADERS);

/** @returns {Promise<{ all(sql: string, params: unknown[]): Promise<any[]>; ping(): Promise<unknown> }>} */
async function openDatabase() {
  if (env.FLOOR_DB === 'sqlite') {
    const Database = createRequire(import.meta.url)('better-sqlite3');
    const db = new Database(env.FLOOR_SQLITE_PATH);
    for (const pragma of SQLITE_PRAGMAS) db.exec(`pragma ${pragma}`);
    const statements = new Map();
    const one = db.prepare('select 1 as one');
    return {
      async all(sql, params) {
        let statement = statements.get(sql);
        if (!statement) statements.set(sql, (statement = db.prepare(sql)));
        return statement.all(params);
      },
      ping: async () => one.get(),
    };
  }
  if (env.FLOOR_DB === 'postgresql') {
    const { default: pg } = await import('pg');
    const pool = new pg.Pool({ connectionString: env.FLOOR_PG_URL, max: 10 });
    const dollars = pgPlaceholders();
    return { all: async (sql, params) => (await pool.query(dollars(sql), params)).rows, ping: () => pool.query('select 1 as one') };
  }
  const { default: mysql } = await import('mysql2');
  const pool = mysql.createPool({ uri: env.FLOOR_MYSQL_URL, connectionLimit: 10, timezone: 'Z' });
  /** @type {(sql: string, params: unknown[]) => Promise<any>} */
  const all = (sql, params) =>
    new Promise((resolve, reject) => pool.query(sql, params, (error, rows) => (error ? reject(error) : resolve(rows))));
  return { all, ping: () => all('select 1 as one', []) };
}

const db = await openDatabase();
const started = Date.now();
const headers = (/** @type {Record<string, string>} */ more = {}) => ({ ...SECURITY, 'X-Request-Id': randomUUID(), ...more });

const app = new Hono()
  .get('/health', (c) => c.json({ status: 'ok', uptimeS: Math.round((Date.now() - started) / 1000) }, 200, headers()))
  .get('/health/ready', async (c) => {
    const t0 = performance.now();
    await db.ping();
    const latencyMs = Math.round((performance.now() - t0) * 100) / 100;
    return c.json({ status: 'ready', database: { ok: true, latencyMs } }, 200, headers());
  })
  .get('/api/v1/content/:slug', async (c) => {
    const [r] = await db.all(`select ${SUMMARY}, body from content where slug = ? and status in (?)`, [c.req.param('slug'), 'published']);
    if (!r) return c.json({ status: 404 }, 404, headers());
    const item = { ...summary(r), body: r.body };
    const cache = { ETag: `"${r.id}-${r.version}"`, 'Cache-Control': 'public, max-age=0, must-revalidate', Vary: 'Authorization' };
    return c.json(item, 200, headers(cache));
  });

serve({ fetch: app.fetch, port: Number(env.PORT ?? 3600), hostname: env.HOST ?? '127.0.0.1' });
