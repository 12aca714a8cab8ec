/**
 * What every adapter and script does before it can serve: read `.env` under the real environment,
 * validate the configuration, build the logger, the ORM, the services and the app. The environment is passed in;
 * the caller decides how to exit (see `describeStartupFailure`).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseEnv } from 'node:util';

import { type App, type AppDeps, createApp } from './app.ts';
import { APP_ROOT, type Config, ConfigError, describeDatabase, type EnvSource, loadConfig } from './config.ts';
import { createOrm, DatabaseUnavailableError, MigrationError, type Orm, waitForDatabase } from './db/orm.ts';
import { seedDefaults } from './db/seed.ts';
import { createLifecycle, type Lifecycle } from './http/draining.ts';
import { createLoadMonitor } from './http/overload.ts';
import { createLogger, type Logger } from './logger.ts';
import { APP_VERSION } from './modules/system/system.routes.ts';
import type { MetricsTextSource } from './observability/metrics.ts';
import { loadTelemetry } from './observability/tracing.ts';
import { createServices, type Services } from './services.ts';

/** Exit codes an orchestrator can tell apart (sysexits.h). */
export const EXIT_CODES = { config: 78, databaseUnavailable: 69, failure: 1 } as const;

/** `.env` in the app root, overridden by every variable the real environment sets. */
export function readEnvSource(env: EnvSource, appRoot = APP_ROOT): EnvSource {
  let text: string;
  try {
    text = readFileSync(join(appRoot, '.env'), 'utf8');
  } catch {
    return env;
  }
  return { ...parseEnv(text), ...env };
}

/**
 * Where a variable's value comes from, in the order `configFromEnvironment` applies them
 * (`env` is the real environment, `merged` the same with `.env` under it); undefined when unset.
 */
export function variableOrigin(name: string, env: EnvSource, merged: EnvSource): string | undefined {
  if (env[`${name}_FILE`]) return `file (${name}_FILE)`;
  if (env[name]) return 'environment';
  if (merged[`${name}_FILE`]) return `file (${name}_FILE in .env)`;
  if (merged[name]) return '.env';
  return undefined;
}

/**
 * One line for a person about to act on the database: which one, and which variables chose it from
 * where. A terminal that lacks the variables the app gets elsewhere (cPanel's application screen)
 * shows here as "the default", before anything is written to the wrong database.
 */
export function describeDatabaseChoice(config: Config, env: EnvSource): string {
  const { db } = config;
  const names =
    db.source === 'DATABASE_URL'
      ? ['DATABASE_URL']
      : db.type === 'sqlite'
        ? ['DB_TYPE', 'DB_PATH']
        : ['DB_TYPE', 'DB_HOST', 'DB_PORT', 'DB_USER', 'DB_PASSWORD', 'DB_NAME'];
  const merged = readEnvSource(env, config.appRoot);
  const dotEnv = join(config.appRoot, '.env');
  const byOrigin = new Map<string, string[]>();
  for (const name of names) {
    const origin = variableOrigin(name, env, merged);
    const where =
      origin === undefined
        ? 'default'
        : origin === 'environment'
          ? 'from the environment'
          : origin === '.env'
            ? `from ${dotEnv}`
            : `from a ${origin}`;
    byOrigin.set(where, [...(byOrigin.get(where) ?? []), name]);
  }
  const sources = [...byOrigin].map(([where, set]) => `${set.join(', ')} ${where}`);
  const nothingSet = byOrigin.size === 1 && byOrigin.has('default');
  return `Database: ${describeDatabase(db)} (${nothingSet ? `the default: ${names.join(', ')} set neither in the environment nor in ${dotEnv}` : sources.join('; ')})`;
}

export function configFromEnvironment(env: EnvSource, options: { appRoot?: string; inPassenger?: boolean } = {}): Readonly<Config> {
  return loadConfig(readEnvSource(env, options.appRoot), options);
}

export interface Runtime {
  config: Config;
  logger: Logger;
  orm: Orm;
  services: Services;
  app: App;
  /** The adapter calls `lifecycle.beginDrain()` when it starts to drain: readiness fails from then on. */
  lifecycle: Lifecycle;
  /** Settles once the work the app runs after its answers (mail, buffered spans) is done: call it before exiting. */
  settle(): Promise<void>;
}

/**
 * Builds logger, ORM, services and app. The ORM is created without waiting (so a server can listen at once);
 * `whenDatabaseReady()` waits for the database and runs the pending migrations when `migrate` (by
 * default MIGRATE_ON_START) says so: a process that serves beside others which migrate passes false.
 */
