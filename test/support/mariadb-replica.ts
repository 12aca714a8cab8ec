/**
 * A MariaDB primary and a replica of it, made for one test: `mariadb-install-db` once into a
 * temporary folder (copied for the replica, so it runs once), two `mariadbd` processes as the
 * `mysql` user on free loopback ports with their own sockets, binlog + GTID replication
 * (CHANGE MASTER TO ... MASTER_USE_GTID=slave_pos), a read-only replica, durability off for speed,
 * and a `filamenta` user owning a `filamenta` database. The machine's own server on 3306 is never
 * touched. `stop()` (and, if the test process dies first, the watchdog) leaves nothing behind.
 */
import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';

import mysql from 'mysql2/promise';

import { createdOrRemoved, missingBinaries, notRoot, ownedTempFolder, Watchdog } from './owned-servers.ts';
import { freePort, pollUntil } from './process.ts';
import type { Node, ReplicaLag, ReplicatedDatabase } from './replication.ts';

const run = promisify(execFile);
const OS_USER = 'mysql';
const APP = 'filamenta';
const REPLICATION = { user: 'replicator', password: 'replicator-password' };
const SERVER_ID: Record<Node, number> = { primary: 1, replica: 2 };

/** undefined when mariadb-install-db and mariadbd are there; otherwise what is missing. */
export function mariadbReplicationProblem(): string | undefined {
  return notRoot() ?? missingBinaries(['mariadb-install-db', 'mariadbd'], 'apt-get install mariadb-server');
}

/** Server options shared by the install and both servers: small, and nothing waits for the disk. */
const STORAGE = [
  '--innodb-log-file-size=4M',
  '--innodb-buffer-pool-size=16M',
  '--innodb-doublewrite=0',
  '--innodb-flush-log-at-trx-commit=0',
  '--skip-name-resolve',
];

/** Starts both servers and replication; rejects (after removing what it made) when any step fails. */
export async function startMariadbReplication(): Promise<ReplicatedDatabase> {
  const problem = mariadbReplicationProblem();
  if (problem) throw new Error(problem);
  const folder = ownedTempFolder('filamenta-mariadb-', OS_USER);
  const watchdog = Watchdog.start(folder, [join(folder, 'primary.pid'), join(folder, 'replica.pid')], 'KILL');
  return createdOrRemoved(new MariadbReplication(folder, { primary: await freePort(), replica: await freePort() }, watchdog));
}

class MariadbReplication implements ReplicatedDatabase {
  readonly type = 'mariadb' as const;
  readonly database = APP;
  readonly user = APP;
  readonly password = 'filamenta-password';
  readonly folder: string;
  readonly ports: Record<Node, number>;
  private readonly watchdog: Watchdog;
  private readonly servers: Partial<Record<Node, ChildProcess>> = {};
  private stopped = false;

  constructor(folder: string, ports: Record<Node, number>, watchdog: Watchdog) {
    if (Object.values(ports).includes(3306)) throw new Error('refusing port 3306: that is the machine’s own MariaDB');
    this.folder = folder;
    this.ports = ports;
    this.watchdog = watchdog;
  }

  async create(): Promise<void> {
    const primaryDir = join(this.folder, 'primary');
    try {
      // prettier-ignore
      await run('mariadb-install-db', ['--no-defaults', `--datadir=${primaryDir}`, `--user=${OS_USER}`,
        '--auth-root-authentication-method=normal', '--skip-test-db', ...STORAGE], { cwd: this.folder });
      // The replica starts from the same freshly installed system tables, then applies the
      // primary's binlog from its first event.
      await run('cp', ['-a', primaryDir, join(this.folder, 'replica')]);
    } catch (error) {
      throw new Error(`mariadb-install-db failed: ${(error as { stderr?: string }).stderr ?? (error as Error).message}`, { cause: error });
    }
    await Promise.all([this.startServer('primary'), this.startServer('replica')]);
    const p = (value: string) => mysql.escape(value);
    await this.admin('primary', [
      `create user ${p(REPLICATION.user)}@'127.0.0.1' identified by ${p(REPLICATION.password)}`,
      `grant replication slave on *.* to ${p(REPLICATION.user)}@'127.0.0.1'`,
      `create database ${APP} character set utf8mb4`,
      `create user ${APP}@'127.0.0.1' identified by ${p(this.password)}`,
      `grant all on ${APP}.* to ${APP}@'127.0.0.1'`,
    ]);
    await this.admin('replica', [
      `change master to master_host='127.0.0.1', master_port=${this.ports.primary}, master_user=${p(REPLICATION.user)},
         master_password=${p(REPLICATION.password)}, master_use_gtid=slave_pos, master_connect_retry=1`,
      'start slave',
    ]);
    await this.waitForCatchUp();
  }

  url(node: Node): string {
    return `mariadb://${APP}:${encodeURIComponent(this.password)}@127.0.0.1:${this.ports[node]}/${APP}`;
  }

  appEnv(): Record<string, string> {
    return {
      DB_TYPE: 'mariadb',
      DB_HOST: '127.0.0.1',
      DB_PORT: String(this.ports.primary),
      DB_USER: APP,
      DB_PASSWORD: this.password,
      DB_NAME: APP,
    };
  }

