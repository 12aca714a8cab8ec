import { createApp, type App, type AppDeps } from '../../src/app.ts';
import { loadConfig, type Config, type EnvSource } from '../../src/config.ts';
import { createOrm, type Orm } from '../../src/db/orm.ts';
import { seedDefaults } from '../../src/db/seed.ts';
import { createLogger, type Logger } from '../../src/logger.ts';
import { migrate } from '../../src/runtime.ts';
import { createServices, type ServiceOverrides, type Services } from '../../src/services.ts';
import { testEnv } from './databases.ts';

export interface TestApp {
  app: App;
  orm: Orm;
  config: Config;
  services: Services;
  logger: Logger;
  close(): Promise<void>;
}

/** An app on its own ORM, migrated (and seeded unless told not to). */
export async function buildTestApp(
  env: EnvSource,
  options: {
    migrate?: boolean;
    seed?: boolean;
    remoteAddress?: AppDeps['remoteAddress'];
    logger?: Logger;
    services?: ServiceOverrides;
  } = {},
): Promise<TestApp> {
  const config = loadConfig(testEnv(env));
  const logger = options.logger ?? createLogger({ logLevel: 'silent' });
  const orm = await createOrm(config, { logger });
  if (options.migrate !== false) {
    await migrate(orm, logger);
    if (options.seed !== false) await seedDefaults(orm.fork());
  }
  const services = createServices(config, orm, options.services);
  const app = createApp({ orm, services, logger, remoteAddress: options.remoteAddress });
  return { app, orm, config, services, logger, close: () => orm.close() };
}

/**
 * Another app on `t`'s ORM with the configuration `config`, behind the socket peer `peer`: what the
 * HTTP-level suites use to try a variable without a database of its own.
 */
export function appOn(t: Pick<TestApp, 'orm' | 'logger'>, config: Config, peer?: string, logger: Logger = t.logger): App {
  return createApp({ orm: t.orm, services: createServices(config, t.orm), logger, remoteAddress: () => peer });
}
