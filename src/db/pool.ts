/**
 * What pg and mysql2 do not do themselves: validate a pooled connection before handing it out
 * (SQLAlchemy's pool_pre_ping), recycle old connections on mysql2, and bound the wait for one.
 * Installed on the driver's own pool instance, so MikroORM keeps creating and closing it.
 */
import type { PoolConfig } from '../config.ts';

/** A connection used this recently is known good; pinging it again would only add a round trip. */
const PING_AFTER_IDLE_MS = 1000;

/** The same words on both drivers (pg's own is "timeout exceeded when trying to connect"); the code marks an outage (outage.ts). */
function acquireTimeout(config: PoolConfig): Error {
  const message = `Timed out after ${config.acquireTimeoutMs} ms waiting for a database connection (pool max ${config.max})`;
  return Object.assign(new Error(message), { code: 'POOL_ACQUIRE_TIMEOUT' });
}

/** What the ORM keeps of a tuned pool: its figures, and one round trip straight on the driver. */
export interface TunedPool {
  stats(): PoolStats;
  ping(): Promise<void>;
}

export interface PoolStats {
  total: number;
  idle: number;
  waiting: number;
  /** How long the caller waiting longest has waited so far, in ms (0 when nobody waits). */
  longestWaitMs: number;
  max: number;
}

/**
 * The callers waiting for a connection, by when they started: a Map keeps insertion order, so the
 * first entry left is the one waiting longest.
 */
function waitClock() {
  const since = new Map<object, number>();
  return {
    start(): object {
      const token = {};
      since.set(token, performance.now());
      return token;
    },
    stop(token: object): void {
      since.delete(token);
    },
    longestMs(): number {
      const first = since.values().next();
      return first.done ? 0 : Math.round(performance.now() - first.value);
    },
  };
}

interface PgClient {
  query(sql: string): Promise<unknown>;
  release(err?: Error | boolean): void;
}
interface PgPool {
  connect(): Promise<PgClient>;
  on(event: 'release', cb: (err: Error | undefined, client: PgClient) => void): void;
  options: Record<string, unknown>;
  totalCount: number;
  idleCount: number;
  waitingCount: number;
}

export function tunePgPool(pool: PgPool, config: PoolConfig): TunedPool {
  const lastUsed = new WeakMap<PgClient, number>();
  pool.on('release', (_err, client) => lastUsed.set(client, Date.now()));
  const poolConnect = pool.connect.bind(pool);
  const waits = waitClock();
  const connect = () => {
    const wait = waits.start();
    return poolConnect().then(
      (client) => {
        waits.stop(wait);
        return client;
      },
      (error: Error) => {
        waits.stop(wait);
        throw error.message === 'timeout exceeded when trying to connect' ? acquireTimeout(config) : error;
      },
    );
  };
  pool.connect = connect;
  if (config.prePing) {
    pool.connect = async () => {
      for (let attempt = 0; ; attempt++) {
        const client = await connect();
        const idle = Date.now() - (lastUsed.get(client) ?? 0);
        if (idle < PING_AFTER_IDLE_MS) return client;
        try {
          await client.query('select 1');
          return client;
        } catch (error) {
          client.release(error as Error); // destroys it
          if (attempt >= config.max) throw error;
        }
      }
    };
  }
  return {
    stats: () => ({
      total: pool.totalCount,
      idle: pool.idleCount,
      waiting: pool.waitingCount,
      longestWaitMs: waits.longestMs(),
      max: config.max,
    }),
    async ping() {
      const client = await pool.connect();
      try {
        await client.query('select 1');
      } catch (error) {
        client.release(error as Error); // destroys it
        throw error;
      }
      client.release();
    },
  };
}

interface MysqlConnection {
  ping(cb: (err: unknown) => void): void;
  query(sql: string, cb: (err: unknown) => void): void;
  destroy(): void;
  release(): void;
}
interface MysqlPool {
  getConnection(cb: (err: unknown, conn?: MysqlConnection) => void): void;
  on(event: 'connection' | 'release', cb: (conn: MysqlConnection) => void): void;
  config: { maxIdle: number; connectionLimit: number };
  _allConnections?: { length: number };
  _freeConnections?: { length: number };
}

export function tuneMysqlPool(pool: MysqlPool, config: PoolConfig): TunedPool {
  // mysql2 closes every idle connection above maxIdle at its next one-second sweep, whatever
  // idleTimeout says, and MikroORM sets maxIdle to pool.min: with the default min of 0 nothing
  // stayed pooled for more than a second. Idle connections now live for idleTimeout (mysql2 has
  // no floor, so pool.min is not kept open).
  // (Set after construction on purpose: mysql2 starts its idle sweep only when maxIdle < connectionLimit.)
  pool.config.maxIdle = pool.config.connectionLimit;
  const born = new WeakMap<MysqlConnection, number>();
  const lastUsed = new WeakMap<MysqlConnection, number>();
  // Callers not yet handed a connection; mysql2's own queue keeps those that gave up waiting.
  let waiting = 0;
  const waits = waitClock();
  pool.on('connection', (conn) => born.set(conn, Date.now()));
  pool.on('release', (conn) => lastUsed.set(conn, Date.now()));
  const getConnection = pool.getConnection.bind(pool);

  const acquire = (cb: (err: unknown, conn?: MysqlConnection) => void, attempt: number) => {
    getConnection((err, conn) => {
      if (err || !conn) return cb(err);
      const now = Date.now();
      // Connections opened before this was installed are timed from when they are first seen.
      if (!born.has(conn)) born.set(conn, now);
      if (config.maxLifetimeS > 0 && now - (born.get(conn) ?? now) > config.maxLifetimeS * 1000) {
        conn.destroy();
        return acquire(cb, attempt);
      }
      if (!config.prePing || now - (lastUsed.get(conn) ?? born.get(conn) ?? 0) < PING_AFTER_IDLE_MS) return cb(null, conn);
      conn.ping((pingErr) => {
        if (!pingErr) return cb(null, conn);
        conn.destroy();
        if (attempt >= config.max) return cb(pingErr);
        acquire(cb, attempt + 1);
      });
    });
  };

  pool.getConnection = (cb) => {
    let settled = false;
    const wait = waits.start();
    const settle = () => {
      settled = true;
      waiting--;
      waits.stop(wait);
    };
    waiting++;
    const timer = setTimeout(() => {
      settle();
      cb(acquireTimeout(config));
    }, config.acquireTimeoutMs);
    timer.unref();
    acquire((err, conn) => {
      clearTimeout(timer);
      if (settled) return conn?.release();
      settle();
      cb(err, conn);
    }, 0);
  };
  return {
    stats: () => ({
      total: pool._allConnections?.length ?? 0,
      idle: pool._freeConnections?.length ?? 0,
      waiting,
      longestWaitMs: waits.longestMs(),
      max: config.max,
    }),
    ping: () =>
      new Promise((resolve, reject) =>
        pool.getConnection((err, conn) => {
          if (err || !conn) return reject(err as Error);
          conn.query('select 1', (queryErr) => {
            if (queryErr) {
              conn.destroy();
              return reject(queryErr as Error);
            }
            conn.release();
            resolve();
          });
        }),
      ),
  };
}
