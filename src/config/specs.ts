/**
 * Every variable `loadConfig` reads, as envalid specs: its type, its default and how a value is
 * checked and parsed. What depends on several variables is checked after, by each concern.
 */
import type { cleanEnv } from 'envalid';
import { bool, port, str } from 'envalid';

import { redisUrl, setupToken } from './auth.ts';
import { LOG_LEVELS, NODE_ENVS, SQLITE_DRIVERS, TARGETS } from './choices.ts';
import { databaseUrl, databaseUrlList } from './database.ts';
import { basePath, corsOrigins, publicUrl, trustProxy } from './http.ts';
import { mailAddress, smtpUrl } from './mail.ts';
import { metricsToken, otlpEndpoint } from './observability.ts';
import { webConcurrency } from './processes.ts';
import { byteSize, wholeNumber } from './validators.ts';

const count = wholeNumber();

export const specs = {
  NODE_ENV: str({ choices: NODE_ENVS, default: 'development', desc: 'development | test | production' }),
  DEPLOYMENT_TARGET: str({ choices: TARGETS, default: 'auto', desc: 'Pool and runtime presets; auto detects Passenger and Lambda' }),
  HOST: str({ default: '127.0.0.1', desc: 'Interface the Node server listens on' }),
  PORT: port({ default: 3000, desc: 'Port the Node server listens on' }),
  BASE_PATH: basePath({ default: undefined, desc: 'URL prefix the API is served under (alias APPLICATION_ROOT)' }),
  APPLICATION_ROOT: basePath({ default: undefined, desc: "The seed's name for BASE_PATH" }),
  PASSENGER_BASE_URI: basePath({ default: undefined, desc: 'Set by Passenger for a sub-URI app' }),
  PUBLIC_URL: publicUrl({ default: undefined, desc: 'Public origin of the API, e.g. https://example.com' }),
  TRUST_PROXY: trustProxy({ default: undefined, desc: 'false, true, or a comma list of proxy addresses/CIDRs/loopback' }),
  FORCE_HTTPS: bool({ default: false, desc: 'Redirect plain HTTP to HTTPS (scheme read from a trusted proxy)' }),
  HSTS_MAX_AGE: count({ default: 31_536_000, desc: 'Strict-Transport-Security max-age in seconds; 0 disables' }),
  HSTS_INCLUDE_SUBDOMAINS: bool({ default: true }),
  HSTS_PRELOAD: bool({ default: false }),
  SECRET_KEY: str({ default: undefined, desc: 'Signing/encryption secret, 32+ characters; required in production' }),
  LOG_LEVEL: str({ choices: LOG_LEVELS, default: 'info' }),
  CORS_ORIGINS: corsOrigins({ default: [], desc: 'Comma list of allowed origins, or *' }),
  BODY_LIMIT: byteSize({ default: 10 * 1024 * 1024, desc: 'Largest accepted request body (10mb)' }),
  SHUTDOWN_TIMEOUT_MS: count({ default: 10_000 }),
  MIGRATE_ON_START: bool({ default: undefined, desc: 'Run pending migrations at start-up (default on in development)' }),
  WEB_CONCURRENCY: webConcurrency({
    default: 1,
    desc: 'Processes serving the port (node and container targets): a number, or auto for every core',
  }),
  OVERLOAD_EVENT_LOOP_DELAY_MS: count({ default: 500, desc: 'Event-loop lag (ms) past which requests get 503 + Retry-After; 0 = off' }),
  OVERLOAD_DB_WAITING: count({
    default: undefined,
    desc: 'Requests waiting for a database connection past which requests get 503 (default 4 x DB_POOL_MAX); 0 = off',
  }),
  OVERLOAD_DB_WAIT_MS: count({
    default: 250,
    desc: 'With OVERLOAD_DB_WAITING: refuse only while the longest of those waits is past this many ms; 0 = on the count alone',
  }),
  DATABASE_URL: databaseUrl({ default: undefined, desc: 'sqlite:, mysql:, mariadb:, postgres: URL; overrides DB_*' }),
  DB_READ_REPLICA_URLS: databaseUrlList({
    default: undefined,
    desc: 'Comma list of read replica URLs, the same type as the database; public reads, stats and audit go there',
  }),
  // Checked by the database concern: it is not read at all when DATABASE_URL is set.
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
  DB_POOL_MIN: count({ default: undefined }),
  DB_POOL_MAX: wholeNumber({ min: 1 })({ default: undefined }),
  DB_POOL_IDLE_TIMEOUT_MS: count({ default: undefined }),
  DB_POOL_ACQUIRE_TIMEOUT_MS: count({ default: undefined }),
  DB_POOL_MAX_LIFETIME_S: count({ default: undefined }),
  DB_POOL_PRE_PING: bool({ default: undefined }),
  DB_CONNECT_TIMEOUT_MS: count({ default: undefined }),
  SETUP_TOKEN: setupToken({
    default: undefined,
    desc: 'One-time token for the install page and /api/v1/setup (16+ characters); unset disables them',
  }),
  ACCESS_TOKEN_TTL: wholeNumber({ min: 1, tooSmall: 'must be at least 1 second' })({
    default: 900,
    desc: 'Access token lifetime in seconds',
  }),
  REFRESH_TOKEN_TTL_DAYS: wholeNumber({ min: 1, tooSmall: 'must be at least 1 day' })({
    default: 30,
    desc: 'Refresh token lifetime in days',
  }),
  RATE_LIMIT_AUTH_PER_MINUTE: count({
    default: 20,
    desc: 'Requests per minute per client address on auth endpoints (and logins per account); 0 = off',
  }),
  LOCKOUT_MAX_ATTEMPTS: count({ default: 5, desc: 'Failed logins that lock an account; 0 = never' }),
  LOCKOUT_MINUTES: count({ default: 15, desc: 'How long a locked account stays locked' }),
  REDIS_URL: redisUrl({ default: undefined, desc: 'redis:// or rediss:// URL; rate limits shared by every instance' }),
  SMTP_URL: smtpUrl({
    default: undefined,
    desc: 'smtp:// or smtps:// URL of the mail server, credentials percent-encoded; or SMTP_HOST...',
  }),
  SMTP_HOST: str({ default: undefined, desc: 'Mail server host (instead of SMTP_URL)' }),
  SMTP_PORT: port({ default: undefined, desc: '465 with SMTP_SECURE, 587 otherwise' }),
  SMTP_USER: str({ default: undefined, desc: 'Mail server user name' }),
  SMTP_PASSWORD: str({ default: undefined, desc: 'Mail server password' }),
  SMTP_SECURE: bool({ default: undefined, desc: 'TLS from the first byte (port 465); otherwise STARTTLS when offered' }),
  MAIL_FROM: mailAddress({ default: undefined, desc: 'Sender, e.g. "Filamenta <noreply@example.com>"; default from the settings' }),
  CONTACT_TO: mailAddress({ default: undefined, desc: 'Where contact messages are mailed; default the sender address' }),
  RATE_LIMIT_CONTACT_PER_MINUTE: count({ default: 5, desc: 'Contact form posts per minute per client address; 0 is off' }),
  METRICS_ENABLED: bool({ default: false, desc: 'Serve Prometheus metrics at <base>/metrics' }),
  METRICS_TOKEN: metricsToken({ default: undefined, desc: 'Bearer token /metrics requires (16+ characters); required in production' }),
  OTEL_EXPORTER_OTLP_ENDPOINT: otlpEndpoint({ default: undefined, desc: 'OTLP/HTTP collector URL; set: traces of requests and queries' }),
  OTEL_SERVICE_NAME: str({ default: 'filamenta', desc: 'service.name of the traces' }),
};

export type ConfigVariable = keyof typeof specs;
/** Every variable `loadConfig` reads, for `config:check` and the README. */
export const CONFIG_VARIABLES = Object.keys(specs) as ConfigVariable[];
export const SECRET_VARIABLES: readonly ConfigVariable[] = [
  'SECRET_KEY',
  'DB_PASSWORD',
  'DATABASE_URL',
  'DB_READ_REPLICA_URLS',
  'SETUP_TOKEN',
  'REDIS_URL',
  'SMTP_URL',
  'SMTP_PASSWORD',
  'METRICS_TOKEN',
];

/** The variables as given (`NAME_FILE` already read, empty values unset), before envalid. */
export type RawEnv = Readonly<Record<string, string | undefined>>;
/** The variables once envalid checked and parsed them. */
export type CleanEnv = ReturnType<typeof cleanEnv<typeof specs>>;
