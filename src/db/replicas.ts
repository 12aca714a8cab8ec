/**
 * Read replicas (DB_READ_REPLICA_URLS) on MikroORM's own `replicas`: MikroORM makes one connection
 * per replica; this file decides which one a read uses. A replica whose read fails for want of a
 * connection (refused, reset, timed out) is marked down and skipped: that read runs again on
 * another replica or on the primary, so the caller sees no error. A down replica is tried again
 * by a background ping, at most once per backoff step (1 s doubling to 30 s) and only while reads
 * come in, or by the readiness probe; it is used again from the first ping it answers.
 *
 * Nothing here runs without replicas: `createOrm` then uses the primary's reader and connection
 * directly.
 */
import type { AbstractSqlConnection, AbstractSqlDriver } from '@mikro-orm/sql';

import type { DbConfig, PoolConfig, ReplicaConfig } from '../config.ts';
import type { Logger } from '../logger.ts';
import { isDatabaseOutage, outageReason } from './outage.ts';
import { type PoolStats, type TunedPool, tuneMysqlPool, tunePgPool } from './pool.ts';
import { type MysqlPoolLike, mysqlReader, type PgPoolLike, pgReader, type ReadFn } from './read.ts';

/**
 * A replica that does not hand out a connection within this long is taken for down: waiting the
 * primary's DB_POOL_ACQUIRE_TIMEOUT_MS (30 s by default) on a replica that dropped off the network
 * would hold every public read that long, when the primary could answer it now.
 */
const REPLICA_ACQUIRE_TIMEOUT_MS = 5000;
/**
 * How long readiness waits for each replica: a replica that dropped off the network must not make
 * the probe itself time out (readiness is about the primary; a replica is only listed). Under the
 * 3 s timeout of the Kubernetes readiness probe (deploy/kubernetes/base/deployment.yaml).
 */
const STATUS_TIMEOUT_MS = 2000;
const RETRY_MIN_MS = 1000;
const RETRY_MAX_MS = 30_000;

export type ConnectionType = 'read' | 'write';

/** What readiness shows of one replica. */
export interface ReplicaStatus {
  name: string;
  ok: boolean;
  latencyMs: number;
  /** Seconds behind the primary, as the database tells it; null when it does not (or is down). */
  lagS: number | null;
  /** PostgreSQL: WAL bytes the replica has yet to replay. */
  lagBytes?: number;
  error?: string;
  pool?: PoolStats;
}

export interface Replicas {
  /** A typed read on a replica that answers, else on the primary. */
  read: ReadFn;
  /**
   * Runs an EntityManager read with `connectionType: 'read'` (a replica that answers); when a
   * replica fails it under the caller, checks them all and runs it again on the primary.
   */
  run<T>(task: (connectionType: ConnectionType) => Promise<T>): Promise<T>;
  /** Pings every replica (marking each up or down) and reads its lag. */
  status(): Promise<ReplicaStatus[]>;
}

interface Node {
  readonly config: ReplicaConfig;
  readonly connection: AbstractSqlConnection;
  readonly read: ReadFn;
  up: boolean;
  failures: number;
  retryAt: number;
  /** Why it was last marked down, without its password. */
  reason?: string;
  probing?: Promise<boolean>;
  tuned?: TunedPool;
  pool(): Promise<unknown>;
}

/** The pool settings of a replica: the primary's, with a shorter wait for a connection. */
export function replicaPool(pool: PoolConfig): PoolConfig {
  return { ...pool, acquireTimeoutMs: Math.min(pool.acquireTimeoutMs, REPLICA_ACQUIRE_TIMEOUT_MS) };
}

/**
 * Takes over the choice of MikroORM's read connection on `driver` (its own picks a replica at
 * random, up or not) and returns the replicas' readers. `primaryRead` serves what no replica can.
 */
