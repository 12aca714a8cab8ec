import { createApp, type App, type AppDeps } from '../../src/app.ts';
import { loadConfig, type Config, type EnvSource } from '../../src/config.ts';
import { createOrm, type Orm } from '../../src/db/orm.ts';
import { seedDefaults } from '../../src/db/seed.ts';
import { createLogger, type Logger } from '../../src/logger.ts';
import { migrate } from '../../src/runtime.ts';
import { testEnv } from './databases.ts';

export interface TestApp {
  app: App;
  orm: Orm;
  config: Config;
  logger: Logger;
  close(): Promise<void>;
}

/** An app on its own ORM, migrated (and seeded unless told not to). */
export async function buildTestApp(
  env: EnvSource,
  options: { migrate?: boolean; seed?: boolean; remoteAddress?: AppDeps['remoteAddress']; logger?: Logger } = {},
): Promise<TestApp> {
  const config = loadConfig(testEnv(env));
  const logger = options.logger ?? createLogger({ logLevel: 'silent' });
  const orm = await createOrm(config, { logger });
  if (options.migrate !== false) {
    await migrate(orm, logger);
    if (options.seed !== false) await seedDefaults(orm.fork());
  }
  const app = createApp({ config, orm, logger, remoteAddress: options.remoteAddress });
  return { app, orm, config, logger, close: () => orm.close() };
}