export async function createRuntime(
  config: Config,
  options: {
    logger?: Logger;
    remoteAddress?: AppDeps['remoteAddress'];
    /** Where /metrics gets its text in a cluster worker (adapters/metrics-cluster.js); this process's own by default. */
    metricsText?: MetricsTextSource;
  } = {},
): Promise<Runtime & { whenDatabaseReady(options?: { migrate?: boolean }): Promise<void> }> {
  const logger = options.logger ?? createLogger(config);
  for (const warning of config.warnings) logger.warn(warning);
  // Loaded only when configured: without them, neither prom-client nor any OpenTelemetry module is read.
  const { tracing, createMetrics } = await loadTelemetry(config, APP_VERSION);
  const orm = await createOrm(config, { logger, connect: false });
  const services = createServices(config, orm, { logger, tracing, createMetrics, metricsText: options.metricsText });
  const lifecycle = createLifecycle();
  const { eventLoopDelayMs, dbWaiting } = config.overload;
  const load = eventLoopDelayMs > 0 || dbWaiting > 0 ? createLoadMonitor({ orm, overload: config.overload, logger }) : undefined;
  const app = createApp({ orm, services, logger, remoteAddress: options.remoteAddress, lifecycle, load });
  return {
    config,
    logger,
    orm,
    services,
    app,
    lifecycle,
    // A shutdown waits for the mail still being sent after its answer, then exports the last spans.
    async settle() {
      await services.mailer.drain();
      await tracing?.shutdown().catch((error: unknown) => logger.warn({ err: error }, 'exporting the last traces failed'));
    },
    whenDatabaseReady: (readiness) => prepareDatabase(orm, config, logger, readiness),
  };
}

/**
 * Waits for the database (backoff up to DB_CONNECT_TIMEOUT_MS) and runs the pending migrations when
 * `migrate` (by default MIGRATE_ON_START) says so. A primary that forks workers runs it once before
 * forking; the workers then pass `migrate: false`.
 */
export async function prepareDatabase(
  orm: Orm,
  config: Config,
  logger: Logger,
  { migrate: migrating = config.migrateOnStart }: { migrate?: boolean } = {},
): Promise<void> {
  const log = logger.child({ component: 'db' });
  const deadline = Date.now() + config.db.connectTimeoutMs;
  for (;;) {
    await waitForDatabase(orm, config.db, log);
    if (!migrating) return;
    try {
      if ((await migrate(orm, logger)).length) await seedDefaults(orm.fork());
      return;
    } catch (error) {
      // A database lost mid-migration is waited for again (each migration runs in a transaction
      // where the database allows it); a migration that fails on a live database is fatal.
      if ((await orm.ping()).ok || Date.now() > deadline) throw error;
      log.warn({ err: error }, 'lost the database while migrating; waiting for it again');
    }
  }
}

/** Runs pending migrations and logs what ran. */
export async function migrate(orm: Orm, logger: Logger): Promise<string[]> {
  const pending = await orm.pendingMigrations();
  if (!pending.length) return [];
  logger.info({ pending }, `running ${pending.length} migration(s)`);
  return orm.migrate();
}

/** One line for stderr and an exit code, without a stack trace for the expected failures. */
export function describeStartupFailure(error: unknown): { code: number; message: string } {
  if (error instanceof ConfigError) return { code: EXIT_CODES.config, message: error.message };
  if (error instanceof DatabaseUnavailableError)
    return { code: EXIT_CODES.databaseUnavailable, message: `Database unavailable: ${error.message}` };
  if (error instanceof MigrationError) return { code: EXIT_CODES.failure, message: error.message };
  const e = error as NodeJS.ErrnoException & { errcode?: number };
  // better-sqlite3 says SQLITE_CANTOPEN; node:sqlite says ERR_SQLITE_ERROR with SQLite's errcode 14.
  const cannotOpen = e?.code === 'SQLITE_CANTOPEN' || (e?.code === 'ERR_SQLITE_ERROR' && e.errcode === 14);
  // ENOTDIR/EEXIST: a regular file stands where DB_PATH's folder should be.
  if (['EACCES', 'EROFS', 'ENOTDIR', 'EEXIST'].includes(e?.code ?? '') || cannotOpen) {
    return { code: EXIT_CODES.config, message: `Cannot write the database file or its folder: ${e.message}` };
  }
  return { code: EXIT_CODES.failure, message: `Start-up failed: ${e?.stack ?? String(error)}` };
}
