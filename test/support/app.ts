import { afterAll, beforeAll } from 'vitest';

import { type App, type AppDeps, createApp } from '../../src/app.ts';
import { type Config, type EnvSource, loadConfig } from '../../src/config.ts';
import { createOrm, type Orm } from '../../src/db/orm.ts';
import { seedDefaults } from '../../src/db/seed.ts';
import { createLogger, type Logger } from '../../src/logger.ts';
import { createMetrics } from '../../src/observability/metrics.ts';
import { migrate } from '../../src/runtime.ts';
import { createServices, type ServiceOverrides, type Services } from '../../src/services.ts';
import { provisionDatabase, type ProvisionedDb, type TestDb, testEnv } from './databases.ts';

export interface TestApp {
  app: App;
  orm: Orm;
  config: Config;
  services: Services;
  logger: Logger;
  close(): Promise<void>;
}

export interface BuildOptions {
  migrate?: boolean;
  seed?: boolean;
  remoteAddress?: AppDeps['remoteAddress'];
  logger?: Logger;
  services?: ServiceOverrides;
}

/** An app on its own ORM, migrated (and seeded unless told not to). */
export async function buildTestApp(env: EnvSource, options: BuildOptions = {}): Promise<TestApp> {
  const config = loadConfig(testEnv(env));
  const logger = options.logger ?? createLogger({ logLevel: 'silent' });
  const orm = await createOrm(config, { logger });
  if (options.migrate !== false) {
    await migrate(orm, logger);
    if (options.seed !== false) await seedDefaults(orm.fork());
  }
  const services = createServices(config, orm, { logger, createMetrics, ...options.services });
  const app = createApp({ orm, services, logger, remoteAddress: options.remoteAddress });
  return {
    app,
    orm,
    config,
    services,
    logger,
    close: async () => {
      await services.rateLimits.close();
      await orm.close();
    },
  };
}

/**
 * Another app on `t`'s ORM with the configuration `config`, behind the socket peer `peer`: what the
 * HTTP-level suites use to try a variable without a database of its own.
 */
export function appOn(t: Pick<TestApp, 'orm' | 'logger'>, config: Config, peer?: string, logger: Logger = t.logger): App {
  return createApp({ orm: t.orm, services: createServices(config, t.orm, { createMetrics }), logger, remoteAddress: () => peer });
}

/** A suite's app and its database, with a way to try other variables on the same ORM. */
export interface SuiteApp extends TestApp {
  db: ProvisionedDb;
  /** Another app on the suite's ORM with some variables changed, behind the socket peer `peer`. */
  appWith(env?: EnvSource, peer?: string, logger?: Logger): App;
}

/**
 * The set-up every suite with one app repeats: a database of its own (provisioned before the suite's
 * tests, dropped after), an app on it built by `buildTestApp`, closed after. The returned object is
 * filled in by the suite's `beforeAll`; read it inside the tests.
 */
export function useTestApp(type: TestDb, options: BuildOptions & { env?: EnvSource } = {}): SuiteApp {
  const suite = {} as SuiteApp;
  beforeAll(async () => {
    const db = await provisionDatabase(type);
    const built = await buildTestApp({ ...db.env, ...options.env }, options);
    Object.assign(suite, built, {
      db,
      appWith: (env: EnvSource = {}, peer?: string, logger?: Logger) =>
        appOn(suite, loadConfig(testEnv({ ...db.env, ...env })), peer, logger),
    });
  });
  afterAll(async () => {
    await suite.close?.();
    await suite.db?.drop();
  });
  return suite;
}
