/**
 * Real databases for tests. Every suite gets a database of its own (created here, dropped after),
 * so suites run in parallel without sharing rows. A missing server fails loudly when
 * REQUIRE_DATABASES=1 (CI sets it) and is skipped with a warning otherwise.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import mysql from 'mysql2/promise';
import pg from 'pg';

import type { EnvSource } from '../../src/config.ts';

export type TestDb = 'sqlite' | 'mariadb' | 'postgresql';
export const TEST_DATABASES: TestDb[] = ['sqlite', 'mariadb', 'postgresql'];

export const SERVER_URLS = {
  mariadb: process.env.TEST_MARIADB_URL ?? 'mariadb://root@127.0.0.1:3306/test',
  postgresql: process.env.TEST_POSTGRES_URL ?? 'postgresql://root@127.0.0.1:5432/postgres',
};

export interface ProvisionedDb {
  type: TestDb;
  /** Environment variables that point Filamenta at this database. */
  env: Record<string, string>;
  name: string;
  drop(): Promise<void>;
}

const availability = new Map<TestDb, Promise<string | undefined>>();

/** undefined when the server answers; otherwise why not. */
export function serverProblem(type: TestDb): Promise<string | undefined> {
  if (type === 'sqlite') return Promise.resolve(undefined);
  let p = availability.get(type);
  if (!p) {
    p = withAdmin(type, async () => undefined).catch(
      (error: Error) => `${type} server at ${SERVER_URLS[type]} is not reachable: ${error.message}`,
    );
    availability.set(type, p);
  }
  return p;
}

export const databasesRequired = () => process.env.REQUIRE_DATABASES === '1';

async function withAdmin<T>(type: Exclude<TestDb, 'sqlite'>, fn: (query: (sql: string) => Promise<unknown>) => Promise<T>): Promise<T> {
  if (type === 'postgresql') {
    const client = new pg.Client({ connectionString: SERVER_URLS.postgresql, connectionTimeoutMillis: 3000 });
    await client.connect();
    try {
      return await fn((sql) => client.query(sql));
    } finally {
      await client.end();
    }
  }
  const url = new URL(SERVER_URLS.mariadb);
  const conn = await mysql.createConnection({
    host: url.hostname,
    port: Number(url.port || 3306),
    user: decodeURIComponent(url.username),
    password: decodeURIComponent(url.password),
    connectTimeout: 3000,
  });
  try {
    return await fn((sql) => conn.query(sql));
  } finally {
    await conn.end();
  }
}

/** A fresh, empty database of `type`. */
export async function provisionDatabase(type: TestDb): Promise<ProvisionedDb> {
  const name = `filamenta_t_${randomBytes(5).toString('hex')}`;
  if (type === 'sqlite') {
    const dir = mkdtempSync(join(tmpdir(), 'filamenta-test-'));
    return {
      type,
      name,
      env: { DB_TYPE: 'sqlite', DB_PATH: join(dir, `${name}.sqlite`) },
      drop: async () => rmSync(dir, { recursive: true, force: true }),
    };
  }
  await withAdmin(type, (q) => q(`create database ${name}`));
  const server = new URL(SERVER_URLS[type]);
  return {
    type,
    name,
    env: {
      DB_TYPE: type,
      DB_HOST: server.hostname,
      DB_PORT: server.port || (type === 'postgresql' ? '5432' : '3306'),
      DB_USER: decodeURIComponent(server.username),
      DB_PASSWORD: decodeURIComponent(server.password),
      DB_NAME: name,
    },
    drop: () =>
      withAdmin(type, async (q) => {
        if (type === 'postgresql') await q(`drop database if exists ${name} with (force)`);
        else await q(`drop database if exists ${name}`);
      }),
  };
}

/** A base environment for tests: quiet, test mode, a fixed secret. */
export function testEnv(extra: EnvSource = {}): Record<string, string> {
  return Object.fromEntries(
    Object.entries({ NODE_ENV: 'test', LOG_LEVEL: 'silent', SECRET_KEY: 'test-secret-key-0123456789abcdefghijklmnop', ...extra }).filter(
      (e): e is [string, string] => e[1] !== undefined,
    ),
  );
}
