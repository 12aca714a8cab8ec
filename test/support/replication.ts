/**
 * A database primary with one streaming replica, made by the test on free ports in a temporary
 * folder: the shape the PostgreSQL (postgres-replica.ts) and MariaDB (mariadb-replica.ts)
 * harnesses share, so one suite can run against both.
 */
import type { TestDb } from './databases.ts';
import { startMariadbReplication } from './mariadb-replica.ts';
import { startPostgresReplication } from './postgres-replica.ts';

export type Node = 'primary' | 'replica';
export type ReplicatedType = Exclude<TestDb, 'sqlite'>;

export interface ReplicaLag {
  /** The replica has applied everything the primary has written. */
  caughtUp: boolean;
  /**
   * How far behind in time, as the database tells it: PostgreSQL's age of the last replayed
   * transaction (0 once caught up), MariaDB's Seconds_Behind_Master (null while the replica's
   * SQL thread is stopped).
   */
  seconds: number | null;
  /** PostgreSQL only: WAL bytes the replica has yet to replay. */
  bytes?: number;
}

export interface ReplicatedDatabase {
  type: ReplicatedType;
  /** The temporary folder holding both data directories, sockets and logs. */
  folder: string;
  /** The app's database and its login (a role or user that can create tables in it). */
  database: string;
  user: string;
  password: string;
  ports: Record<Node, number>;
  /** URL of the app's database on the primary or the replica, as DATABASE_URL takes it. */
  url(node: Node): string;
  /** DB_* variables that point Filamenta at the primary. */
  appEnv(): Record<string, string>;
  /** One statement as the app's user on `node` (placeholders: $1 for PostgreSQL, ? for MariaDB). */
  query<T = Record<string, unknown>>(node: Node, sql: string, params?: unknown[]): Promise<T[]>;
  /** Resolves once the replica has applied everything written on the primary so far. */
  waitForCatchUp(timeoutMs?: number): Promise<void>;
  lag(): Promise<ReplicaLag>;
  /** Stops applying changes (the replica keeps answering): makes lag that a test can observe. */
  pauseReplication(): Promise<void>;
  resumeReplication(): Promise<void>;
  /** Stops the replica server (`crash`: without a clean shutdown); its port refuses connections. */
  stopReplica(options?: { crash?: boolean }): Promise<void>;
  /** Starts the stopped replica again on the same port; it resumes replication from where it was. */
  startReplica(): Promise<void>;
  replicaRunning(): boolean;
  /** Stops both servers and removes the folder. Safe to call twice. */
  stop(): Promise<void>;
}

export function startReplication(type: ReplicatedType): Promise<ReplicatedDatabase> {
  return type === 'postgresql' ? startPostgresReplication() : startMariadbReplication();
}
