/**
 * The one reader of environment values. `loadConfig(source)` validates every variable at once and
 * returns a frozen, typed configuration, or throws a single `ConfigError` listing every problem.
 */
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { isAbsolute, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { bool, cleanEnv, makeValidator, port, str } from 'envalid';

export const APP_ROOT = resolve(fileURLToPath(new URL('..', import.meta.url)));

export const NODE_ENVS = ['development', 'test', 'production'] as const;
export const TARGETS = ['auto', 'node', 'cpanel', 'container', 'vps', 'lambda'] as const;
export const DB_TYPES = ['sqlite', 'mysql', 'mariadb', 'postgresql'] as const;
export const SQLITE_DRIVERS = ['auto', 'better-sqlite3', 'node'] as const;
export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

export type NodeEnv = (typeof NODE_ENVS)[number];
export type Target = Exclude<(typeof TARGETS)[number], 'auto'>;
export type DbType = (typeof DB_TYPES)[number];
export type SqliteDriverChoice = (typeof SQLITE_DRIVERS)[number];

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

export interface Config {
  env: NodeEnv;
  target: Target;
  appRoot: string;
  host: string;
  port: number;
  /** '' or a prefix such as '/filamenta' (leading slash, no trailing slash). */
  basePath: string;
  publicUrl: string | undefined;
  /** `TRUST_PROXY` as a list for proxy-addr: [] trusts nobody. */
  trustProxy: string[];
  forceHttps: boolean;
  hsts: { maxAge: number; includeSubDomains: boolean; preload: boolean };
  secretKey: string;
  secretKeyGenerated: boolean;
  logLevel: (typeof LOG_LEVELS)[number];
  corsOrigins: string[];
  bodyLimit: number;
  shutdownTimeoutMs: number;
  migrateOnStart: boolean;
  db: DbConfig;
  auth: AuthConfig;
  /** redis:// or rediss:// URL of a Redis shared by every instance (rate limits); undefined: per process. */
  redisUrl: string | undefined;
  mail: MailConfig;
  /** Things worth a log line at start-up that do not stop it. */
  warnings: string[];
}

export interface AuthConfig {
  /** One-time token for `POST /api/v1/setup`; undefined disables that route. */
  setupToken: string | undefined;
  accessTokenTtlS: number;
  refreshTokenTtlS: number;
  /** Requests per minute per client address on the auth endpoints; 0 turns the limit off. */
  rateLimitPerMinute: number;
  /** Failed logins that lock an account; 0 turns lockout off. */
  lockoutMaxAttempts: number;
  lockoutMs: number;
}

export interface SmtpConfig {
  host: string;
  port: number;
  /** TLS from the first byte (smtps, port 465); otherwise STARTTLS when the server offers it. */
  secure: boolean;
  user: string | undefined;
  password: string | undefined;
  source: 'SMTP_URL' | 'SMTP_HOST';
}

export interface MailConfig {
  /** The mail server from the environment; undefined: the SMTP settings, else the log (development, test). */
  smtp: SmtpConfig | undefined;
  /** `MAIL_FROM`: overrides the smtp_from_name/smtp_from_email settings. */
  from: string | undefined;
  /** `CONTACT_TO`: where contact messages go; undefined: the sender address. */
  contactTo: string | undefined;
  contactRateLimitPerMinute: number;
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

const PLACEHOLDER_SECRETS = /change.?me|your.?secret|placeholder|example|^(secret|password|dev-secret.*|x+|0+)$/i;
const DEFAULT_PORTS: Record<Exclude<DbType, 'sqlite'>, number> = { mysql: 3306, mariadb: 3306, postgresql: 5432 };
const URL_SCHEMES: Record<string, DbType> = {
  'sqlite:': 'sqlite',
  'mysql:': 'mysql',
  'mariadb:': 'mariadb',
  'postgres:': 'postgresql',
  'postgresql:': 'postgresql',
};

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

const byteSize = makeValidator<number>((input) => {
  const m = /^\s*(\d+(?:\.\d+)?)\s*(b|kb|k|mb|m|gb|g)?\s*$/i.exec(input);
  if (!m) throw new Error('expected a size such as 1048576, 512kb or 10mb');
  const unit = (m[2] ?? 'b').toLowerCase()[0] as 'b' | 'k' | 'm' | 'g';
  const factor = { b: 1, k: 1024, m: 1024 ** 2, g: 1024 ** 3 }[unit];
  const bytes = Math.floor(Number(m[1]) * factor);
  if (bytes < 1) throw new Error('must be at least 1 byte');
  return bytes;
});

const positiveInt = makeValidator<number>((input) => {
  if (!/^\d+$/.test(input.trim())) throw new Error('expected a whole number, 0 or more');
  return Number(input);
});

const basePathValidator = makeValidator<string>((input) => normaliseBasePath(input));

/** '/x/' -> '/x', 'x' -> '/x', '/' -> ''. Rejects what cannot be a URL path prefix. */
export function normaliseBasePath(input: string): string {
  const trimmed = input.trim();
  if (/[?#\s\\]/.test(trimmed)) throw new Error(`"${input}" is not a URL path (no spaces, ?, # or \\)`);
  const path = `/${trimmed}`.replace(/\/{2,}/g, '/').replace(/\/+$/, '');
  if (path.split('/').some((seg) => seg === '.' || seg === '..')) throw new Error(`"${input}" must not contain . or .. segments`);
  return path;
}

const specs = {
  NODE_ENV: str({ choices: NODE_ENVS, default: 'development', desc: 'development | test | production' }),
  DEPLOYMENT_TARGET: str({ choices: TARGETS, default: 'auto', desc: 'Pool and runtime presets; auto detects Passenger and Lambda' }),
  HOST: str({ default: '127.0.0.1', desc: 'Interface the Node server listens on' }),
  PORT: port({ default: 3000, desc: 'Port the Node server listens on' }),
  BASE_PATH: basePathValidator({ default: undefined, desc: 'URL prefix the API is served under (alias APPLICATION_ROOT)' }),
  APPLICATION_ROOT: basePathValidator({ default: undefined, desc: "The seed's name for BASE_PATH" }),
  PASSENGER_BASE_URI: basePathValidator({ default: undefined, desc: 'Set by Passenger for a sub-URI app' }),
  PUBLIC_URL: str({ default: undefined, desc: 'Public origin of the API, e.g. https://example.com' }),
  TRUST_PROXY: str({ default: undefined, desc: 'false, true, or a comma list of proxy addresses/CIDRs/loopback' }),
  FORCE_HTTPS: bool({ default: false, desc: 'Redirect plain HTTP to HTTPS (scheme read from a trusted proxy)' }),
  HSTS_MAX_AGE: positiveInt({ default: 31_536_000, desc: 'Strict-Transport-Security max-age in seconds; 0 disables' }),
  HSTS_INCLUDE_SUBDOMAINS: bool({ default: true }),
  HSTS_PRELOAD: bool({ default: false }),
  SECRET_KEY: str({ default: undefined, desc: 'Signing/encryption secret, 32+ characters; required in production' }),
  LOG_LEVEL: str({ choices: LOG_LEVELS, default: 'info' }),
  CORS_ORIGINS: str({ default: '', desc: 'Comma list of allowed origins, or *' }),
  BODY_LIMIT: byteSize({ default: 10 * 1024 * 1024, desc: 'Largest accepted request body (10mb)' }),
  SHUTDOWN_TIMEOUT_MS: positiveInt({ default: 10_000 }),
  MIGRATE_ON_START: bool({ default: undefined, desc: 'Run pending migrations at start-up (default on in development)' }),
  DATABASE_URL: str({ default: undefined, desc: 'sqlite:, mysql:, mariadb:, postgres: URL; overrides DB_*' }),
  DB_TYPE: str({ default: undefined, desc: 'sqlite | mysql | mariadb | postgresql (postgres)' }),
  DB_HOST: str({ default: 'localhost' }),
  DB_PORT: port({ default: undefined }),
  DB_USER: str({ default: 'filamenta' }),
  DB_PASSWORD: str({ default: '' }),
  DB_NAME: str({ default: 'filamenta' }),
  DB_SSL: str({ choices: ['false', 'true', 'no-verify'], default: 'false' }),
  DB_SSL_CA: str({ default: undefined, desc: 'Path to a CA bundle for DB_SSL=true' }),
  DB_PATH: str({ default: 'data/filamenta.sqlite', desc: 'SQLite file, relative to the app root' }),
  DB_SQLITE_DRIVER: str({ choices: SQLITE_DRIVERS, default: 'auto', desc: 'auto tries better-sqlite3, then node:sqlite' }),
  DB_POOL_MIN: positiveInt({ default: undefined }),
  DB_POOL_MAX: positiveInt({ default: undefined }),
  DB_POOL_IDLE_TIMEOUT_MS: positiveInt({ default: undefined }),
  DB_POOL_ACQUIRE_TIMEOUT_MS: positiveInt({ default: undefined }),
  DB_POOL_MAX_LIFETIME_S: positiveInt({ default: undefined }),
  DB_POOL_PRE_PING: bool({ default: undefined }),
  DB_CONNECT_TIMEOUT_MS: positiveInt({ default: undefined }),
  SETUP_TOKEN: str({ default: undefined, desc: 'One-time token for POST /api/v1/setup (16+ characters); unset disables it' }),
  ACCESS_TOKEN_TTL: positiveInt({ default: 900, desc: 'Access token lifetime in seconds' }),
  REFRESH_TOKEN_TTL_DAYS: positiveInt({ default: 30, desc: 'Refresh token lifetime in days' }),
  RATE_LIMIT_AUTH_PER_MINUTE: positiveInt({
    default: 20,
    desc: 'Requests per minute per client address on auth endpoints (and logins per account); 0 = off',
  }),
  LOCKOUT_MAX_ATTEMPTS: positiveInt({ default: 5, desc: 'Failed logins that lock an account; 0 = never' }),
  LOCKOUT_MINUTES: positiveInt({ default: 15, desc: 'How long a locked account stays locked' }),
  REDIS_URL: str({ default: undefined, desc: 'redis:// or rediss:// URL; rate limits shared by every instance' }),
  SMTP_URL: str({ default: undefined, desc: 'smtp:// or smtps:// URL of the mail server, credentials percent-encoded; or SMTP_HOST...' }),
  SMTP_HOST: str({ default: undefined, desc: 'Mail server host (instead of SMTP_URL)' }),
  SMTP_PORT: port({ default: undefined, desc: '465 with SMTP_SECURE, 587 otherwise' }),
  SMTP_USER: str({ default: undefined, desc: 'Mail server user name' }),
  SMTP_PASSWORD: str({ default: undefined, desc: 'Mail server password' }),
  SMTP_SECURE: bool({ default: undefined, desc: 'TLS from the first byte (port 465); otherwise STARTTLS when offered' }),
  MAIL_FROM: str({ default: undefined, desc: 'Sender, e.g. "Filamenta <noreply@example.com>"; default from the settings' }),
  CONTACT_TO: str({ default: undefined, desc: 'Where contact messages are mailed; default the sender address' }),
  RATE_LIMIT_CONTACT_PER_MINUTE: positiveInt({ default: 5, desc: 'Contact form posts per minute per client address; 0 is off' }),
};

export type ConfigVariable = keyof typeof specs;
/** Every variable `loadConfig` reads, for `config:check` and the README. */
export const CONFIG_VARIABLES = Object.keys(specs) as ConfigVariable[];
export const SECRET_VARIABLES: readonly ConfigVariable[] = [
  'SECRET_KEY',
  'DB_PASSWORD',
  'DATABASE_URL',
  'SETUP_TOKEN',
  'REDIS_URL',
  'SMTP_URL',
  'SMTP_PASSWORD',
];

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
  const checked = cleanEnv(raw, specs, {
    reporter: ({ errors }) => {
      for (const [name, error] of Object.entries(errors)) {
        if (!error) continue;
        invalid.add(name);
        issues[name] = describeEnvalidError(error, raw[name]);
      }
    },
  });
  // envalid leaves an invalid variable out of its result, and reading it then throws; carry on with
  // the default so the checks below still run and the one error lists every other problem too.
  const env = Object.fromEntries(
    CONFIG_VARIABLES.map((name) => [name, invalid.has(name) ? (specs[name] as { default?: unknown }).default : checked[name]]),
  ) as unknown as CleanEnv;
  const nodeEnv = env.NODE_ENV as NodeEnv;
  const target = detectTarget(env.DEPLOYMENT_TARGET, source, raw, options.inPassenger ?? false);
  const warnings: string[] = [];

  if (env.BASE_PATH !== undefined && env.APPLICATION_ROOT !== undefined && env.BASE_PATH !== env.APPLICATION_ROOT) {
    issues.APPLICATION_ROOT = `conflicts with BASE_PATH ("${env.APPLICATION_ROOT}" vs "${env.BASE_PATH}"); set only one`;
  }
  const basePath = env.BASE_PATH ?? env.APPLICATION_ROOT ?? env.PASSENGER_BASE_URI ?? '';

  let publicUrl: string | undefined;
  if (env.PUBLIC_URL) {
    try {
      const u = new URL(env.PUBLIC_URL);
      if (u.protocol !== 'http:' && u.protocol !== 'https:') throw new Error();
      publicUrl = u.origin + normaliseBasePath(u.pathname);
    } catch {
      issues.PUBLIC_URL = `"${env.PUBLIC_URL}" is not an http(s) URL`;
    }
  }

  const trustProxy = parseTrustProxy(env.TRUST_PROXY, target, issues);
  const corsOrigins = parseCorsOrigins(env.CORS_ORIGINS, issues);

  let secretKey = env.SECRET_KEY ?? '';
  let secretKeyGenerated = false;
  const secretProblem = !secretKey
    ? 'is not set'
    : secretKey.length < 32
      ? `is ${secretKey.length} characters; at least 32 are required`
      : PLACEHOLDER_SECRETS.test(secretKey)
        ? 'is a known placeholder; generate one with: node -e "console.log(crypto.randomBytes(32).toString(\'base64url\'))"'
        : undefined;
  if (secretProblem && nodeEnv === 'production') {
    issues.SECRET_KEY = `${secretProblem} (required in production)`;
  } else if (secretProblem) {
    secretKey = randomBytes(32).toString('base64url');
    secretKeyGenerated = true;
    if (nodeEnv === 'development')
      warnings.push(`SECRET_KEY ${secretProblem}: using a random key for this process only; tokens will not survive a restart`);
  }

  const db = buildDbConfig(env, raw, target, appRoot, issues);
  if (db?.type === 'sqlite' && nodeEnv === 'production') {
    if (target === 'lambda')
      issues[db.source === 'DATABASE_URL' ? 'DATABASE_URL' : 'DB_TYPE'] =
        'SQLite is not durable on Lambda (each instance has its own /tmp); use MariaDB/MySQL or PostgreSQL';
    else warnings.push('SQLite in production: fine for one small instance, but use MariaDB/MySQL or PostgreSQL to run several');
  }

  if (env.FORCE_HTTPS && !publicUrl && nodeEnv === 'production')
    warnings.push('FORCE_HTTPS without PUBLIC_URL: HTTPS redirects go to whatever host a trusted proxy forwards; set PUBLIC_URL to pin it');

  const auth = buildAuthConfig(env, issues);
  const redisUrl = parseRedisUrl(env.REDIS_URL, issues);
  const mail = buildMailConfig(env, issues);
  if (Object.keys(issues).length > 0 || !db) throw new ConfigError(issues);

  return deepFreeze({
    env: nodeEnv,
    target,
    appRoot,
    host: env.HOST,
    port: env.PORT,
    basePath,
    publicUrl,
    trustProxy,
    forceHttps: env.FORCE_HTTPS,
    hsts: { maxAge: env.HSTS_MAX_AGE, includeSubDomains: env.HSTS_INCLUDE_SUBDOMAINS, preload: env.HSTS_PRELOAD },
    secretKey,
    secretKeyGenerated,
    logLevel: env.LOG_LEVEL as Config['logLevel'],
    corsOrigins,
    bodyLimit: env.BODY_LIMIT,
    shutdownTimeoutMs: env.SHUTDOWN_TIMEOUT_MS,
    migrateOnStart: env.MIGRATE_ON_START ?? nodeEnv === 'development',
    db,
    auth,
    redisUrl,
    mail,
    warnings,
  });
}

function parseRedisUrl(value: string | undefined, issues: Record<string, string>): string | undefined {
  if (!value) return undefined;
  try {
    const url = new URL(value);
    if (url.protocol === 'redis:' || url.protocol === 'rediss:') return value;
  } catch {
    // reported below
  }
  issues.REDIS_URL = 'expected a redis:// or rediss:// URL, e.g. redis://127.0.0.1:6379';
  return undefined;
}

/** `Name <address>` or a bare address; enough to catch a typo, the mail server has the last word. */
const MAIL_ADDRESS = /^(?:[^<>]*<[^<>\s@]+@[^<>\s@]+\.[^<>\s@]+>|[^<>\s@]+@[^<>\s@]+\.[^<>\s@]+)$/;
const SMTP_PARTS = ['SMTP_PORT', 'SMTP_USER', 'SMTP_PASSWORD', 'SMTP_SECURE'] as const;

function buildMailConfig(env: CleanEnv, issues: Record<string, string>): MailConfig {
  for (const name of ['MAIL_FROM', 'CONTACT_TO'] as const) {
    const value = env[name];
    if (value !== undefined && !MAIL_ADDRESS.test(value.trim()))
      issues[name] = `"${value}" is not a mail address (name@example.com or Name <name@example.com>)`;
  }
  const base = {
    from: env.MAIL_FROM?.trim(),
    contactTo: env.CONTACT_TO?.trim(),
    contactRateLimitPerMinute: env.RATE_LIMIT_CONTACT_PER_MINUTE,
  };
  if (env.SMTP_URL !== undefined) {
    if (env.SMTP_HOST !== undefined) issues.SMTP_HOST = 'SMTP_URL is set too; set only one';
    return { ...base, smtp: parseSmtpUrl(env.SMTP_URL, issues) };
  }
  if (env.SMTP_HOST === undefined) {
    for (const name of SMTP_PARTS) if (env[name] !== undefined) issues[name] = 'is set but SMTP_HOST is not';
    return { ...base, smtp: undefined };
  }
  const secure = env.SMTP_SECURE ?? env.SMTP_PORT === 465;
  if (env.SMTP_PASSWORD !== undefined && env.SMTP_USER === undefined) issues.SMTP_PASSWORD = 'is set but SMTP_USER is not';
  return {
    ...base,
    smtp: {
      host: env.SMTP_HOST.trim(),
      port: env.SMTP_PORT ?? (secure ? 465 : 587),
      secure,
      user: env.SMTP_USER,
      password: env.SMTP_PASSWORD,
      source: 'SMTP_HOST',
    },
  };
}

function parseSmtpUrl(value: string, issues: Record<string, string>): SmtpConfig | undefined {
  const usage = 'expected smtp://user:password@host:587 or smtps://user:password@host:465 (percent-encode @ : / % # in credentials)';
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    issues.SMTP_URL = `is not a URL; ${usage}`;
    return undefined;
  }
  if (url.protocol !== 'smtp:' && url.protocol !== 'smtps:') {
    issues.SMTP_URL = `unsupported scheme "${url.protocol}"; ${usage}`;
    return undefined;
  }
  if (!url.hostname) {
    issues.SMTP_URL = `has no host; ${usage}`;
    return undefined;
  }
  try {
    const secure = url.protocol === 'smtps:';
    return {
      host: decodeURIComponent(url.hostname).replace(/^\[(.*)\]$/, '$1'),
      port: url.port ? Number(url.port) : secure ? 465 : 587,
      secure,
      user: url.username ? decodeURIComponent(url.username) : undefined,
      password: url.password ? decodeURIComponent(url.password) : undefined,
      source: 'SMTP_URL',
    };
  } catch {
    issues.SMTP_URL = 'has a malformed percent-encoding in its credentials';
    return undefined;
  }
}

function buildAuthConfig(env: CleanEnv, issues: Record<string, string>): AuthConfig {
  const setupToken = env.SETUP_TOKEN?.trim() || undefined;
  if (setupToken && setupToken.length < 16) issues.SETUP_TOKEN = `is ${setupToken.length} characters; use at least 16 (or leave it unset)`;
  if (env.ACCESS_TOKEN_TTL < 1) issues.ACCESS_TOKEN_TTL = 'must be at least 1 second';
  if (env.REFRESH_TOKEN_TTL_DAYS < 1) issues.REFRESH_TOKEN_TTL_DAYS = 'must be at least 1 day';
  if (env.LOCKOUT_MAX_ATTEMPTS > 0 && env.LOCKOUT_MINUTES < 1)
    issues.LOCKOUT_MINUTES = 'must be at least 1 while LOCKOUT_MAX_ATTEMPTS is on';
  return {
    setupToken,
    accessTokenTtlS: env.ACCESS_TOKEN_TTL,
    refreshTokenTtlS: env.REFRESH_TOKEN_TTL_DAYS * 86_400,
    rateLimitPerMinute: env.RATE_LIMIT_AUTH_PER_MINUTE,
    lockoutMaxAttempts: env.LOCKOUT_MAX_ATTEMPTS,
    lockoutMs: env.LOCKOUT_MINUTES * 60_000,
  };
}

/** `NAME_FILE` replaces `NAME` with the file's content (one trailing newline stripped). */
function resolveFileVariables(source: EnvSource, issues: Record<string, string>): Record<string, string | undefined> {
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
function detectTarget(setting: string, source: EnvSource, raw: EnvSource, inPassenger: boolean): Target {
  if (setting !== 'auto') return setting as Target;
  if (inPassenger || raw.PASSENGER_BASE_URI !== undefined || source.IN_PASSENGER === '1' || source.PASSENGER_APP_ENV) return 'cpanel';
  if (source.AWS_LAMBDA_FUNCTION_NAME || source.AWS_EXECUTION_ENV?.startsWith('AWS_Lambda')) return 'lambda';
  return 'node';
}

function parseTrustProxy(value: string | undefined, target: Target, issues: Record<string, string>): string[] {
  // Passenger always sits in front on the loopback or a unix socket; on Lambda the AWS front end
  // (API Gateway, Function URL, ALB) is reported as 127.0.0.1 by adapters/lambda.js.
  const fallback = target === 'cpanel' || target === 'lambda' ? ['loopback'] : [];
  if (value === undefined) return fallback;
  const v = value.trim().toLowerCase();
  if (['false', '0', 'no', 'off', ''].includes(v)) return [];
  if (['true', '1', 'yes', 'on', '*'].includes(v)) return ['0.0.0.0/0', '::/0'];
  const entries = value
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  const named = new Set(['loopback', 'linklocal', 'uniquelocal']);
  const bad = entries.filter((e) => !named.has(e) && !/^[0-9a-f.:]+(\/\d{1,3})?$/i.test(e));
  if (bad.length) issues.TRUST_PROXY = `not an address, CIDR or loopback/linklocal/uniquelocal: ${bad.join(', ')}`;
  return entries;
}

function parseCorsOrigins(value: string, issues: Record<string, string>): string[] {
  const entries = value
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  const bad = entries.filter((e) => e !== '*' && !/^https?:\/\/[^/\s]+$/.test(e));
  if (bad.length) issues.CORS_ORIGINS = `each origin must look like https://example.com (no path): ${bad.join(', ')}`;
  return entries;
}

type CleanEnv = ReturnType<typeof cleanEnv<typeof specs>>;

function buildDbConfig(
  env: CleanEnv,
  raw: EnvSource,
  target: Target,
  appRoot: string,
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
  if (pool.max < 1) issues.DB_POOL_MAX = 'must be at least 1';
  if (pool.min > pool.max) issues.DB_POOL_MIN = `(${pool.min}) is larger than DB_POOL_MAX (${pool.max})`;

  const base = {
    sqliteDriver: env.DB_SQLITE_DRIVER as SqliteDriverChoice,
    pool,
    connectTimeoutMs: env.DB_CONNECT_TIMEOUT_MS ?? defaults.connectTimeoutMs,
    ssl: parseSsl(env.DB_SSL, env.DB_SSL_CA, appRoot, issues),
  };
  const sqlitePath = (p: string) => (p === ':memory:' ? p : isAbsolute(p) ? p : resolve(appRoot, p));

  if (env.DATABASE_URL) {
    let url: URL;
    try {
      url = new URL(env.DATABASE_URL);
    } catch {
      issues.DATABASE_URL = 'is not a URL (sqlite:path, mysql://, mariadb://, postgres://); percent-encode @ : / % # in credentials';
      return undefined;
    }
    const type = URL_SCHEMES[url.protocol];
    if (!type) {
      issues.DATABASE_URL = `unsupported scheme "${url.protocol}"; use sqlite:, mysql:, mariadb:, postgres: or postgresql:`;
      return undefined;
    }
    if (type === 'sqlite') {
      // sqlite::memory:, sqlite:relative/file.db, sqlite:///absolute/file.db
      let rest: string;
      try {
        rest = decodeURIComponent(env.DATABASE_URL.slice('sqlite:'.length)).replace(/^\/\/(?=\/)/, '');
      } catch {
        issues.DATABASE_URL = 'has a malformed percent-encoding in its file path';
        return undefined;
      }
      if (!rest) issues.DATABASE_URL = 'sqlite: URL has no file path (use sqlite:data/app.db or sqlite::memory:)';
      return { ...base, type, path: sqlitePath(rest), host: '', port: 0, user: '', password: '', name: '', source: 'DATABASE_URL' };
    }
    let decoded: { user: string; password: string; name: string };
    try {
      decoded = {
        user: decodeURIComponent(url.username),
        password: decodeURIComponent(url.password),
        name: decodeURIComponent(url.pathname.replace(/^\//, '')),
      };
    } catch {
      issues.DATABASE_URL = 'has a malformed percent-encoding in its credentials or database name';
      return undefined;
    }
    if (!url.hostname) issues.DATABASE_URL = 'has no host';
    if (!decoded.name) issues.DATABASE_URL = 'has no database name (…/dbname)';
    const ssl = url.searchParams.get('ssl') ?? url.searchParams.get('sslmode');
    return {
      ...base,
      ssl:
        ssl && !['false', 'disable'].includes(ssl) ? { rejectUnauthorized: !['no-verify', 'require', 'prefer'].includes(ssl) } : base.ssl,
      type,
      path: '',
      host: decodeURIComponent(url.hostname).replace(/^\[(.*)\]$/, '$1'),
      port: url.port ? Number(url.port) : DEFAULT_PORTS[type],
      ...decoded,
      source: 'DATABASE_URL',
    };
  }

  if (raw.DB_TYPE !== undefined && raw.DB_TYPE !== '') {
    const t = raw.DB_TYPE.trim().toLowerCase();
    const type = (t === 'postgres' ? 'postgresql' : t) as DbType;
    if (!DB_TYPES.includes(type)) {
      issues.DB_TYPE = `unknown database type "${raw.DB_TYPE}"; use sqlite, mysql, mariadb or postgresql`;
      return undefined;
    }
    if (type === 'sqlite') {
      return { ...base, type, path: sqlitePath(env.DB_PATH), host: '', port: 0, user: '', password: '', name: '', source: 'DB_TYPE' };
    }
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
  return { ...base, type: 'sqlite', path: sqlitePath(env.DB_PATH), host: '', port: 0, user: '', password: '', name: '', source: 'default' };
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

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object') {
    for (const v of Object.values(value)) deepFreeze(v);
    Object.freeze(value);
  }
  return value;
}
