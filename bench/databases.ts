/**
 * A fresh database per bench run: a temp folder for SQLite, a `filamenta_bench` database (or
 * BENCH_DB_NAME) on the local PostgreSQL or MariaDB (dropped at the end), so the bench never touches
 * data anyone else uses. The bare server works on the app's own database (same file, same tables and rows).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import mysql from 'mysql2/promise';
import pg from 'pg';

import { POOL_DEFAULTS } from '../src/config.ts';
import { SQLITE_PRAGMAS } from '../src/db/sqlite.ts';

export type BenchDbType = 'sqlite' | 'postgresql' | 'mariadb';

export interface BenchDatabase {
  type: BenchDbType;
  /** Logs, SQLite files. */
  dir: string;
  /** DATABASE_URL wins over DB_* and a developer's .env. */
  appEnv: Record<string, string>;
  bareEnv: Record<string, string>;
  cleanup(): Promise<void>;
}

const PG_SERVER = process.env.BENCH_PG_URL ?? 'postgres://root@127.0.0.1:5432';
const MARIADB_SERVER = process.env.BENCH_MARIADB_URL ?? 'mariadb://root@127.0.0.1:3306';
/** Another name lets two bench runs share a database server. */
const BENCH_DATABASE = process.env.BENCH_DB_NAME ?? 'filamenta_bench';
if (!/^\w+$/.test(BENCH_DATABASE)) throw new Error(`BENCH_DB_NAME=${BENCH_DATABASE}: letters, digits and _ only`);

export async function openBenchDatabase(type: BenchDbType): Promise<BenchDatabase> {
  const dir = mkdtempSync(join(tmpdir(), `filamenta-bench-${type}-`));
  const removeDir = () => rmSync(dir, { recursive: true, force: true });
  if (type === 'sqlite') {
    return {
      type,
      dir,
      appEnv: { DATABASE_URL: `sqlite://${join(dir, 'app.sqlite')}` },
      bareEnv: { BARE_DB: 'sqlite', BARE_SQLITE_PATH: join(dir, 'app.sqlite'), BARE_SQLITE_PRAGMAS: JSON.stringify(SQLITE_PRAGMAS) },
      cleanup: async () => removeDir(),
    };
  }
  const admin = type === 'postgresql' ? pgAdmin : mariadbAdmin;
  const drop =
    type === 'postgresql' ? `drop database if exists ${BENCH_DATABASE} with (force)` : `drop database if exists ${BENCH_DATABASE}`;
  try {
    await admin(drop);
    await admin(`create database ${BENCH_DATABASE}`);
  } catch (error) {
    removeDir();
    throw error;
  }
  const url = `${type === 'postgresql' ? PG_SERVER : MARIADB_SERVER}/${BENCH_DATABASE}`;
  const bareEnv: Record<string, string> =
    type === 'postgresql'
      ? { BARE_DB: 'postgresql', BARE_PG_URL: url, BARE_POOL_MAX: String(POOL_DEFAULTS.node.max) }
      : { BARE_DB: 'mariadb', BARE_MYSQL_URL: url.replace(/^mariadb:/, 'mysql:'), BARE_POOL_MAX: String(POOL_DEFAULTS.node.max) };
  return {
    type,
    dir,
    appEnv: { DATABASE_URL: url },
    bareEnv,
    async cleanup() {
      removeDir();
      await admin(drop);
    },
  };
}

async function pgAdmin(sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: `${PG_SERVER}/postgres`, connectionTimeoutMillis: 5000 });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

async function mariadbAdmin(sql: string): Promise<void> {
  const conn = await mysql.createConnection({ uri: MARIADB_SERVER.replace(/^mariadb:/, 'mysql:'), connectTimeout: 5000 });
  try {
    await conn.query(sql);
  } finally {
    await conn.end();
  }
}
