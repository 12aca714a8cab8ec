/**
 * Checked-in migrations, one history per database family, listed explicitly so bundles need no
 * discovery. MariaDB and MySQL share the `mysql` history (the same SQL runs on both), so a database
 * migrated under either DB_TYPE is up to date under the other. The names are static (readiness
 * compares them with the migrations table); the classes, and MikroORM's migrations package with
 * them, load only when migrations run. `npm run db:migration:create -- <name>` writes a migration
 * for every family and regenerates each family's list (scripts/README.md).
 */
import type { MigrationObject } from '@mikro-orm/core';

import type { DbType } from '../../config.ts';
import * as mysql from './mysql/index.ts';
import * as postgresql from './postgresql/index.ts';
import * as sqlite from './sqlite/index.ts';

export type MigrationFamily = 'sqlite' | 'mysql' | 'postgresql';

/** The history each database type runs: MariaDB runs MySQL's. */
export const MIGRATION_FAMILY: Readonly<Record<DbType, MigrationFamily>> = {
  sqlite: 'sqlite',
  mysql: 'mysql',
  mariadb: 'mysql',
  postgresql: 'postgresql',
};

const BY_FAMILY: Record<MigrationFamily, { names: readonly string[]; load(): Promise<MigrationObject[]> }> = { sqlite, mysql, postgresql };

export function migrationNames(type: DbType): readonly string[] {
  return BY_FAMILY[MIGRATION_FAMILY[type]].names;
}

export function loadMigrations(type: DbType): Promise<MigrationObject[]> {
  return BY_FAMILY[MIGRATION_FAMILY[type]].load();
}
