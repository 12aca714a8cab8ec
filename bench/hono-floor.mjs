/**
 * The framework's own floor: Hono on @hono/node-server doing what bench/bare-server.mjs does for
 * the probes and the public slug read (the same driver set-up and SQL, the same JSON), and sending
 * the headers the app must send (the security headers and a request id; on the item its ETag,
 * Cache-Control and Vary). Run beside the bare server and the app, it tells what the chosen stack
 * costs apart from the app's own work (bench/README.md, "The yardstick, corrected"). Not part of
 * `npm run bench`: started by hand, on a database the bench's seed filled.
 *
 * Environment: PORT, HOST, and the bare server's database variables (BARE_DB, BARE_SQLITE_PATH,
 * BARE_SQLITE_PRAGMAS, BARE_PG_URL, BARE_MYSQL_URL, BARE_POOL_MAX): the same database opened the same
 * way (yardstick.mjs). test/bench/bare-server.test.ts checks that it answers what the app answers.
 */
import { randomUUID } from 'node:crypto';

import { serve } from '@hono/node-server';
import { Hono } from 'hono';

import { SECURITY_HEADERS } from '../src/http/security.ts';
import { openDatabase, SUMMARY, summary } from './yardstick.mjs';

const env = process.env;
// The app's own list; this server's start is never timed, so it may take it from the TypeScript source.
const SECURITY = Object.fromEntries(SECURITY_HEADERS);

const db = await openDatabase(env);
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