export function createReplicas(driver: AbstractSqlDriver, db: DbConfig, primaryRead: ReadFn, logger: Logger): Replicas {
  const log = logger.child({ component: 'db-replicas' });
  const pool = replicaPool(db.pool);
  const nodes: Node[] = (driver as unknown as { replicas: AbstractSqlConnection[] }).replicas.map((connection, index) => {
    let native: Promise<unknown> | undefined;
    const node: Node = {
      config: db.replicas[index],
      connection,
      up: true,
      failures: 0,
      retryAt: 0,
      // The driver's own pool, tuned like the primary's (pre-ping, acquire timeout); made on first use.
      pool: () =>
        (native ??= (connection as unknown as { getNativeClient(): Promise<unknown> }).getNativeClient().then(
          (client) => {
            node.tuned = db.type === 'postgresql' ? tunePgPool(client as never, pool) : tuneMysqlPool(client as never, pool);
            return client;
          },
          (error: unknown) => {
            native = undefined;
            throw error;
          },
        )),
      read: undefined as unknown as ReadFn,
    };
    Object.assign(node, {
      read:
        db.type === 'postgresql'
          ? pgReader(() => node.pool() as Promise<PgPoolLike>)
          : mysqlReader(() => node.pool() as Promise<MysqlPoolLike>),
    });
    return node;
  });
  let down = 0;
  let next = 0;

  function markDown(node: Node, error: unknown) {
    node.failures++;
    node.retryAt = Date.now() + Math.min(RETRY_MAX_MS, RETRY_MIN_MS * 2 ** (node.failures - 1));
    const { password } = node.config;
    node.reason = password ? outageReason(error).split(password).join('***') : outageReason(error);
    if (!node.up) return;
    node.up = false;
    down++;
    log.warn({ replica: node.config.name, reason: node.reason }, 'read replica unreachable; reads go elsewhere until it answers');
  }

  function markUp(node: Node) {
    node.failures = 0;
    if (node.up) return;
    node.up = true;
    down--;
    log.info({ replica: node.config.name }, 'read replica answers again; reads use it');
  }

  /** One round trip on the replica's pool; marks it up or down. */
  function probe(node: Node): Promise<boolean> {
    return (node.probing ??= (async () => {
      try {
        await node.pool();
        await node.tuned?.ping();
        markUp(node);
        return true;
      } catch (error) {
        markDown(node, error);
        return false;
      } finally {
        node.probing = undefined;
      }
    })());
  }

  /** The next replica that is up, in turn; pings the down ones whose retry time has come. */
  function pick(): Node | undefined {
    if (down > 0) {
      const now = Date.now();
      for (const node of nodes) if (!node.up && !node.probing && now >= node.retryAt) void probe(node);
    }
    for (let i = 0; i < nodes.length; i++) {
      const node = nodes[(next + i) % nodes.length];
      if (node.up) {
        next = (next + i + 1) % nodes.length;
        return node;
      }
    }
    return undefined;
  }

  // MikroORM asks its driver for a 'read' connection where a query says `connectionType: 'read'`.
  const original = driver.getConnection.bind(driver);
  driver.getConnection = ((type: ConnectionType = 'write') =>
    type === 'read' ? (pick()?.connection ?? original('write')) : original(type)) as typeof driver.getConnection;

  const read: ReadFn = async (query) => {
    for (let node = pick(); node; node = pick()) {
      try {
        return await node.read(query);
      } catch (error) {
        if (!isDatabaseOutage(error)) throw error;
        markDown(node, error);
      }
    }
    return primaryRead(query);
  };

  return {
    read,
    async run(task) {
      if (down === nodes.length) {
        pick(); // schedules the pings that bring replicas back
        return task('write');
      }
      try {
        return await task('read');
      } catch (error) {
        if (!isDatabaseOutage(error)) throw error;
        // Which replica MikroORM used is not known here: check those believed up.
        await Promise.all(nodes.filter((node) => node.up).map((node) => probe(node)));
        return task('write');
      }
    },
    async status() {
      const primaryLsn = db.type === 'postgresql' ? await currentLsn(original('write') as AbstractSqlConnection) : undefined;
      return Promise.all(nodes.map((node) => nodeStatus(node, primaryLsn)));
    },
  };

  async function nodeStatus(node: Node, primaryLsn: string | undefined): Promise<ReplicaStatus> {
    const started = performance.now();
    const answer = await withinTimeout(
      (async () => {
        if (!(await probe(node))) return undefined;
        try {
          return await lagOf(node.connection, db.type, primaryLsn);
        } catch (error) {
          log.debug({ replica: node.config.name, err: error }, 'could not read the replica lag');
          return { lagS: null };
        }
      })(),
    );
    const base = { name: node.config.name, latencyMs: Math.round((performance.now() - started) * 100) / 100, pool: node.tuned?.stats() };
    if (answer === 'timeout') return { ...base, ok: false, lagS: null, error: `no answer within ${STATUS_TIMEOUT_MS} ms` };
    if (!answer) return { ...base, ok: false, lagS: null, error: node.reason ?? 'unreachable' };
    return { ...base, ok: true, ...answer };
  }
}

/** `task`'s value, or 'timeout' after STATUS_TIMEOUT_MS (the task carries on and settles its replica's state). */
async function withinTimeout<T>(task: Promise<T>): Promise<T | 'timeout'> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<'timeout'>((resolve) => {
    timer = setTimeout(() => resolve('timeout'), STATUS_TIMEOUT_MS);
  });
  try {
    return await Promise.race([task, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

async function currentLsn(primary: AbstractSqlConnection): Promise<string | undefined> {
  try {
    const [row] = await primary.execute<{ lsn: string }[]>('select pg_current_wal_lsn()::text as lsn');
    return row?.lsn;
  } catch {
    return undefined; // the primary is itself a replica (a cascade) or unreachable: no byte figure
  }
}

/**
 * The lag as the replica tells it. PostgreSQL: the WAL bytes between the primary's position and
 * the replica's replay, and the age of the last replayed transaction while any are left (0 once
 * caught up: an idle primary makes that age grow without lag). MariaDB/MySQL: SHOW SLAVE STATUS's
 * Seconds_Behind_Master, which needs the REPLICA MONITOR (MariaDB: SLAVE MONITOR) privilege.
 */
async function lagOf(
  connection: AbstractSqlConnection,
  type: DbConfig['type'],
  primaryLsn: string | undefined,
): Promise<Pick<ReplicaStatus, 'lagS' | 'lagBytes'>> {
  if (type === 'postgresql') {
    const [row] = await connection.execute<{ bytes: number | null; age: number | null; receiving: boolean | null }[]>(
      `select greatest(pg_wal_lsn_diff(cast(? as pg_lsn), pg_last_wal_replay_lsn()), 0)::float8 as bytes,
              extract(epoch from now() - pg_last_xact_replay_timestamp())::float8 as age,
              pg_last_wal_receive_lsn() = pg_last_wal_replay_lsn() as receiving`,
      [primaryLsn ?? null],
    );
    if (!row) return { lagS: null };
    const bytes = row.bytes ?? undefined;
    const caughtUp = bytes !== undefined ? bytes === 0 : row.receiving === true;
    return {
      lagS: caughtUp ? 0 : row.age === null ? null : Math.round(row.age * 1000) / 1000,
      ...(bytes !== undefined ? { lagBytes: bytes } : {}),
    };
  }
  const [status] = await connection.execute<{ Seconds_Behind_Master?: number | string | null }[]>('show slave status');
  const seconds = status?.Seconds_Behind_Master;
  return { lagS: seconds === null || seconds === undefined ? null : Number(seconds) };
}
