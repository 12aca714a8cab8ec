import { Hono } from 'hono';
import type { Orm } from '../../db/orm.ts';
import type { AppEnv } from '../../http/types.ts';

/** Pending migrations change only when someone migrates; re-read them at most this often. */
const MIGRATIONS_TTL_MS = 10_000;

/** Liveness (no database) and readiness (a round trip, pool figures, pending migrations). */
export function healthRoutes(orm: Orm) {
  let pending: { at: number; names: string[] } | undefined;
  const pendingMigrations = async () => {
    if (!pending || Date.now() - pending.at > MIGRATIONS_TTL_MS) pending = { at: Date.now(), names: await orm.pendingMigrations() };
    return pending.names;
  };

  return new Hono<AppEnv>()
    .get('/', (c) => c.json({ status: 'ok', uptimeS: Math.round(process.uptime()) }))
    .get('/ready', async (c) => {
      const ping = await orm.ping();
      const database = { type: orm.type, driver: orm.driver, ...ping, pool: orm.poolStats() };
      if (!ping.ok) return c.json({ status: 'unavailable', reason: 'database unreachable', database }, 503);
      let names: string[];
      try {
        names = await pendingMigrations();
      } catch (error) {
        c.var.log.warn({ err: error }, 'could not read the migrations table');
        return c.json({ status: 'unavailable', reason: 'migrations table unreadable', database }, 503);
      }
      const migrations = { pending: names.length, names };
      if (names.length) return c.json({ status: 'unavailable', reason: `${names.length} migration(s) pending`, database, migrations }, 503);
      return c.json({ status: 'ready', database, migrations });
    });
}
