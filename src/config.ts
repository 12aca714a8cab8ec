/**
 * The one reader of environment values. `loadConfig(source)` validates every variable at once and
 * returns a frozen, typed configuration, or throws a single `ConfigError` listing every problem.
 * envalid checks and parses each variable (`config/specs.ts`); each concern then checks what
 * depends on several (`config/http.ts`, `database.ts`, `mail.ts`, `auth.ts`). This file sits
 * directly in src/, as the bundles in dist/ do, so `APP_ROOT` is its parent folder in both.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

import { cleanEnv } from 'envalid';

import { type AuthConfig, buildAuthConfig, resolveSecretKey } from './config/auth.ts';
import type { LogLevel, NodeEnv, Target } from './config/choices.ts';
import { buildDbConfig, type DbConfig } from './config/database.ts';
import { buildHttpConfig, type HttpConfig } from './config/http.ts';
import { buildMailConfig, type MailConfig } from './config/mail.ts';
import { buildObservabilityConfig, type ObservabilityConfig } from './config/observability.ts';
import { buildProcessConfig, type ProcessConfig } from './config/processes.ts';
import { type CleanEnv, CONFIG_VARIABLES, type RawEnv, specs } from './config/specs.ts';
import { ConfigIssue } from './config/validators.ts';

export { DB_TYPES, type DbType, type SqliteDriverChoice, type Target } from './config/choices.ts';
export { type DbConfig, describeDatabase, POOL_DEFAULTS, type PoolConfig, type ReplicaConfig } from './config/database.ts';
export { normaliseBasePath } from './config/http.ts';
export type { OverloadConfig } from './config/processes.ts';
export { CONFIG_VARIABLES, type ConfigVariable, SECRET_VARIABLES } from './config/specs.ts';

export const APP_ROOT = resolve(fileURLToPath(new URL('..', import.meta.url)));

export interface Config extends HttpConfig, ProcessConfig, ObservabilityConfig {
  env: NodeEnv;
  target: Target;
  appRoot: string;
  secretKey: string;
  secretKeyGenerated: boolean;
  logLevel: LogLevel;
  migrateOnStart: boolean;
  db: DbConfig;
  auth: AuthConfig;
  /** redis:// or rediss:// URL of a Redis shared by every instance (rate limits); undefined: per process. */
  redisUrl: string | undefined;
  mail: MailConfig;
  /** Things worth a log line at start-up that do not stop it. */
  warnings: string[];
}

export type EnvSource = Readonly<Record<string, string | undefined>>;

/** One error for every invalid variable; `issues` maps each name to its reason. */
export class ConfigError extends Error {
  readonly issues: Readonly<Record<string, string>>;
  constructor(issues: Record<string, string>) {
    const lines = Object.entries(issues).map(([name, reason]) => `  ${name}: ${reason}`);
    super(`Invalid configuration (${lines.length} problem${lines.length === 1 ? '' : 's'}):\n${lines.join('\n')}`);
    this.name = 'ConfigError';
    this.issues = Object.freeze({ ...issues });
  }
}

interface LoadOptions {
  appRoot?: string;
  /** Globals the runtime exposes, for target detection (Passenger sets `PhusionPassenger`). */
  inPassenger?: boolean;
}

/**
 * Builds the configuration from `source` (normally `.env` merged under `process.env`).
 * Pure apart from reading `*_FILE` secrets and the optional SQLite CA file.
 */
export function loadConfig(source: EnvSource, options: LoadOptions = {}): Readonly<Config> {
  const appRoot = options.appRoot ?? APP_ROOT;
  const issues: Record<string, string> = {};
  const raw = resolveFileVariables(source, issues);

  const invalid = new Set<string>();
  // A value envalid's type check refuses is listed first; what a concern's validator refuses in its
  // own words (a ConfigIssue) is listed with that concern's other checks, below.
  const concernIssues: Record<string, string> = {};
  const checked = cleanEnv(raw, specs, {
    reporter: ({ errors }) => {
      for (const [name, error] of Object.entries(errors)) {
        if (!error) continue;
        invalid.add(name);
        if (error instanceof ConfigIssue) concernIssues[name] = error.message;
        else issues[name] = describeEnvalidError(error, raw[name]);
      }
    },
  });
  const typeChecked = Object.keys(issues);
  // envalid leaves an invalid variable out of its result, and reading it then throws; carry on with
  // the default so the checks below still run and the one error lists every other problem too.
  const env = Object.fromEntries(
    CONFIG_VARIABLES.map((name) => [name, invalid.has(name) ? (specs[name] as { default?: unknown }).default : checked[name]]),
  ) as unknown as CleanEnv;
  const nodeEnv = env.NODE_ENV as NodeEnv;
  const target = detectTarget(env.DEPLOYMENT_TARGET, source, raw, options.inPassenger ?? false);
  const warnings: string[] = [];

  const http = buildHttpConfig(env, target, issues);
  const { secretKey, secretKeyGenerated } = resolveSecretKey(env, nodeEnv, issues, warnings);
  const db = buildDbConfig(env, raw, target, appRoot, invalid, issues);
  if (db?.type === 'sqlite' && nodeEnv === 'production') {
    if (target === 'lambda')
      issues[db.source === 'DATABASE_URL' ? 'DATABASE_URL' : 'DB_TYPE'] =
        'SQLite is not durable on Lambda (each instance has its own /tmp); use MariaDB/MySQL or PostgreSQL';
    else warnings.push('SQLite in production: fine for one small instance, but use MariaDB/MySQL or PostgreSQL to run several');
  }
  if (env.FORCE_HTTPS && !http.publicUrl && nodeEnv === 'production')
    warnings.push('FORCE_HTTPS without PUBLIC_URL: HTTPS redirects go to whatever host a trusted proxy forwards; set PUBLIC_URL to pin it');
  const auth = buildAuthConfig(env, issues);
  const processes = buildProcessConfig(env, target, db?.pool.max ?? 1, warnings);
  const mail = buildMailConfig(env, raw, issues);
  const observability = buildObservabilityConfig(env, nodeEnv, issues, warnings);
  Object.assign(issues, concernIssues);
  if (Object.keys(issues).length > 0 || !db) throw new ConfigError(listed(issues, typeChecked));

  return deepFreeze({
    env: nodeEnv,
    target,
    appRoot,
    ...http,
    ...processes,
    secretKey,
    secretKeyGenerated,
    logLevel: env.LOG_LEVEL as LogLevel,
    migrateOnStart: env.MIGRATE_ON_START ?? nodeEnv === 'development',
    db,
    auth,
    redisUrl: env.REDIS_URL,
    mail,
    ...observability,
    warnings,
  });
}

