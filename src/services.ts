/**
 * `createServices(config, orm)`: the composition root. Every service the app uses is built here,
 * once, from the configuration and the ORM, and handed to `createApp`; routes and middleware take
 * what they need from it instead of building their own. Tests replace the clock, the password
 * hasher, the rate-limit store or the mailer through `overrides`.
 */
import type { Config } from './config.ts';
import type { Orm } from './db/orm.ts';
import { databaseRateLimitStore } from './http/database-rate-limit.ts';
import { createRateLimits, type RateLimits, type RateLimitStore } from './http/rate-limit.ts';
import { redisRateLimitStore } from './http/redis-rate-limit.ts';
import { createLogger, type Logger } from './logger.ts';
import { createPasswordHasher, type PasswordHasher } from './modules/auth/password.ts';
import { type AccessTokens, accessTokens } from './modules/auth/tokens.ts';
import { type TwoFactorKit, twoFactorKit } from './modules/auth/two-factor.ts';
import { type ContentRepository, createContentRepository } from './modules/content/content.repository.ts';
import { createMailer, type Mailer } from './modules/mail/mailer.ts';
import { type SettingsCipher, settingsCipher } from './modules/settings/settings.crypto.ts';
import { createSettingsReader, type SettingsReader } from './modules/settings/settings.repository.ts';
import { createUserRepository, type UserRepository } from './modules/users/users.repository.ts';
import type { createMetrics, Metrics, MetricsTextSource } from './observability/metrics.ts';
import type { Tracing } from './observability/tracing.ts';

/** The time as the app sees it; a test moves it to expire tokens and lockouts without waiting. */
type Clock = () => Date;

export interface Services {
  config: Config;
  clock: Clock;
  hasher: PasswordHasher;
  tokens: AccessTokens;
  twoFactor: TwoFactorKit;
  /** Counts requests for the rate limits, shared by every process and instance: in Redis (REDIS_URL), else in the database. */
  rateLimits: RateLimits;
  /** The one reader of the settings. */
  settings: SettingsReader;
  /** Seals secret settings at rest with a key derived from SECRET_KEY, and opens them. */
  cipher: SettingsCipher;
  /** Sends mail, and runs the sends that follow an answer; a shutdown drains it. */
  mailer: Mailer;
  /** The account reads, among them the guard's: the account of an access token. */
  users: UserRepository;
  /** The content reads, on the driver itself, on the primary: a signed-in caller reads their own writes. */
  content: ContentRepository;
  /** The same reads on a read replica (the primary without one): for anonymous callers. */
  publicContent: ContentRepository;
  /** The settings reader on a read replica (the primary without one): the public subset only. */
  publicSettings: SettingsReader;
  /**
   * Runs EntityManager reads that may lag behind the writes (stats, the audit log) with the
   * `connectionType` that puts them on a read replica; see `Orm.onReplica`.
   */
  onReplica: Orm['onReplica'];
  /** Prometheus metrics (METRICS_ENABLED); undefined when off: nothing registered, nothing recorded. */
  metrics: Metrics | undefined;
  /** OpenTelemetry traces (OTEL_EXPORTER_OTLP_ENDPOINT), loaded by the runtime (`startTracing`); undefined when off. */
  tracing: Tracing | undefined;
}

/**
 * What a test may replace, anything not given getting its production default; and what the runtime
 * loads only when configured (`loadTelemetry`): the metrics module (prom-client) and the tracer (the
 * OpenTelemetry SDK), and in a cluster worker where the metrics text comes from (every worker's,
 * summed by the primary).
 */
export type ServiceOverrides = Partial<Pick<Services, 'clock' | 'hasher' | 'mailer' | 'tracing'>> & {
  /** Where the rate limits count, instead of Redis or the database. */
  rateLimitStore?: RateLimitStore;
  /** Where the services log (a store that fails, one that answers again); the configured logger by default. */
  logger?: Logger;
  createMetrics?: typeof createMetrics;
  metricsText?: MetricsTextSource;
};

/** Every service of the app, each built once; `overrides` replaces some (tests). */
export function createServices(config: Config, orm: Orm, overrides: ServiceOverrides = {}): Services {
  const settings = createSettingsReader(orm);
  const cipher = settingsCipher(config.secretKey);
  const log = overrides.logger ?? createLogger(config);
  const tracing = overrides.tracing;
  if (tracing) orm.observeQueries(tracing.query);
  if (config.metrics.enabled && !overrides.createMetrics)
    throw new Error('METRICS_ENABLED is on but the metrics module was not loaded (loadTelemetry)');
  return {
    config,
    clock: overrides.clock ?? (() => new Date()),
    hasher: overrides.hasher ?? createPasswordHasher(),
    tokens: accessTokens(config.secretKey, config.auth.accessTokenTtlS),
    twoFactor: twoFactorKit(config.secretKey),
    rateLimits: createRateLimits(
      overrides.rateLimitStore ?? (config.redisUrl ? redisRateLimitStore(config.redisUrl) : databaseRateLimitStore(orm, config.db)),
      log.child({ component: 'rate-limit' }),
    ),
    settings,
    cipher,
    mailer: overrides.mailer ?? createMailer(config, { settings, cipher }),
    users: createUserRepository(orm),
    ...readers(orm, settings),
    metrics: config.metrics.enabled ? overrides.createMetrics?.(orm, overrides.metricsText) : undefined,
    tracing,
  };
}

/** The primary's content reader, and the public readers: the same objects without replicas. */
function readers(orm: Orm, settings: SettingsReader): Pick<Services, 'content' | 'publicContent' | 'publicSettings' | 'onReplica'> {
  const content = createContentRepository(orm);
  const onReplica: Orm['onReplica'] = (task) => orm.onReplica(task);
  if (orm.readReplica === orm.read) return { content, publicContent: content, publicSettings: settings, onReplica };
  return {
    content,
    publicContent: createContentRepository(orm, orm.readReplica),
    publicSettings: createSettingsReader(orm, orm.readReplica),
    onReplica,
  };
}
