/** The database side of the configuration: which database (DATABASE_URL, or DB_TYPE and its parts), TLS and the pool. */
import { readFileSync } from 'node:fs';
import { isAbsolute, resolve } from 'node:path';
import { makeValidator } from 'envalid';
import { DB_TYPES, type DbType, type SqliteDriverChoice, type Target } from './choices.ts';
import type { CleanEnv, RawEnv } from './specs.ts';
import { ConfigIssue } from './validators.ts';

export interface PoolConfig {
  min: number;
  max: number;
  idleTimeoutMs: number;
  acquireTimeoutMs: number;
  maxLifetimeS: number;
  prePing: boolean;
}

export interface DbConfig {
  type: DbType;
  /** SQLite: absolute file path or `:memory:`. */
  path: string;
  sqliteDriver: SqliteDriverChoice;
  host: string;
  port: number;
  user: string;
  password: string;
  name: string;
  ssl: false | { rejectUnauthorized: boolean; ca?: string };
  pool: PoolConfig;
  connectTimeoutMs: number;
  /** Where the choice came from, for `config:check`. */
  source: 'DATABASE_URL' | 'DB_TYPE' | 'default';
}

/** Pool defaults by deployment target: a shared host gets few connections, a function one. */
export const POOL_DEFAULTS: Record<Target, PoolConfig & { connectTimeoutMs: number }> = {
  cpanel: { min: 0, max: 3, idleTimeoutMs: 10_000, acquireTimeoutMs: 15_000, maxLifetimeS: 3600, prePing: true, connectTimeoutMs: 20_000 },
  lambda: { min: 0, max: 1, idleTimeoutMs: 5_000, acquireTimeoutMs: 5_000, maxLifetimeS: 900, prePing: false, connectTimeoutMs: 10_000 },
  node: { min: 0, max: 10, idleTimeoutMs: 30_000, acquireTimeoutMs: 30_000, maxLifetimeS: 3600, prePing: true, connectTimeoutMs: 30_000 },
  vps: { min: 2, max: 20, idleTimeoutMs: 30_000, acquireTimeoutMs: 30_000, maxLifetimeS: 3600, prePing: true, connectTimeoutMs: 60_000 },
  container: {
    min: 2,
    max: 20,
    idleTimeoutMs: 30_000,
    acquireTimeoutMs: 30_000,
    maxLifetimeS: 3600,
    prePing: true,
    connectTimeoutMs: 60_000,
  },
};

const DEFAULT_PORTS: Record<Exclude<DbType, 'sqlite'>, number> = { mysql: 3306, mariadb: 3306, postgresql: 5432 };
const URL_SCHEMES: Record<string, DbType> = {
  'sqlite:': 'sqlite',
  'mysql:': 'mysql',
  'mariadb:': 'mariadb',
  'postgres:': 'postgresql',
  'postgresql:': 'postgresql',
};

/** What a DATABASE_URL says; a SQLite path is still relative to the app root, TLS undefined when the URL leaves it to DB_SSL. */
export interface DatabaseUrl {
  type: DbType;
  path: string;
  host: string;
  port: number;
  user: string;
  password: string;
  name: string;
  ssl: DbConfig['ssl'] | undefined;
}

