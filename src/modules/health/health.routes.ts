import { Hono } from 'hono';

import type { Orm } from '../../db/orm.ts';
import type { Lifecycle } from '../../http/draining.ts';
import { json } from '../../http/respond.ts';
import type { AppEnv } from '../../http/types.ts';

/**
 * Once nothing is pending, only a deployment adds migrations: re-read at most this often. A
 * non-empty answer is never cached, so readiness turns green as soon as migrations have run.
 */
const MIGRATIONS_TTL_MS = 10_000;

/**
 * Liveness (no database) and readiness (a round trip, pool figures, pending migrations, and each
 * read replica up or down with its lag). A replica that is down does not make the app unready:
 * reads skip it for the primary; only the primary decides readiness. While an adapter drains
 * (`lifecycle`), readiness is 503 before any of that.
 */
export function healthRoutes(orm: Orm, lifecycle?: Lifecycle) {
  let upToDateAt = Number.NEGATIVE_INFINITY;
  const pendingMigrations = async () => {
    if (Date.now() - upToDateAt < MIGRATIONS_TTL_MS) return [];
    const names = await orm.pendingMigrations();
    if (!names.length) upToDateAt = Date.now();
    return names;
  };

  return new Hono<AppEnv>()
    .get('/', (c) => json(c, { status: 'ok', uptimeS: Math.round(process.uptime()) }, 200))
    .get('/ready', async (c) => {
      if (lifecycle?.draining) return c.json({ status: 'unavailable', reason: 'shutting down' }, 503);
      const [ping, replicas] = await Promise.all([orm.ping(), orm.replicaStatus()]);
      const database = { type: orm.type, driver: orm.driver, ...ping, pool: orm.poolStats(), ...(replicas.length ? { replicas } : {}) };
      if (!ping.ok) return c.json({ status: 'unavailable', reason: 'database unreachable', database }, 503);
      let names: string[];
      try {
        names = await pendingMigrations();
      } catch (error) {
        c.get('log').warn({ err: error }, 'could not read the migrations table');
        return c.json({ status: 'unavailable', reason: 'migrations table unreadable', database }, 503);
      }
      const migrations = { pending: names.length, names };
      if (names.length) return c.json({ status: 'unavailable', reason: `${names.length} migration(s) pending`, database, migrations }, 503);
      return json(c, { status: 'ready', database, migrations }, 200);
    });
}
