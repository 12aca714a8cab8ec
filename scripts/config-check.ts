/**
 * npm run config:check
 * Prints the configuration the adapters would run with (`.env` under the real environment), where
 * each value came from, the pool in effect and the warnings. Secrets are masked; the database is
 * never contacted. Exits 78 (EX_CONFIG) with the list of problems when the configuration is invalid.
 */
import { type Config, CONFIG_VARIABLES, ConfigError, type ConfigVariable, describeDatabase } from '../src/config.ts';
import { configFromEnvironment, describeDatabaseChoice, EXIT_CODES, readEnvSource, variableOrigin } from '../src/runtime.ts';

const environment = process.env;

const onOff = (value: boolean) => (value ? 'on' : 'off');
const orNone = (value: string | undefined) => value || '(none)';
const forNetworkDb = (c: Config, value: string | number) => (c.db.type === 'sqlite' ? '(unused: SQLite)' : String(value));

/** Every variable shown as it is in effect; a Record so a new variable cannot be forgotten here. */
const EFFECTIVE: Record<ConfigVariable, (c: Config) => string | number | boolean> = {
  NODE_ENV: (c) => c.env,
  DEPLOYMENT_TARGET: (c) => c.target,
  HOST: (c) => c.host,
  PORT: (c) => c.port,
  BASE_PATH: (c) => orNone(c.basePath),
  APPLICATION_ROOT: (c) => orNone(c.basePath),
  PASSENGER_BASE_URI: (c) => orNone(c.basePath),
  PUBLIC_URL: (c) => orNone(c.publicUrl),
  TRUST_PROXY: (c) => (c.trustProxy.length ? c.trustProxy.join(', ') : 'nobody'),
  FORCE_HTTPS: (c) => c.forceHttps,
  HSTS_MAX_AGE: (c) => c.hsts.maxAge,
  HSTS_INCLUDE_SUBDOMAINS: (c) => c.hsts.includeSubDomains,
  HSTS_PRELOAD: (c) => c.hsts.preload,
  SECRET_KEY: (c) => (c.secretKeyGenerated ? 'generated for this process' : `set (${c.secretKey.length} chars)`),
  LOG_LEVEL: (c) => c.logLevel,
  CORS_ORIGINS: (c) => orNone(c.corsOrigins.join(', ')),
  BODY_LIMIT: (c) => `${c.bodyLimit} bytes`,
  SHUTDOWN_TIMEOUT_MS: (c) => c.shutdownTimeoutMs,
  MIGRATE_ON_START: (c) => c.migrateOnStart,
  WEB_CONCURRENCY: (c) => (c.webConcurrency === 1 ? '1 (this process alone)' : `${c.webConcurrency} worker processes`),
  OVERLOAD_EVENT_LOOP_DELAY_MS: (c) => c.overload.eventLoopDelayMs || 'off',
  OVERLOAD_DB_WAITING: (c) => (c.db.type === 'sqlite' ? '(unused: SQLite)' : c.overload.dbWaiting || 'off'),
  OVERLOAD_DB_WAIT_MS: (c) => (c.db.type === 'sqlite' ? '(unused: SQLite)' : c.overload.dbWaiting ? c.overload.dbWaitMs : 'off'),
  DATABASE_URL: (c) => (c.db.source === 'DATABASE_URL' ? describeDatabase(c.db) : '(not set)'),
  DB_READ_REPLICA_URLS: (c) =>
    c.db.replicas.map((replica) => describeDatabase(c.db, replica)).join(', ') || '(none: every read on the database)',
  DB_TYPE: (c) => c.db.type,
  DB_HOST: (c) => forNetworkDb(c, c.db.host),
  DB_PORT: (c) => forNetworkDb(c, c.db.port),
  DB_USER: (c) => forNetworkDb(c, c.db.user),
  DB_PASSWORD: (c) => forNetworkDb(c, c.db.password ? '***' : '(empty)'),
  DB_NAME: (c) => forNetworkDb(c, c.db.name),
  DB_SSL: (c) => (c.db.ssl ? (c.db.ssl.rejectUnauthorized ? 'true' : 'no-verify') : 'false'),
  DB_SSL_CA: (c) => (c.db.ssl && c.db.ssl.ca ? `loaded (${c.db.ssl.ca.length} chars)` : '(none)'),
  DB_PATH: (c) => (c.db.type === 'sqlite' ? c.db.path : '(unused)'),
  DB_SQLITE_DRIVER: (c) => (c.db.type === 'sqlite' ? c.db.sqliteDriver : '(unused)'),
  DB_POOL_MIN: (c) => c.db.pool.min,
  DB_POOL_MAX: (c) => c.db.pool.max,
  DB_POOL_IDLE_TIMEOUT_MS: (c) => c.db.pool.idleTimeoutMs,
  DB_POOL_ACQUIRE_TIMEOUT_MS: (c) => c.db.pool.acquireTimeoutMs,
  DB_POOL_MAX_LIFETIME_S: (c) => c.db.pool.maxLifetimeS,
  DB_POOL_PRE_PING: (c) => c.db.pool.prePing,
  DB_CONNECT_TIMEOUT_MS: (c) => c.db.connectTimeoutMs,
  SETUP_TOKEN: (c) => (c.auth.setupToken ? '*** (POST /api/v1/setup open until an admin exists)' : '(none: setup disabled)'),
  ACCESS_TOKEN_TTL: (c) => `${c.auth.accessTokenTtlS} s`,
  REFRESH_TOKEN_TTL_DAYS: (c) => `${c.auth.refreshTokenTtlS / 86_400} days`,
  RATE_LIMIT_AUTH_PER_MINUTE: (c) => c.auth.rateLimitPerMinute || 'off',
  LOCKOUT_MAX_ATTEMPTS: (c) => c.auth.lockoutMaxAttempts || 'off',
  LOCKOUT_MINUTES: (c) => c.auth.lockoutMs / 60_000,
  REDIS_URL: (c) => (c.redisUrl ? maskedUrl(c.redisUrl) : '(none: rate limits per process)'),
  SMTP_URL: (c) => (c.mail.smtp?.source === 'SMTP_URL' ? describeSmtp(c) : '(not set)'),
  SMTP_HOST: (c) => c.mail.smtp?.host ?? '(none: the SMTP settings, else the log outside production)',
  SMTP_PORT: (c) => c.mail.smtp?.port ?? '(unused)',
  SMTP_USER: (c) => orNone(c.mail.smtp?.user),
  SMTP_PASSWORD: (c) => (c.mail.smtp?.password ? '***' : '(none)'),
  SMTP_SECURE: (c) => (c.mail.smtp ? c.mail.smtp.secure : '(unused)'),
  MAIL_FROM: (c) => c.mail.from ?? '(the smtp_from_name and smtp_from_email settings)',
  CONTACT_TO: (c) => c.mail.contactTo ?? '(the sender address)',
  RATE_LIMIT_CONTACT_PER_MINUTE: (c) => c.mail.contactRateLimitPerMinute || 'off',
  METRICS_ENABLED: (c) => c.metrics.enabled,
  METRICS_TOKEN: (c) => (c.metrics.token ? '***' : c.metrics.enabled ? '(none: /metrics is open)' : '(none)'),
  OTEL_EXPORTER_OTLP_ENDPOINT: (c) => c.tracing?.endpoint ?? '(none: no traces)',
  OTEL_SERVICE_NAME: (c) => c.tracing?.serviceName ?? '(no traces)',
};