  async query<T = Record<string, unknown>>(node: Node, sql: string, params: unknown[] = []): Promise<T[]> {
    const conn = await mysql.createConnection({
      host: '127.0.0.1',
      port: this.ports[node],
      user: APP,
      password: this.password,
      database: APP,
    });
    try {
      const [rows] = await conn.query(sql, params);
      return (Array.isArray(rows) ? rows : [rows]) as T[];
    } finally {
      await conn.end().catch(() => undefined);
    }
  }

  /** Waits with the server's own MASTER_GTID_WAIT for the primary's current binlog position. */
  async waitForCatchUp(timeoutMs = 10_000): Promise<void> {
    const [{ pos }] = await this.admin<{ pos: string }>('primary', ['select @@gtid_binlog_pos as pos']);
    const [{ result }] = await this.admin<{ result: number }>('replica', [
      `select master_gtid_wait(${mysql.escape(pos)}, ${timeoutMs / 1000}) as result`,
    ]);
    if (result !== 0) {
      const status = await this.replicaStatus();
      throw new Error(
        `the MariaDB replica did not reach GTID ${pos} within ${timeoutMs} ms (IO ${status.Slave_IO_Running}, SQL ${status.Slave_SQL_Running}, ` +
          `${status.Last_IO_Error || status.Last_SQL_Error || 'no error'})`,
      );
    }
  }

  async lag(): Promise<ReplicaLag> {
    const [{ pos }] = await this.admin<{ pos: string }>('primary', ['select @@gtid_binlog_pos as pos']);
    const [{ done }] = await this.admin<{ done: number }>('replica', [`select master_gtid_wait(${mysql.escape(pos)}, 0) = 0 as done`]);
    const status = await this.replicaStatus();
    const seconds = status.Seconds_Behind_Master;
    return { caughtUp: done === 1, seconds: seconds === null || seconds === undefined ? null : Number(seconds) };
  }

  async pauseReplication(): Promise<void> {
    await this.admin('replica', ['stop slave sql_thread']);
  }

  async resumeReplication(): Promise<void> {
    await this.admin('replica', ['start slave sql_thread']);
  }

  async stopReplica({ crash = false } = {}): Promise<void> {
    await this.stopServer('replica', crash ? 'SIGKILL' : 'SIGTERM');
  }

  async startReplica(): Promise<void> {
    await this.startServer('replica');
  }

  replicaRunning(): boolean {
    return this.servers.replica !== undefined;
  }

  async stop(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    await this.watchdog.stop();
    await Promise.all([this.stopServer('replica', 'SIGKILL'), this.stopServer('primary', 'SIGKILL')]);
    rmSync(this.folder, { recursive: true, force: true });
  }

  private async startServer(node: Node): Promise<void> {
    const file = (suffix: string) => join(this.folder, `${node}${suffix}`);
    // prettier-ignore
    const args = ['--no-defaults', `--datadir=${file('')}`, `--user=${OS_USER}`, '--bind-address=127.0.0.1', `--port=${this.ports[node]}`,
      `--socket=${file('.sock')}`, `--pid-file=${file('.pid')}`, `--log-error=${file('.err')}`, `--server-id=${SERVER_ID[node]}`,
      `--log-bin=${file('-bin')}`, `--relay-log=${file('-relay')}`, '--binlog-format=ROW', '--sync-binlog=0', '--performance-schema=0',
      '--character-set-server=utf8mb4', '--collation-server=utf8mb4_general_ci', '--max-connections=100',
      ...(node === 'replica' ? ['--read-only=1'] : []), ...STORAGE];
    const child = spawn('mariadbd', args, { stdio: 'ignore', cwd: this.folder });
    this.servers[node] = child;
    child.once('exit', () => {
      if (this.servers[node] === child) delete this.servers[node];
    });
    await pollUntil(
      () =>
        this.admin(node, ['select 1']).then(
          () => true,
          () => undefined,
        ),
      {
        timeoutMs: 30_000,
        intervalMs: 50,
        what: `the MariaDB ${node} on port ${this.ports[node]}`,
        stopIf: () => (child.exitCode !== null ? `mariadbd (${node}) exited ${child.exitCode}:\n${this.errorLog(node)}` : undefined),
      },
    );
  }

  private async stopServer(node: Node, signal: NodeJS.Signals): Promise<void> {
    const child = this.servers[node];
    if (!child) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill(signal);
    await exited;
  }

  private errorLog(node: Node): string {
    try {
      return readFileSync(join(this.folder, `${node}.err`), 'utf8').slice(-3000);
    } catch {
      return '(no error log)';
    }
  }

  private async replicaStatus(): Promise<Record<string, string | number | null>> {
    const [status] = await this.admin<Record<string, string | number | null>>('replica', ['show slave status']);
    if (!status) throw new Error('the MariaDB replica has no replication configured');
    return status;
  }

  /** Statements in order as root (no password over loopback, as mariadb-install-db makes it); the last one's rows. */
  private async admin<T = Record<string, unknown>>(node: Node, statements: string[]): Promise<T[]> {
    const conn = await mysql.createConnection({ host: '127.0.0.1', port: this.ports[node], user: 'root', connectTimeout: 3000 });
    try {
      let rows: unknown = [];
      for (const sql of statements) [rows] = await conn.query(sql);
      return (Array.isArray(rows) ? rows : [rows]) as T[];
    } finally {
      await conn.end().catch(() => undefined);
    }
  }
}
