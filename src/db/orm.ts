/**
 * `createOrm(config)`: the one place that knows about database drivers. It picks the driver,
 * maps the pool settings onto it, turns on the SQLite pragmas and waits for the database.
 */
import { setTimeout as sleep } from 'node:timers/promises';

import { MikroORM, type Options } from '@mikro-orm/core';
import type { Migrator } from '@mikro-orm/migrations';
import type { AbstractSqlDriver, SqlEntityManager } from '@mikro-orm/sql';

import type { Config, DbConfig, DbType } from '../config.ts';
import { describeDatabase } from '../config.ts';
import type { Logger } from '../logger.ts';
import { ENTITIES } from './entities/index.ts';
import { MIGRATIONS_TABLE, readHistory, recordedNames, runMigrations } from './migrations/history.ts';
import { loadMigrations } from './migrations/index.ts';
import { createQueryObservers, observeConnection, observeReads, type QueryObserver } from './observe.ts';
import { type PoolStats, type TunedPool, tuneMysqlPool, tunePgPool } from './pool.ts';
import { type MysqlPoolLike, mysqlReader, type PgPoolLike, pgReader, type ReadFn, sqliteReader } from './read.ts';
import { type ConnectionType, createReplicas, replicaPool, type ReplicaStatus } from './replicas.ts';
import { openSqlite, type SqliteHandle } from './sqlite.ts';

export type DriverName = 'better-sqlite3' | 'node:sqlite' | 'pg' | 'mysql2';

export interface Orm {
  readonly mikro: MikroORM;
  readonly type: DbType;
  readonly driver: DriverName;
  /** SQLite only: run a pragma and read its value. */
  readonly sqlite?: SqliteHandle;
  /** A fresh EntityManager for one request or one script step. */
  fork(): SqlEntityManager;
  /** One round trip to the database. */
  ping(): Promise<{ ok: true; latencyMs: number } | { ok: false; latencyMs: number; error: string }>;
  /** Connection pool figures where the driver gives them (not SQLite). */
  poolStats(): PoolStats | undefined;
  /** Runs a compiled typed (Kysely) read on the driver itself, prepared once per SQL text (`read.ts`). */
  read: ReadFn;
  /**
   * `read` on a read replica that answers (DB_READ_REPLICA_URLS), else on the primary; `read`
   * itself without replicas. For reads that may lag behind the writes: public and aggregate ones.
   */
  readReplica: ReadFn;
  /**
   * Runs EntityManager reads that may lag behind the writes with the connection type to pass them
   * (`connectionType`): 'read' (a replica that answers) when there are replicas, else 'write'.
   */
  onReplica<T>(task: (connectionType: ConnectionType) => Promise<T>): Promise<T>;
  /** Each read replica's state and lag (pinging it); empty without replicas. */
  replicaStatus(): Promise<ReplicaStatus[]>;
  /** Puts `observer` around every query from now on (metrics, traces); returns its removal. */
  observeQueries(observer: QueryObserver): () => void;
  /** This version's migrations the migrations table does not record (former names count as theirs). */
  pendingMigrations(): Promise<string[]>;
  /**
   * Runs the pending migrations; returns their names. Serialised with `pendingMigrations`. Throws
   * `MigrationError` for a migrations table it cannot account for and for a failed migration.
   */
  migrate(): Promise<string[]>;
  close(): Promise<void>;
}

export interface CreateOrmOptions {
  logger: Logger;
  /** Wait for the database (backoff up to `DB_CONNECT_TIMEOUT_MS`); default true. */
  connect?: boolean;
}

export { MigrationError, MIGRATIONS_TABLE } from './migrations/history.ts';