function describeSmtp(c: Config): string {
  const smtp = c.mail.smtp;
  if (!smtp) return '(none)';
  const auth = smtp.user ? `${encodeURIComponent(smtp.user)}${smtp.password ? ':***' : ''}@` : '';
  return `${smtp.secure ? 'smtps' : 'smtp'}://${auth}${smtp.host}:${smtp.port}`;
}

function maskedUrl(value: string): string {
  const url = new URL(value);
  if (url.password) url.password = '***';
  return url.toString();
}

const PARTS_OF_URL = new Set<ConfigVariable>(['DB_TYPE', 'DB_HOST', 'DB_PORT', 'DB_USER', 'DB_PASSWORD', 'DB_NAME']);

/** Where a variable's value came from, in the order `configFromEnvironment` applies them. */
function origin(name: ConfigVariable, config: Config, merged: Readonly<Record<string, string | undefined>>): string {
  if (config.db.source === 'DATABASE_URL' && PARTS_OF_URL.has(name)) return 'DATABASE_URL';
  return variableOrigin(name, environment, merged) ?? (name === 'DEPLOYMENT_TARGET' ? 'auto-detected' : 'default');
}

function table(rows: string[][]): string {
  const widths = rows[0].map((_, i) => Math.max(...rows.map((row) => row[i].length)));
  return rows
    .map((row) =>
      row
        .map((cell, i) => cell.padEnd(widths[i]))
        .join('  ')
        .trimEnd(),
    )
    .join('\n');
}

let config: Readonly<Config>;
try {
  config = configFromEnvironment(environment);
} catch (error) {
  if (!(error instanceof ConfigError)) throw error;
  process.stderr.write(`${error.message}\n`);
  process.exit(EXIT_CODES.config);
}

const merged = readEnvSource(environment);
const { pool } = config.db;
const rows = CONFIG_VARIABLES.map((name) => [name, String(EFFECTIVE[name](config)), origin(name, config, merged)]);

console.log(
  [
    `Filamenta configuration (${config.env}) in ${config.appRoot}`,
    `${describeDatabaseChoice(config, environment)}; not contacted`,
    '',
    table([['VARIABLE', 'EFFECTIVE VALUE', 'FROM'], ...rows]),
    '',
    `Target:   ${config.target} (${origin('DEPLOYMENT_TARGET', config, merged)})`,
    `Pool:     min ${pool.min}, max ${pool.max}, idle ${pool.idleTimeoutMs} ms, acquire ${pool.acquireTimeoutMs} ms, ` +
      `max lifetime ${pool.maxLifetimeS} s, pre-ping ${onOff(pool.prePing)}, connect timeout ${config.db.connectTimeoutMs} ms`,
    config.warnings.length ? `Warnings:\n${config.warnings.map((w) => `  - ${w}`).join('\n')}` : 'Warnings: none',
  ].join('\n'),
);
