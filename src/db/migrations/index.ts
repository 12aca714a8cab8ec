/**
 * Checked-in migrations, one folder per dialect, listed explicitly so bundles need no discovery.
 * `npm run db:migration:create` writes a new file and regenerates the dialect's list.
 */
import type { MigrationObject } from '@mikro-orm/core';
import type { DbType } from '../../config.ts';
import { mariadb } from './mariadb/index.ts';
import { mysql } from './mysql/index.ts';
import { postgresql } from './postgresql/index.ts';
import { sqlite } from './sqlite/index.ts';

const BY_TYPE: Record<DbType, MigrationObject[]> = { sqlite, mysql, mariadb, postgresql };

export function migrationsFor(type: DbType): MigrationObject[] {
  return BY_TYPE[type];
}