/** Builds the ORM for `config.db` and, unless told not to, waits until the database answers. */
export async function createOrm(config: Config, { logger, connect = true }: CreateOrmOptions): Promise<Orm> {
  const db = config.db;
  const log = logger.child({ component: 'db' });
  let sqlite: SqliteHandle | undefined;
  let driver: DriverName;
  const options: Partial<Options> = {
    entities: ENTITIES,
    ensureDatabase: false,
    forceUtcTimezone: true,
    debug: false,
    logger: (message) => log.debug(message),
    migrations: { tableName: MIGRATIONS_TABLE, snapshot: false, transactional: true },
  };

  if (db.type === 'sqlite') {
    sqlite = openSqlite(db.path, db.sqliteDriver);
    if (sqlite.fallbackReason) {
      log.warn({ reason: sqlite.fallbackReason }, "better-sqlite3 could not be loaded; using Node's built-in node:sqlite");
    }
    driver = sqlite.driver;
    const { SqliteDriver } = await import('@mikro-orm/sql');
    Object.assign(options, { driver: SqliteDriver, dbName: db.path, driverOptions: sqlite.dialect });
  } else {
    driver = db.type === 'postgresql' ? 'pg' : 'mysql2';
    Object.assign(options, {
      driver: await loadDriver(db.type),
      host: db.host,
      port: db.port,
      user: db.user,
      password: db.password,
      dbName: db.name,
      pool: { min: db.pool.min, max: db.pool.max, idleTimeoutMillis: db.pool.idleTimeoutMs },
      driverOptions: driverOptions(db),
      // Reads go to a replica only where the code asks for one (`readReplica`, `onReplica`): a
      // signed-in caller must read their own writes, which a replica may not have yet.
      preferReadReplicas: false,
      replicas: db.replicas.map((replica) => ({
        name: replica.name,
        host: replica.host,
        port: replica.port,
        user: replica.user,
        password: replica.password,
        dbName: replica.database,
        driverOptions: driverOptions({ ...db, ssl: replica.ssl, pool: replicaPool(db.pool) }),
      })),
    });
  }

  // The synchronous constructor: explicit entities need no folder discovery, and it skips
  // MikroORM.init's probing for optional packages. The migrator is registered on first use.
  const mikro = new MikroORM({ ...options, discovery: { skipSyncDiscovery: false } });
  const observers = createQueryObservers();
  // The primary's connection and, where MikroORM has read replicas, theirs.
  const { replicas: replicaConnections = [] } = mikro.em.getDriver() as unknown as { replicas?: unknown[] };
  for (const connection of [mikro.em.getConnection(), ...replicaConnections]) observeConnection(connection, observers);
  let migrator: Promise<Migrator> | undefined;
  const loadMigrator = () =>
    (migrator ??= (async () => {
      const [{ Migrator }, migrationsList] = await Promise.all([import('@mikro-orm/migrations'), loadMigrations(db.type)]);
      mikro.config.set('migrations', { ...mikro.config.get('migrations'), migrationsList });
      Migrator.register(mikro);
      return mikro.migrator as Migrator;
    })());
  let tuned: TunedPool | undefined;
  let nativePool: unknown;
  // Reading the migrations table creates it; doing that while `up()` runs (a readiness probe during
  // start-up) races the migrator's own CREATE TABLE on PostgreSQL. One migrator call at a time.
  let migratorQueue: Promise<unknown> = Promise.resolve();
  const withMigrator = <T>(task: () => Promise<T>): Promise<T> => {
    const run = migratorQueue.then(async () => {
      await ensureConnected();
      return task();
    });
    migratorQueue = run.catch(() => undefined);
    return run;
  };

  const primaryRead: ReadFn = sqlite
    ? sqliteReader(sqlite.statements)
    : db.type === 'postgresql'
      ? pgReader(() => pool<PgPoolLike>())
      : mysqlReader(() => pool<MysqlPoolLike>());
  const read = observeReads(primaryRead, observers);
  const replicas = db.replicas.length ? createReplicas(mikro.em.getDriver() as AbstractSqlDriver, db, primaryRead, log) : undefined;

  const orm: Orm = {
    mikro,
    type: db.type,
    driver,
    sqlite,
    fork: () => mikro.em.fork() as SqlEntityManager,
    async ping() {
      const started = performance.now();
      try {
        await ensureConnected();
        // Straight to the driver's handle or pool (with its pre-ping and timeouts): the ORM's query
        // path would cost more than the round trip it measures.
        if (sqlite) sqlite.ping();
        else await tuned?.ping();
        return { ok: true, latencyMs: round(performance.now() - started) };
      } catch (error) {
        return { ok: false, latencyMs: round(performance.now() - started), error: safeReason(error, db) };
      }
    },
    poolStats: () => tuned?.stats(),
    read,
    readReplica: replicas ? observeReads(replicas.read, observers) : read,
    onReplica: replicas ? (task) => replicas.run(task) : (task) => task('write'),
    replicaStatus: async () => (replicas ? replicas.status() : []),
    observeQueries: (observer) => observers.add(observer),
    pendingMigrations: () => withMigrator(pendingMigrations),
    migrate: () => withMigrator(async () => runMigrations(await loadMigrator(), mikro.em.getDriver() as AbstractSqlDriver, db.type)),
    close: () => mikro.close(true),
  };

  /**
   * Reads the migrations table directly: a readiness probe then never writes (the migrator creates
   * the table on first use) and costs one query. Without the table, every migration is pending.
   */
  async function pendingMigrations(): Promise<string[]> {
    return readHistory(db.type, await recordedNames(mikro.em.getDriver() as AbstractSqlDriver)).pending;
  }

  async function ensureConnected() {
    const connection = mikro.em.getConnection();
    await connection.ensureConnection();
    if (!tuned && db.type !== 'sqlite') {
      nativePool = await (connection as unknown as { getNativeClient(): Promise<unknown> }).getNativeClient();
      tuned = db.type === 'postgresql' ? tunePgPool(nativePool as never, db.pool) : tuneMysqlPool(nativePool as never, db.pool);
    }
  }

  /** The driver's pool, tuned; connected on first use only. */
  async function pool<P>(): Promise<P> {
    if (!nativePool) await ensureConnected();
    return nativePool as P;
  }

  if (connect) {
    try {
      await waitForDatabase(orm, db, log);
    } catch (error) {
      await orm.close().catch(() => undefined);
      throw error;
    }
  }
  return orm;
}

