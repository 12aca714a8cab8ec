import { Hono } from 'hono';

import pkg from '../../../package.json' with { type: 'json' };
import type { Orm } from '../../db/orm.ts';
import type { AppEnv } from '../../http/types.ts';

export const APP_NAME = pkg.name;
export const APP_VERSION = pkg.version;

export function systemRoutes(orm: Orm) {
  return new Hono<AppEnv>().get('/version', (c) =>
    c.json({
      name: APP_NAME,
      version: APP_VERSION,
      node: process.versions.node,
      database: { type: orm.type, driver: orm.driver },
    }),
  );
}
