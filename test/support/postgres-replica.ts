/**
 * A PostgreSQL primary and a streaming replica of it, made for one test: `initdb` and
 * `pg_basebackup -R` (with a replication slot) run as the `postgres` user, both servers on free
 * loopback ports with no Unix socket, trust authentication, durability off for speed, and a
 * `filamenta` role owning a `filamenta` database. The machine's own cluster on 5432 is never
 * touched. `stop()` (and, if the test process dies first, the watchdog) leaves nothing behind.
 *
 *   const db = await startPostgresReplication();
 *   await db.query('primary', 'create table t (id int)');
 *   await db.waitForCatchUp();
 *   ...
 *   await db.stop();
 */
import { execFile } from 'node:child_process';
import { appendFileSync, existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';

import pg from 'pg';

import { createdOrRemoved, missingBinaries, notRoot, ownedTempFolder, Watchdog } from './owned-servers.ts';
import { freePort, pollUntil } from './process.ts';
import type { Node, ReplicaLag, ReplicatedDatabase } from './replication.ts';

const run = promisify(execFile);
const OS_USER = 'postgres';
const SUPERUSER = 'postgres';
const APP = 'filamenta';

/** The newest server binaries installed by Debian's postgresql-NN packages (PG_BIN overrides). */
function postgresBin(): string {
  if (process.env.PG_BIN) return process.env.PG_BIN;
  const versions = existsSync('/usr/lib/postgresql') ? readdirSync('/usr/lib/postgresql').filter((v) => /^\d+$/.test(v)) : [];
  const newest = versions.sort((a, b) => Number(b) - Number(a))[0] ?? '15';
  return `/usr/lib/postgresql/${newest}/bin`;
}

/** undefined when the server binaries and runuser are there; otherwise what is missing. */
export function postgresReplicationProblem(): string | undefined {
  const bin = postgresBin();
  return (
    notRoot() ??
    missingBinaries(
      ['initdb', 'pg_ctl', 'pg_basebackup', 'postgres'].map((name) => join(bin, name)).concat('runuser'),
      'apt-get install postgresql',
    )
  );
}

/** Settings for a throwaway cluster: loopback only, no socket, nothing waits for the disk. */
const SETTINGS = {
  listen_addresses: "'127.0.0.1'",
  unix_socket_directories: "''",
  // fsync off makes commits cheap; synchronous_commit stays on, so a committed write is in the
  // WAL (and on its way to the replica) when the statement returns.
  fsync: 'off',
  full_page_writes: 'off',
  shared_buffers: '16MB',
  max_connections: '50',
  wal_level: 'replica',
  max_wal_senders: '4',
  max_replication_slots: '4',
  // The replica tells the primary promptly how far it is, and re-connects fast after a restart.
  wal_receiver_status_interval: '1s',
  wal_retrieve_retry_interval: '200ms',
  log_min_messages: 'warning',
};

const conf = (settings: Record<string, string | number>) =>
  Object.entries(settings)
    .map(([name, value]) => `${name} = ${value}\n`)
    .join('');

/** Starts both servers; rejects (after removing what it made) when any step fails. */
export async function startPostgresReplication(): Promise<ReplicatedDatabase> {
  const problem = postgresReplicationProblem();
  if (problem) throw new Error(problem);
  const folder = ownedTempFolder('filamenta-pg-', OS_USER);
  const dirs = { primary: join(folder, 'primary'), replica: join(folder, 'replica') };
  const watchdog = Watchdog.start(folder, [join(dirs.primary, 'postmaster.pid'), join(dirs.replica, 'postmaster.pid')], 'QUIT');
  return createdOrRemoved(new PostgresReplication(folder, dirs, { primary: await freePort(), replica: await freePort() }, watchdog));
}

class PostgresReplication implements ReplicatedDatabase {
  readonly type = 'postgresql' as const;
  readonly database = APP;
  readonly user = APP;
  readonly password = '';
  readonly folder: string;
  readonly ports: Record<Node, number>;
  private readonly dirs: Record<Node, string>;
  private readonly watchdog: Watchdog;
  private readonly running: Record<Node, boolean> = { primary: false, replica: false };
  private stopped = false;

  constructor(folder: string, dirs: Record<Node, string>, ports: Record<Node, number>, watchdog: Watchdog) {
    if (Object.values(ports).includes(5432)) throw new Error('refusing port 5432: that is the machine’s own PostgreSQL');
    this.folder = folder;
    this.dirs = dirs;
    this.ports = ports;
    this.watchdog = watchdog;
  }

  async create(): Promise<void> {
    const bin = postgresBin();
    await this.asPostgres(join(bin, 'initdb'), [
      '-D',
      this.dirs.primary,
      '--auth=trust',
      '--no-sync',
      '-U',
      SUPERUSER,
      '-E',
      'UTF8',
      '--locale=C.UTF-8',
    ]);
    appendFileSync(join(this.dirs.primary, 'postgresql.conf'), conf({ ...SETTINGS, port: this.ports.primary }));
    await this.pgCtl('primary', 'start');
    await this.admin('primary', `create role ${APP} login`);
    await this.admin('primary', `create database ${APP} owner ${APP}`);
    // -R writes primary_conninfo and standby.signal; -C -S keeps the WAL the replica has yet to
    // fetch on the primary while the replica is down.
    // prettier-ignore
    await this.asPostgres(join(bin, 'pg_basebackup'), ['-h', '127.0.0.1', '-p', String(this.ports.primary), '-U', SUPERUSER,
      '-D', this.dirs.replica, '-R', '-C', '-S', 'replica', '-X', 'stream', '--checkpoint=fast', '--no-sync']);
    appendFileSync(join(this.dirs.replica, 'postgresql.auto.conf'), conf({ port: this.ports.replica }));
    await this.pgCtl('replica', 'start');
  }

  url(node: Node): string {
    return `postgresql://${APP}@127.0.0.1:${this.ports[node]}/${APP}`;
  }

  appEnv(): Record<string, string> {
    return {
      DB_TYPE: 'postgresql',
      DB_HOST: '127.0.0.1',
      DB_PORT: String(this.ports.primary),
      DB_USER: APP,
      DB_PASSWORD: '',
      DB_NAME: APP,
    };
  }

  query<T = Record<string, unknown>>(node: Node, sql: string, params: unknown[] = []): Promise<T[]> {
    return this.connectAndQuery<T>(node, APP, APP, sql, params);
  }

  async waitForCatchUp(timeoutMs = 10_000): Promise<void> {
    const [{ lsn }] = await this.admin<{ lsn: string }>('primary', 'select pg_current_wal_lsn()::text as lsn');
    await pollUntil(
      async () => {
        const [{ done }] = await this.admin<{ done: boolean }>('replica', 'select pg_last_wal_replay_lsn() >= $1::pg_lsn as done', [lsn]);
        return done ? true : undefined;
      },
      { timeoutMs, intervalMs: 20, what: `the PostgreSQL replica to replay up to ${lsn}` },
    );
  }

  async lag(): Promise<ReplicaLag> {
    const [{ lsn }] = await this.admin<{ lsn: string }>('primary', 'select pg_current_wal_lsn()::text as lsn');
    const [row] = await this.admin<{ bytes: number; age: number | null }>(
      'replica',
      `select greatest(pg_wal_lsn_diff($1::pg_lsn, pg_last_wal_replay_lsn()), 0)::float8 as bytes,
              extract(epoch from now() - pg_last_xact_replay_timestamp())::float8 as age`,
      [lsn],
    );
    const caughtUp = row.bytes === 0;
    return { caughtUp, bytes: row.bytes, seconds: caughtUp ? 0 : row.age };
  }

  async pauseReplication(): Promise<void> {
    await this.admin('replica', 'select pg_wal_replay_pause()');
  }

  async resumeReplication(): Promise<void> {
    await this.admin('replica', 'select pg_wal_replay_resume()');
  }

  async stopReplica({ crash = false } = {}): Promise<void> {
    await this.pgCtl('replica', 'stop', crash ? 'immediate' : 'fast');
  }

  async startReplica(): Promise<void> {
    await this.pgCtl('replica', 'start');
  }

  replicaRunning(): boolean {
    return this.running.replica;
  }

  async stop(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    await this.watchdog.stop();
    for (const node of ['replica', 'primary'] as const) {
      if (this.running[node]) await this.pgCtl(node, 'stop', 'immediate').catch(() => undefined);
    }
    rmSync(this.folder, { recursive: true, force: true });
  }

  private async pgCtl(node: Node, action: 'start' | 'stop', mode: 'fast' | 'immediate' = 'fast'): Promise<void> {
    const log = join(this.folder, `${node}.log`);
    const args = action === 'start' ? ['-l', log, '-w', '-t', '30', 'start'] : ['-m', mode, '-w', '-t', '30', 'stop'];
    try {
      await this.asPostgres(join(postgresBin(), 'pg_ctl'), ['-D', this.dirs[node], ...args]);
    } catch (error) {
      throw new Error(`pg_ctl ${action} of the ${node} failed: ${(error as Error).message}\n--- ${node}.log ---\n${this.log(node)}`, {
        cause: error,
      });
    }
    this.running[node] = action === 'start';
  }

  private log(node: Node): string {
    try {
      return readFileSync(join(this.folder, `${node}.log`), 'utf8').slice(-3000);
    } catch {
      return '(no log)';
    }
  }

  /** A PostgreSQL binary as the postgres user, with nothing of the test's PG* environment. */
  private async asPostgres(binary: string, args: string[]): Promise<void> {
    try {
      await run('runuser', ['-u', OS_USER, '--', binary, ...args], {
        env: { PATH: '/usr/sbin:/usr/bin:/sbin:/bin', LC_ALL: 'C.UTF-8' },
        cwd: this.folder,
      });
    } catch (error) {
      const { stderr, stdout } = error as { stderr?: string; stdout?: string };
      throw new Error(`${binary} ${args.join(' ')} failed:\n${stderr || stdout || (error as Error).message}`, { cause: error });
    }
  }

  private admin<T = Record<string, unknown>>(node: Node, sql: string, params: unknown[] = []): Promise<T[]> {
    return this.connectAndQuery<T>(node, SUPERUSER, 'postgres', sql, params);
  }

  private async connectAndQuery<T>(node: Node, user: string, database: string, sql: string, params: unknown[]): Promise<T[]> {
    const client = new pg.Client({ host: '127.0.0.1', port: this.ports[node], user, database, connectionTimeoutMillis: 3000 });
    client.on('error', () => undefined); // a server stopping under an idle client
    await client.connect();
    try {
      return (await client.query(sql, params)).rows as T[];
    } finally {
      await client.end().catch(() => undefined);
    }
  }
}