/** `sqlite:path`, `sqlite::memory:`, `sqlite:///absolute`, or `mysql:`/`mariadb:`/`postgres(ql):` `//user:password@host:port/name`. */
export const databaseUrl = makeValidator<DatabaseUrl>((input) => {
  let url: URL;
  try {
    url = new URL(input);
  } catch {
    throw new ConfigIssue('is not a URL (sqlite:path, mysql://, mariadb://, postgres://); percent-encode @ : / % # in credentials');
  }
  const type = URL_SCHEMES[url.protocol];
  if (!type) throw new ConfigIssue(`unsupported scheme "${url.protocol}"; use sqlite:, mysql:, mariadb:, postgres: or postgresql:`);
  const none = { host: '', port: 0, user: '', password: '', name: '', ssl: undefined };
  if (type === 'sqlite') {
    let path: string;
    try {
      path = decodeURIComponent(input.slice('sqlite:'.length)).replace(/^\/\/(?=\/)/, '');
    } catch {
      throw new ConfigIssue('has a malformed percent-encoding in its file path');
    }
    if (!path) throw new ConfigIssue('sqlite: URL has no file path (use sqlite:data/app.db or sqlite::memory:)');
    return { ...none, type, path };
  }
  let parts: { user: string; password: string; name: string };
  try {
    parts = {
      user: decodeURIComponent(url.username),
      password: decodeURIComponent(url.password),
      name: decodeURIComponent(url.pathname.replace(/^\//, '')),
    };
  } catch {
    throw new ConfigIssue('has a malformed percent-encoding in its credentials or database name');
  }
  if (!parts.name) throw new ConfigIssue('has no database name (…/dbname)');
  if (!url.hostname) throw new ConfigIssue('has no host');
  const ssl = url.searchParams.get('ssl') ?? url.searchParams.get('sslmode');
  return {
    type,
    path: '',
    host: decodeURIComponent(url.hostname).replace(/^\[(.*)\]$/, '$1'),
    port: url.port ? Number(url.port) : DEFAULT_PORTS[type],
    ...parts,
    ssl: ssl && !['false', 'disable'].includes(ssl) ? { rejectUnauthorized: !['no-verify', 'require', 'prefer'].includes(ssl) } : undefined,
  };
});

/**
 * DATABASE_URL, else DB_TYPE and the DB_* parts, else SQLite at DB_PATH; undefined when the choice
 * itself is invalid (the issue says why). `invalid` names the variables envalid refused.
 */
export function buildDbConfig(
  env: CleanEnv,
  raw: RawEnv,
  target: Target,
  appRoot: string,
  invalid: ReadonlySet<string>,
  issues: Record<string, string>,
): DbConfig | undefined {
  const defaults = POOL_DEFAULTS[target];
  const pool: PoolConfig = {
    min: env.DB_POOL_MIN ?? defaults.min,
    max: env.DB_POOL_MAX ?? defaults.max,
    idleTimeoutMs: env.DB_POOL_IDLE_TIMEOUT_MS ?? defaults.idleTimeoutMs,
    acquireTimeoutMs: env.DB_POOL_ACQUIRE_TIMEOUT_MS ?? defaults.acquireTimeoutMs,
    maxLifetimeS: env.DB_POOL_MAX_LIFETIME_S ?? defaults.maxLifetimeS,
    prePing: env.DB_POOL_PRE_PING ?? defaults.prePing,
  };
  if (pool.min > pool.max) issues.DB_POOL_MIN = `(${pool.min}) is larger than DB_POOL_MAX (${pool.max})`;
  const base = {
    sqliteDriver: env.DB_SQLITE_DRIVER as SqliteDriverChoice,
    pool,
    connectTimeoutMs: env.DB_CONNECT_TIMEOUT_MS ?? defaults.connectTimeoutMs,
    ssl: parseSsl(env.DB_SSL, env.DB_SSL_CA, appRoot, issues),
  };
  const sqlitePath = (p: string) => (p === ':memory:' ? p : isAbsolute(p) ? p : resolve(appRoot, p));
  const sqlite = { host: '', port: 0, user: '', password: '', name: '' };

  if (invalid.has('DATABASE_URL')) return undefined;
  if (env.DATABASE_URL) {
    const { ssl, path, ...url } = env.DATABASE_URL;
    return { ...base, ...url, path: url.type === 'sqlite' ? sqlitePath(path) : '', ssl: ssl ?? base.ssl, source: 'DATABASE_URL' };
  }

  // Read only without DATABASE_URL, which wins over every DB_* connection variable.
  if (raw.DB_TYPE !== undefined && raw.DB_TYPE !== '') {
    const t = raw.DB_TYPE.trim().toLowerCase();
    const type = (t === 'postgres' ? 'postgresql' : t) as DbType;
    if (!DB_TYPES.includes(type)) {
      issues.DB_TYPE = `unknown database type "${raw.DB_TYPE}"; use sqlite, mysql, mariadb or postgresql`;
      return undefined;
    }
    if (type === 'sqlite') return { ...base, ...sqlite, type, path: sqlitePath(env.DB_PATH), source: 'DB_TYPE' };
    return {
      ...base,
      type,
      path: '',
      host: env.DB_HOST,
      port: env.DB_PORT ?? DEFAULT_PORTS[type],
      user: env.DB_USER,
      password: env.DB_PASSWORD,
      name: env.DB_NAME,
      source: 'DB_TYPE',
    };
  }
  return { ...base, ...sqlite, type: 'sqlite', path: sqlitePath(env.DB_PATH), source: 'default' };
}

function parseSsl(mode: string, caFile: string | undefined, appRoot: string, issues: Record<string, string>): DbConfig['ssl'] {
  if (mode === 'false') {
    if (caFile) issues.DB_SSL_CA = 'is set but DB_SSL is false';
    return false;
  }
  if (!caFile) return { rejectUnauthorized: mode === 'true' };
  try {
    return { rejectUnauthorized: mode === 'true', ca: readFileSync(resolve(appRoot, caFile), 'utf8') };
  } catch (error) {
    issues.DB_SSL_CA = `cannot read "${caFile}": ${(error as NodeJS.ErrnoException).code ?? String(error)}`;
    return false;
  }
}

/** A URL for display: the password replaced by ***. */
export function describeDatabase(db: DbConfig): string {
  if (db.type === 'sqlite') return `sqlite:${db.path}`;
  const scheme = db.type === 'postgresql' ? 'postgresql' : db.type;
  const auth = db.user ? `${encodeURIComponent(db.user)}${db.password ? ':***' : ''}@` : '';
  const host = db.host.includes(':') ? `[${db.host}]` : db.host;
  return `${scheme}://${auth}${host}:${db.port}/${encodeURIComponent(db.name)}`;
}