async function loadDriver(type: Exclude<DbType, 'sqlite'>) {
  if (type === 'postgresql') return (await import('@mikro-orm/postgresql')).PostgreSqlDriver;
  if (type === 'mariadb') return (await import('@mikro-orm/mariadb')).MariaDbDriver;
  return (await import('@mikro-orm/mysql')).MySqlDriver;
}

function driverOptions(db: DbConfig): Record<string, unknown> {
  const ssl = db.ssl ? { rejectUnauthorized: db.ssl.rejectUnauthorized, ...(db.ssl.ca ? { ca: db.ssl.ca } : {}) } : undefined;
  if (db.type === 'postgresql') {
    return {
      connectionTimeoutMillis: db.pool.acquireTimeoutMs,
      maxLifetimeSeconds: db.pool.maxLifetimeS,
      keepAlive: true,
      application_name: 'filamenta',
      ...(ssl ? { ssl } : {}),
    };
  }
  return {
    connectTimeout: Math.min(db.pool.acquireTimeoutMs, db.connectTimeoutMs),
    enableKeepAlive: true,
    ...(ssl ? { ssl } : {}),
  };
}

/** Exponential backoff with full jitter, logging each failure, until `connectTimeoutMs`. */
export async function waitForDatabase(orm: Orm, db: DbConfig, log: Logger): Promise<void> {
  const deadline = Date.now() + db.connectTimeoutMs;
  for (let attempt = 1; ; attempt++) {
    const result = await orm.ping();
    if (result.ok) {
      if (attempt > 1) log.info({ attempt }, 'database is reachable');
      return;
    }
    const remaining = deadline - Date.now();
    if (remaining <= 0) {
      throw new DatabaseUnavailableError(`${describeDatabase(db)} did not answer within ${db.connectTimeoutMs} ms: ${result.error}`);
    }
    const delay = Math.min(remaining, Math.random() * Math.min(5000, 100 * 2 ** attempt));
    log.warn({ attempt, reason: result.error, retryInMs: Math.round(delay) }, `database not reachable (${describeDatabase(db)})`);
    await sleep(delay);
  }
}

export class DatabaseUnavailableError extends Error {
  override name = 'DatabaseUnavailableError';
}

/** The driver's message without anything that could carry a password. */
function safeReason(error: unknown, db: DbConfig): string {
  const e = error as { code?: string; message?: string };
  let message = String(e.message ?? error).split('\n')[0];
  if (db.password) message = message.split(db.password).join('***');
  return e.code && !message.includes(e.code) ? `${e.code}: ${message}` : message;
}

const round = (ms: number) => Math.round(ms * 100) / 100;
