/**
 * A fresh database per bench run: a temp folder for SQLite, a `filamenta_bench` database on the
 * local PostgreSQL (dropped at the end), so the bench never touches data anyone else uses.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { POOL_DEFAULTS } from '../src/config.ts';
import { SQLITE_PRAGMAS } from '../src/db/sqlite.ts';

export type BenchDbType = 'sqlite' | 'postgresql';

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
const PG_DATABASE = 'filamenta_bench';

export async function openBenchDatabase(type: BenchDbType): Promise<BenchDatabase> {
  const dir = mkdtempSync(join(tmpdir(), `filamenta-bench-${type}-`));
  const removeDir = () => rmSync(dir, { recursive: true, force: true });
  if (type === 'sqlite') {
    return {
      type,
      dir,
      appEnv: { DATABASE_URL: `sqlite://${join(dir, 'app.sqlite')}` },
      bareEnv: { BARE_DB: 'sqlite', BARE_SQLITE_PATH: join(dir, 'bare.sqlite'), BARE_SQLITE_PRAGMAS: JSON.stringify(SQLITE_PRAGMAS) },
      cleanup: async () => removeDir(),
    };
  }
  try {
    await adminQuery(`drop database if exists ${PG_DATABASE} with (force)`);
    await adminQuery(`create database ${PG_DATABASE}`);
  } catch (error) {
    removeDir();
    throw error;
  }
  const url = `${PG_SERVER}/${PG_DATABASE}`;
  return {
    type,
    dir,
    appEnv: { DATABASE_URL: url },
    bareEnv: { BARE_DB: 'postgresql', BARE_PG_URL: url, BARE_POOL_MAX: String(POOL_DEFAULTS.node.max) },
    async cleanup() {
      removeDir();
      await adminQuery(`drop database if exists ${PG_DATABASE} with (force)`);
    },
  };
}

async function adminQuery(sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: `${PG_SERVER}/postgres`, connectionTimeoutMillis: 5000 });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}
