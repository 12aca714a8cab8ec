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
  /** Read replicas of this database (DB_READ_REPLICA_URLS), in the order given; never on SQLite. */
  replicas: ReplicaConfig[];
  /** Where the choice came from, for `config:check`. */
  source: 'DATABASE_URL' | 'DB_TYPE' | 'default';
}

/** One read replica: where it is and how to log in; TLS as its URL says, else as the primary's. */
export interface ReplicaConfig {
  /** `replica-1`, `replica-2`...: its place in DB_READ_REPLICA_URLS, as readiness and logs name it. */
  name: string;
  host: string;
  port: number;
  user: string;
  password: string;
  database: string;
  ssl: DbConfig['ssl'];
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
export const databaseUrl = makeValidator<DatabaseUrl>((input) => parseDatabaseUrl(input));

/**
 * DB_READ_REPLICA_URLS: a comma-separated list of database URLs, each parsed as DATABASE_URL is.
 * Whether they fit the primary (same type, not SQLite) is checked with it, in `buildDbConfig`.
 */
export const databaseUrlList = makeValidator<DatabaseUrl[]>((input) =>
  input
    .split(',')
    .map((entry) => entry.trim())
    .filter(Boolean)
    .map((entry, index) => {
      try {
        return parseDatabaseUrl(entry);
      } catch (error) {
        throw new ConfigIssue(`entry ${index + 1} ${(error as Error).message}`);
      }
    }),
);

function parseDatabaseUrl(input: string): DatabaseUrl {
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
}

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
    replicas: [],
  };

  const primary = buildPrimary(env, raw, base, appRoot, invalid, issues);
  if (!primary || invalid.has('DB_READ_REPLICA_URLS')) return primary;
  const replicas = (env.DB_READ_REPLICA_URLS ?? []).map(
    ({ type, host, port, user, password, name, ssl }, index): ReplicaConfig & { type: DbType } => ({
      type,
      name: `replica-${index + 1}`,
      host,
      port,
      user,
      password,
      database: name,
      ssl: ssl ?? primary.ssl,
    }),
  );
  if (replicas.length && primary.type === 'sqlite') {
    issues.DB_READ_REPLICA_URLS = 'read replicas need MariaDB/MySQL or PostgreSQL; SQLite has none (unset it, or move to one of those)';
    return primary;
  }
  const foreign = replicas.findIndex((replica) => replica.type !== primary.type);
  if (foreign >= 0) {
    issues.DB_READ_REPLICA_URLS = `entry ${foreign + 1} is a ${replicas[foreign].type} URL but the database is ${primary.type}; a replica must be the same type`;
    return primary;
  }
  return { ...primary, replicas: replicas.map(({ type: _type, ...replica }) => replica) };
}

type PrimaryBase = Pick<DbConfig, 'sqliteDriver' | 'pool' | 'connectTimeoutMs' | 'ssl'> & { replicas: ReplicaConfig[] };

function buildPrimary(
  env: CleanEnv,
  raw: RawEnv,
  base: PrimaryBase,
  appRoot: string,
  invalid: ReadonlySet<string>,
  issues: Record<string, string>,
): DbConfig | undefined {
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

/** A URL for display: the password replaced by ***. With `replica`, that replica's URL. */
export function describeDatabase(db: DbConfig, replica?: ReplicaConfig): string {
  if (db.type === 'sqlite') return `sqlite:${db.path}`;
  const { user, password, host, port } = replica ?? db;
  const scheme = db.type === 'postgresql' ? 'postgresql' : db.type;
  const auth = user ? `${encodeURIComponent(user)}${password ? ':***' : ''}@` : '';
  const shownHost = host.includes(':') ? `[${host}]` : host;
  return `${scheme}://${auth}${shownHost}:${port}/${encodeURIComponent(replica?.database ?? db.name)}`;
}
