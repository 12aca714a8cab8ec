// @ts-check
/**
 * The baseline the app is measured against: plain node:http and the same driver, set up the way
 * src/db does it (better-sqlite3 with the app's pragmas, or a pg Pool of the app's size), and no
 * framework, ORM, logger or middleware. Plain JavaScript so it pays no type stripping at start-up.
 *
 * Environment: PORT, HOST, BARE_DB (sqlite | postgresql), BARE_SQLITE_PATH, BARE_SQLITE_PRAGMAS
 * (JSON list), BARE_PG_URL, BARE_POOL_MAX, BARE_HEADERS=1 (also send the app's security headers and
 * a request id, to tell what those bytes cost from what the framework costs), PASSENGER_BASE_URI (set
 * by Passenger: the prefix its requests keep).
 */
import { randomUUID } from 'node:crypto';
import { createServer } from 'node:http';
import { createRequire } from 'node:module';
import { SECURITY_HEADERS } from '../src/http/security.ts';

const env = process.env;
const started = Date.now();

/** @returns {Promise<() => Promise<unknown>>} one `select 1` round trip */
async function openDatabase() {
  if (env.BARE_DB === 'sqlite') {
    /** @type {typeof import('better-sqlite3')} */
    const Database = createRequire(import.meta.url)('better-sqlite3');
    const db = new Database(env.BARE_SQLITE_PATH ?? ':memory:');
    for (const pragma of JSON.parse(env.BARE_SQLITE_PRAGMAS ?? '[]')) db.exec(`pragma ${pragma}`);
    const select = db.prepare('select 1 as one');
    return async () => select.get();
  }
  const { default: pg } = await import('pg');
  const pool = new pg.Pool({ connectionString: env.BARE_PG_URL, max: Number(env.BARE_POOL_MAX ?? 10) });
  return () => pool.query('select 1 as one');
}

const selectOne = await openDatabase();
const withHeaders = env.BARE_HEADERS === '1';
const EXTRA_HEADERS = Object.fromEntries(SECURITY_HEADERS);

/**
 * @param {import('node:http').ServerResponse} res
 * @param {number} status
 * @param {unknown} body
 */
function json(res, status, body) {
  const text = JSON.stringify(body);
  /** @type {Record<string, string | number>} */
  const headers = { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) };
  if (withHeaders) Object.assign(headers, EXTRA_HEADERS, { 'x-request-id': randomUUID() });
  res.writeHead(status, headers);
  res.end(text);
}

// Under Passenger the request keeps the application URL in front (PASSENGER_BASE_URI).
const BASE = env.PASSENGER_BASE_URI ?? '';

const server = createServer(async (req, res) => {
  const path = BASE && req.url?.startsWith(`${BASE}/`) ? req.url.slice(BASE.length) : req.url;
  if (path === '/health') return json(res, 200, { status: 'ok', uptimeS: Math.round((Date.now() - started) / 1000) });
  if (path === '/health/ready') {
    const t0 = performance.now();
    try {
      await selectOne();
      return json(res, 200, { status: 'ready', database: { ok: true, latencyMs: Math.round((performance.now() - t0) * 100) / 100 } });
    } catch (error) {
      return json(res, 503, { status: 'unavailable', reason: String(error) });
    }
  }
  json(res, 404, { status: 404 });
});
server.keepAliveTimeout = 65_000;
server.listen(Number(env.PORT ?? 3500), env.HOST ?? '127.0.0.1');
process.on('SIGTERM', () => process.exit(0));