/** `NAME_FILE` replaces `NAME` with the file's content (one trailing newline stripped). */
function resolveFileVariables(source: EnvSource, issues: Record<string, string>): RawEnv {
  const out: Record<string, string | undefined> = {};
  for (const name of CONFIG_VARIABLES) {
    const value = source[name];
    out[name] = value === '' && name !== 'DB_PASSWORD' && name !== 'CORS_ORIGINS' ? undefined : value;
    const file = source[`${name}_FILE`];
    if (file === undefined || file === '') continue;
    if (value !== undefined && value !== '') {
      issues[`${name}_FILE`] = `both ${name} and ${name}_FILE are set; keep one`;
      continue;
    }
    try {
      out[name] = readFileSync(file, 'utf8').replace(/\r?\n$/, '');
    } catch (error) {
      issues[`${name}_FILE`] = `cannot read "${file}": ${(error as NodeJS.ErrnoException).code ?? String(error)}`;
    }
  }
  return out;
}

/**
 * The order the concerns' checks are listed in, after the unreadable `NAME_FILE`s and the values
 * envalid's type checks refuse: HTTP, the secret key, the database, auth, Redis, mail, metrics.
 */
const CONCERN_ORDER = [
  'APPLICATION_ROOT',
  'PUBLIC_URL',
  'TRUST_PROXY',
  'CORS_ORIGINS',
  'SECRET_KEY',
  'DB_POOL_MAX',
  'DB_POOL_MIN',
  'DB_SSL_CA',
  'DATABASE_URL',
  'DB_TYPE',
  'DB_READ_REPLICA_URLS',
  'SETUP_TOKEN',
  'ACCESS_TOKEN_TTL',
  'REFRESH_TOKEN_TTL_DAYS',
  'LOCKOUT_MINUTES',
  'REDIS_URL',
  'MAIL_FROM',
  'CONTACT_TO',
  'SMTP_HOST',
  'SMTP_URL',
  'SMTP_PORT',
  'SMTP_USER',
  'SMTP_PASSWORD',
  'SMTP_SECURE',
  'METRICS_TOKEN',
];

/** `issues` in the order they are listed: those in `first` as found, then the concerns' in CONCERN_ORDER. */
function listed(issues: Record<string, string>, first: readonly string[]): Record<string, string> {
  const rank = (name: string) => {
    if (first.includes(name)) return -1;
    const place = CONCERN_ORDER.indexOf(name);
    return place < 0 ? CONCERN_ORDER.length : place;
  };
  const names = Object.keys(issues);
  // A stable sort: names of equal rank keep the order they were found in.
  return Object.fromEntries(names.sort((a, b) => rank(a) - rank(b)).map((name) => [name, issues[name]]));
}

/** envalid's own messages repeat the value; say what is expected instead. */
function describeEnvalidError(error: Error, value: string | undefined): string {
  if (value === undefined) return 'is required';
  const choices = /not in choices \[(.*)\]$/.exec(error.message);
  const reason = choices
    ? `must be one of ${choices[1].split(',').join(', ')}`
    : error.message.startsWith('Invalid bool input')
      ? 'expected true or false'
      : error.message.startsWith('Invalid port input')
        ? 'expected a port number from 1 to 65535'
        : error.message;
  return `invalid value "${value}": ${reason}`;
}

/** `raw` holds only the configuration variables; the runtime markers are read from `source`. */
function detectTarget(setting: string, source: EnvSource, raw: RawEnv, inPassenger: boolean): Target {
  if (setting !== 'auto') return setting as Target;
  if (inPassenger || raw.PASSENGER_BASE_URI !== undefined || source.IN_PASSENGER === '1' || source.PASSENGER_APP_ENV) return 'cpanel';
  if (source.AWS_LAMBDA_FUNCTION_NAME || source.AWS_EXECUTION_ENV?.startsWith('AWS_Lambda')) return 'lambda';
  return 'node';
}

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object') {
    for (const v of Object.values(value)) deepFreeze(v);
    Object.freeze(value);
  }
  return value;
}
